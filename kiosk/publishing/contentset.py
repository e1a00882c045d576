"""A content set as files: content.yaml and every picture it names, read only once it passes the check."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.check import check_content
from kiosk.settingsfile.problems import FileProblems, Problem
from kiosk.wire.content_protocol import CONTENT_FILE, MAX_FILES, MAX_SET_BYTES, FileEntry, digest_of


class SetError(FileProblems):
    """The content set cannot be published; carries every problem, file:line:col."""


@dataclass(frozen=True)
class ContentSet:
    files: dict[str, bytes]

    @classmethod
    def read(cls, path: Path) -> ContentSet:
        """The set whose content.yaml is `path`, or SetError with every problem the check found."""
        result = check_content(path, file=str(path), readability=False)
        if result.content is None:
            raise SetError(result.errors)
        names = sorted({name for _location, name in result.content.pictures()})
        files = {CONTENT_FILE: path.read_bytes()} | {
            name: (path.parent / name).read_bytes() for name in names
        }
        too_long = [name for name in files if len(name) > 100]
        if too_long:
            raise SetError(
                [
                    Problem(
                        1,
                        1,
                        f"The picture name '{too_long[0]}' is too long to send: use 100 characters at most.",
                        str(path),
                    )
                ]
            )
        too_many = len(files) > MAX_FILES
        too_big = sum(len(data) for data in files.values()) > MAX_SET_BYTES
        if too_many or too_big:
            what = (
                f"{len(files)} files (at most {MAX_FILES})"
                if too_many
                else f"more than {MAX_SET_BYTES >> 20} MB"
            )
            raise SetError(
                [Problem(1, 1, f"The set is too large to send to the tablets: {what}.", str(path))]
            )
        return cls(files)

    def entries(self) -> dict[str, FileEntry]:
        return {name: FileEntry(sha256=digest_of(data), size=len(data)) for name, data in self.files.items()}


def describe_change(before: ContentSet | None, after: ContentSet) -> str:
    """What changed, in one line for the version list: 'content.yaml: 3 lines changed; assets/x.jpg added'."""
    if before is None:
        return "First version."
    parts = []
    old_text = before.files.get(CONTENT_FILE, b"").decode("utf-8", errors="replace").splitlines()
    new_text = after.files[CONTENT_FILE].decode("utf-8", errors="replace").splitlines()
    changed = sum(
        max(i2 - i1, j2 - j1)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
            None, old_text, new_text, autojunk=False
        ).get_opcodes()
        if tag != "equal"
    )
    if changed:
        parts.append(f"{CONTENT_FILE}: {changed} line{'s' if changed != 1 else ''} changed")
    pictures = (set(before.files) | set(after.files)) - {CONTENT_FILE}
    for name in sorted(pictures):
        if name not in before.files:
            parts.append(f"{name} added")
        elif name not in after.files:
            parts.append(f"{name} removed")
        elif before.files[name] != after.files[name]:
            parts.append(f"{name} replaced")
    return "; ".join(parts) or "No change."
