"""Every published version of a site's content set, kept at the station, so any of them can come back.

The list is a SQLite table (one row per version, its manifest as JSON); the files are kept once
each under their SHA-256, so versions share the pictures they have in common. A rollback is a new
version with an old version's files: tablets only ever move forward, and the list says what happened.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from kiosk.publishing.contentset import ContentSet, SetError, describe_change
from kiosk.settingsfile.problems import Problem
from kiosk.wire.content_protocol import MAX_MANIFEST_BYTES, Manifest, encode
from kiosk.wire.storage import write_durably

VERSIONS_FOLDER = "content-versions"
"""In the station's data folder."""


class VersionStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._blobs = folder / "blobs"
        self._blobs.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(folder / "versions.sqlite3", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS versions (number INTEGER PRIMARY KEY, manifest TEXT NOT NULL)"
        )

    def add(self, content: ContentSet, station: str, summary: str | None = None) -> Manifest:
        """Keep a new version (its files first, durably) and return its manifest."""
        for entry, data in zip(content.entries().values(), content.files.values(), strict=True):
            self._keep_blob(entry.sha256, data)
        latest = self.latest()
        previous = self.read(latest) if latest else None
        self._db.execute("BEGIN IMMEDIATE")
        try:
            (number,) = self._db.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM versions").fetchone()
            manifest = Manifest(
                station=station,
                version=number,
                published_at=time.time(),
                summary=(summary or describe_change(previous, content))[:500],
                files=content.entries(),
            )
            if len(encode(manifest)) > MAX_MANIFEST_BYTES:
                raise SetError(
                    [
                        Problem(
                            1,
                            1,
                            "The set names too many pictures, or too long names, to send in one message.",
                        )
                    ]
                )
            self._db.execute("INSERT INTO versions VALUES (?, ?)", (number, manifest.model_dump_json()))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return manifest

    def roll_back_to(self, number: int, station: str) -> Manifest:
        """A new version with the files of version `number`."""
        old = self.get(number)
        if old is None:
            raise KeyError(number)
        return self.add(self.read(old), station, f"Back to version {number} ({old.summary})"[:500])

    def get(self, number: int) -> Manifest | None:
        row = self._db.execute("SELECT manifest FROM versions WHERE number = ?", (number,)).fetchone()
        return Manifest.model_validate_json(row[0]) if row else None

    def latest(self) -> Manifest | None:
        row = self._db.execute("SELECT manifest FROM versions ORDER BY number DESC LIMIT 1").fetchone()
        return Manifest.model_validate_json(row[0]) if row else None

    def history(self) -> list[Manifest]:
        rows = self._db.execute("SELECT manifest FROM versions ORDER BY number").fetchall()
        return [Manifest.model_validate_json(row[0]) for row in rows]

    def read(self, manifest: Manifest) -> ContentSet:
        return ContentSet({name: self.blob(entry.sha256) for name, entry in manifest.files.items()})

    def blob(self, sha256: str) -> bytes:
        return (self._blobs / sha256).read_bytes()

    def export(self, manifest: Manifest, folder: Path) -> None:
        """Write a version's files into a folder, as a nurse or IT edits them (content.yaml, assets/)."""
        for name, data in self.read(manifest).files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def close(self) -> None:
        self._db.close()

    def _keep_blob(self, sha256: str, data: bytes) -> None:
        target = self._blobs / sha256
        if target.exists():
            return
        write_durably(target, data)
