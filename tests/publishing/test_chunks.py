"""Chunks fit the broker's packet limit with the longest ids, and only a whole, matching file is taken."""

from __future__ import annotations

import os

from kiosk.publishing.chunks import CHUNK_BYTES, Assembly, chunk_messages
from kiosk.wire.content_protocol import ContentTopics, FileEntry, digest_of
from kiosk.wire.protocol import Topics

BROKER_PACKET_LIMIT = 8192  # max_packet_size in deploy/mosquitto/lantern.conf
LONGEST_ID = "x" * 32


def test_every_chunk_fits_one_packet_with_the_longest_ids() -> None:
    data = os.urandom(3 * CHUNK_BYTES + 5)
    messages = chunk_messages(ContentTopics(Topics(LONGEST_ID)), LONGEST_ID, data)

    assert [len(message.payload) for message in messages] == [CHUNK_BYTES] * 3 + [5]
    assert b"".join(message.payload for message in messages) == data
    assert (
        max(5 + 2 + len(message.topic.encode()) + 2 + len(message.payload) for message in messages)
        < BROKER_PACKET_LIMIT
    )


def test_a_file_is_taken_only_whole_and_matching_its_digest() -> None:
    data = os.urandom(2 * CHUNK_BYTES + 100)
    chunks = [data[i : i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)]
    assembly = Assembly(FileEntry(sha256=digest_of(data), size=len(data)))

    assert not assembly.add(2, chunks[2])
    assert not assembly.add(0, chunks[0][:-1]), "a short chunk is not taken"
    assert not assembly.add(7, chunks[0]), "a chunk past the end is not taken"
    assert not assembly.add(0, chunks[0])
    assert assembly.add(1, chunks[1])
    assert assembly.data() == data

    forged = Assembly(FileEntry(sha256=digest_of(data), size=len(data)))
    for index, chunk in enumerate(chunks):
        forged.add(index, bytes(len(chunk)) if index == 1 else chunk)
    assert forged.data() is None and not forged.chunks, "a file that does not match is dropped whole"
