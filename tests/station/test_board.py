"""The room grid's model: configured rooms first, then other rooms that call (a bounded number)."""

from __future__ import annotations

import pytest

from kiosk.config.deployment import RoomConfig
from kiosk.station.board import (
    MAX_UNKNOWN_TILES,
    format_duration,
    headline,
    room_tiles,
    unknown_calling_rooms,
)
from kiosk.wire.protocol import CallKind
from tests.station.calls import answered, call, snapshot

ROOMS = [RoomConfig(id="12", label="Recovery 12"), RoomConfig(id="3", label="Recovery 3")]


def test_configured_rooms_keep_their_order_and_rooms_that_call_follow() -> None:
    calls = [call("10"), call("9"), call("12")]

    tiles = room_tiles(ROOMS, snapshot(*calls, online=("12", "ward-b")))

    assert [(t.room, t.label, t.configured) for t in tiles] == [
        ("12", "Recovery 12", True),
        ("3", "Recovery 3", True),
        ("9", "Room 9", False),
        ("10", "Room 10", False),
    ], "a presence alone (ward-b) makes no tile"
    assert tiles[0].tablet is not None and tiles[0].tablet.online
    assert tiles[1].tablet is None and tiles[1].call is None


def test_without_settings_every_room_that_calls_has_a_tile() -> None:
    tiles = room_tiles([], snapshot(call("5"), offline=("6",)))

    assert [(t.room, t.configured) for t in tiles] == [("5", False)]


def test_rooms_not_in_the_settings_get_a_bounded_number_of_tiles_waiting_ones_first() -> None:
    answered_calls = [answered(call(str(room)), 1001.0) for room in range(100, 140)]
    waiting = call("999", CallKind.NOW)
    snap = snapshot(*answered_calls, waiting)

    tiles = room_tiles(ROOMS, snap)

    assert len(tiles) == len(ROOMS) + MAX_UNKNOWN_TILES
    assert "999" in [tile.room for tile in tiles]
    assert len(unknown_calling_rooms(ROOMS, snap)) == 41


def test_a_tile_shows_its_most_urgent_call_and_answers_all_of_them() -> None:
    check = call("12", CallKind.CHECK, at=100.0)
    now = call("12", CallKind.NOW, at=200.0)
    on_way = answered(call("12", CallKind.NOW, at=50.0), 60.0)

    tile = room_tiles(ROOMS, snapshot(on_way, check, now))[0]

    assert tile.call == now
    assert tile.ringing_ids == [now.id, check.id]
    assert tile.open_ids == [now.id, check.id, on_way.id]


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "0:00"), (7.4, "0:07"), (7.6, "0:08"), (750, "12:30"), (3723, "1:02:03"), (-3, "0:00")],
)
def test_durations_read_as_minutes_and_seconds(seconds: float, words: str) -> None:
    assert format_duration(seconds) == words


def test_the_header_names_the_most_urgent_call_first() -> None:
    labels = {"3": "Recovery 3", "7": "Recovery 7"}
    old_check = call("3", CallKind.CHECK, at=900.0)
    new_now = call("7", CallKind.NOW, at=956.0)

    assert (
        headline([old_check, new_now], (), 1000.0, labels) == "Help now: Recovery 7, 0:44 · 2 calls waiting"
    )
    assert headline([old_check], (), 1000.0, labels) == "Check on me: Recovery 3, 1:40"
