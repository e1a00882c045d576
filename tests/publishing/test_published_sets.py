"""A tablet's store of published files: tidying up never deletes a file that arrives while it runs."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from kiosk.publishing.tablet_link import PublishedSets
from kiosk.wire.content_protocol import FileEntry, Manifest

WAIT_S = 10


def _manifest(version: int, data: bytes) -> Manifest:
    entry = FileEntry(sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return Manifest(
        station="desk", version=version, published_at=1.0, summary="", files={"content.yaml": entry}
    )


def test_a_file_written_while_the_tidy_up_runs_is_kept(tmp_path: Path) -> None:
    """The shown version's tidy-up asks what is in hand; a new version's file that lands meanwhile
    (the broker's thread writing it) must still be there afterwards."""
    sets = PublishedSets(tmp_path)
    old, new = b"old words", b"new words"
    sets.keep_blob(_manifest(1, old).files["content.yaml"].sha256, old)
    newer = _manifest(2, new).files["content.yaml"].sha256
    asked, written = threading.Event(), threading.Event()

    def in_hand() -> list[Manifest]:
        asked.set()
        written.wait(0.5)  # the new file's write, if it is let in now
        return [_manifest(1, old)]

    tidy = threading.Thread(target=sets.forget_blobs_but, args=(in_hand,))
    tidy.start()
    assert asked.wait(WAIT_S)
    writer = threading.Thread(target=lambda: (sets.keep_blob(newer, new), written.set()))
    writer.start()
    tidy.join(WAIT_S)
    writer.join(WAIT_S)

    assert sets.has_blob(newer), "the tidy-up deleted a file that arrived while it ran"
