"""Files cut into chunks that fit the broker's packet limit (8 KB in deploy/mosquitto/lantern.conf),
each a retained message of its own under the file's digest, so a tablet that was off gets them later."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from kiosk.wire.content_protocol import ContentTopics, FileEntry, digest_of
from kiosk.wire.transport import Outgoing

CHUNK_BYTES = 7 * 1024
"""With its topic (under 200 bytes) and MQTT's header, a chunk stays under the 8192-byte packet limit."""


def chunk_count(size: int) -> int:
    return max(1, math.ceil(size / CHUNK_BYTES))


def chunk_messages(topics: ContentTopics, station: str, data: bytes) -> list[Outgoing]:
    digest = digest_of(data)
    return [
        Outgoing(
            f"{topics.file(station, digest)}/{index}",
            data[index * CHUNK_BYTES : (index + 1) * CHUNK_BYTES],
            retain=True,
        )
        for index in range(chunk_count(len(data)))
    ]


def cleared_messages(topics: ContentTopics, station: str, entry: FileEntry) -> list[Outgoing]:
    """Empty retained messages, which make the broker forget a file no version on show needs."""
    return [
        Outgoing(f"{topics.file(station, entry.sha256)}/{index}", b"", retain=True)
        for index in range(chunk_count(entry.size))
    ]


@dataclass
class Assembly:
    """One file arriving chunk by chunk, in any order, checked against its digest when whole."""

    entry: FileEntry
    chunks: dict[int, bytes] = field(default_factory=dict)

    def add(self, index: int, data: bytes) -> bool:
        """Take a chunk; True once the file is whole. A chunk of the wrong size is not taken."""
        expected = chunk_count(self.entry.size)
        if not 0 <= index < expected:
            return False
        last = index == expected - 1
        size = self.entry.size - index * CHUNK_BYTES if last else CHUNK_BYTES
        if len(data) == size:
            self.chunks[index] = data
        return len(self.chunks) == expected

    def data(self) -> bytes | None:
        """The whole file, or None when the chunks do not add up to the digest (they are dropped)."""
        whole = b"".join(self.chunks[index] for index in sorted(self.chunks))
        if digest_of(whole) != self.entry.sha256:
            self.chunks.clear()
            return None
        return whole
