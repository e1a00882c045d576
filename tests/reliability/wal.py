"""Where the commits are in a SQLite write-ahead log, read from the file format itself.

https://www.sqlite.org/fileformat2.html#the_write_ahead_log: a 32-byte header (page size at 8,
salts at 16), then frames of a 24-byte header (database size at 4, non-zero on a commit frame; the
header's salts at 8) and one page. A log restarted after a checkpoint is written again from the top
with new salts, so frames left over from before carry old salts and end the current log. Frames are
matched by salt only, which is enough for a log that is not torn: the tests tear copies of it.
"""

from __future__ import annotations

from dataclasses import dataclass

HEADER = 32
FRAME_HEADER = 24


@dataclass(frozen=True)
class Commits:
    """The log's salts (which generation of the log this is) and where each commit frame ends."""

    salts: bytes
    ends: tuple[int, ...]

    @property
    def last_end(self) -> int:
        return self.ends[-1] if self.ends else 0


def commits(wal: bytes) -> Commits:
    if len(wal) < HEADER:
        return Commits(b"", ())
    page_size = int.from_bytes(wal[8:12], "big")
    salts = wal[16:24]
    ends = []
    frame = HEADER
    while frame + FRAME_HEADER + page_size <= len(wal) and wal[frame + 8 : frame + 16] == salts:
        is_commit = int.from_bytes(wal[frame + 4 : frame + 8], "big") != 0
        frame += FRAME_HEADER + page_size
        if is_commit:
            ends.append(frame)
    return Commits(salts, tuple(ends))
