"""Decide what patients see: the nurse's file when it passes the check, else the last good copy, else the built-in."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from kiosk.content.check import CheckResult, check_content
from kiosk.content.lastgood import LastGoodStore
from kiosk.content.model import Content

log = logging.getLogger(__name__)

Origin = Literal["file", "last_good", "built_in"]


@dataclass(frozen=True)
class ShownContent:
    """The content on screen, the folder its pictures are in, and the latest check of the nurse's file."""

    content: Content
    folder: Path
    origin: Origin
    check: CheckResult


def built_in_content_path() -> Path:
    """Lantern's own copy of its content, inside the package in every install (wheel or editable).

    It is never the file a nurse edits (the content.yaml at the top of a checkout is a starting point
    for the clinic's own), so a broken edit there cannot leave a fresh kiosk with nothing to show.
    """
    return Path(str(resources.files("kiosk.content"))) / "builtin" / "content.yaml"


class ContentSource:
    """Loads content for the kiosk; a broken edit is reported to staff and never replaces what is shown."""

    def __init__(self, path: Path, store: LastGoodStore) -> None:
        self.path = path
        self._store = store
        self._shown: ShownContent | None = None
        self._durable = False
        """The file is a set the station published, already on disk for good: no copy to make."""

    @property
    def shown(self) -> ShownContent | None:
        return self._shown

    def follow(self, path: Path) -> None:
        """Show a set the station published from now on. It was laid out durably when it arrived, so
        no last-good copy is made: nothing here waits for the disk to sync (the GUI thread calls it)."""
        self.path = path
        self._durable = True

    def load(self) -> ShownContent:
        """Check the nurse's file again and return what patients should see now."""
        shown = self._decide()
        log.info("%s", _describe(shown))
        return shown

    def _decide(self) -> ShownContent:
        check = check_content(self.path)
        if check.content is not None:
            snapshot = None if self._durable else self._snapshot(check.content)
            self._shown = ShownContent(
                check.content, snapshot.parent if snapshot else self.path.parent, "file", check
            )
            return self._shown
        for problem in check.errors:
            log.warning("content not applied: %s", problem)
        if self._shown is not None:
            self._shown = ShownContent(self._shown.content, self._shown.folder, self._shown.origin, check)
            return self._shown
        self._shown = self._fallback(check)
        return self._shown

    def _snapshot(self, content: Content) -> Path | None:
        try:
            return self._store.save(self.path, content)
        except OSError as error:
            log.error("could not keep a last-good copy of the content in %s: %s", self._store.folder, error)
            return None

    def _fallback(self, check: CheckResult) -> ShownContent:
        last_good = self._store.latest()
        if last_good is not None:
            kept: Content | None = check_content(last_good, readability=False).content
            if kept is not None:
                return ShownContent(kept, last_good.parent, "last_good", check)
            log.error(
                "the last-good copy at %s no longer passes the check; showing the built-in content", last_good
            )
        built_in = built_in_content_path()
        return ShownContent(_must_load(built_in), built_in.parent, "built_in", check)


def _describe(shown: ShownContent) -> str:
    """One log line naming the file patients are reading, so IT never has to guess."""
    if shown.origin == "file":
        return f"Showing the content of {shown.check.path}"
    problems = len(shown.check.errors)
    why = f"{shown.check.path} does not pass the check ({problems} problem{'s' if problems != 1 else ''})"
    if shown.origin == "last_good":
        return f"Showing the last good copy of the content from {shown.folder}; {why}"
    return f"Showing Lantern's built-in content from {shown.folder}; {why}"


def _must_load(path: Path) -> Content:
    result = check_content(path, readability=False)
    if result.content is None:
        raise RuntimeError(
            f"Lantern's built-in content at {path} does not pass the check: {result.problems[0]}"
        )
    return result.content
