"""Keep a copy of the last content that passed the check, pictures included, so a restart shows it too.

Pictures are copied with the file: a nurse who renames a picture and breaks content.yaml must not
leave the patient looking at a hole where the picture was.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from kiosk.content.model import Content
from kiosk.wire.storage import sync_file, write_durably

CONTENT_NAME = "content.yaml"


class LastGoodStore:
    """Snapshots in `folder/snapshots/<hash>/`, with `folder/current` naming the newest, replaced atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._snapshots = folder / "snapshots"
        self._pointer = folder / "current"

    def latest(self) -> Path | None:
        """The content file of the newest snapshot, or None when there is none yet."""
        try:
            name = self._pointer.read_text(encoding="utf-8").strip()
        except OSError:
            return None
        path = self._snapshots / name / CONTENT_NAME
        return path if name and path.is_file() else None

    def save(self, source: Path, content: Content) -> Path:
        """Snapshot a content file that passed the check with its pictures; returns the snapshot's content file."""
        files = [CONTENT_NAME, *sorted({name for _location, name in content.pictures()})]
        name = _digest(source.parent, files)
        snapshot = self._snapshots / name
        if not (snapshot / CONTENT_NAME).is_file():
            staging = self._snapshots / f".{name}.partial"
            shutil.rmtree(staging, ignore_errors=True)
            for relative in files:
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source.parent / relative if relative != CONTENT_NAME else source, target)
                sync_file(target)
            staging.rename(snapshot)
        write_durably(self._pointer, name.encode("utf-8"))
        self._remove_all_but(name)
        return snapshot / CONTENT_NAME

    def _remove_all_but(self, keep: str) -> None:
        for old in self._snapshots.iterdir():
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)


def _digest(folder: Path, files: list[str]) -> str:
    digest = hashlib.sha256()
    for relative in files:
        digest.update(relative.encode())
        digest.update((folder / relative).read_bytes())
    return digest.hexdigest()[:16]
