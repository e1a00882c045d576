"""The station core against a real Mosquitto, played from the tablet side by hand (as docs/protocol.md shows)."""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from pathlib import Path

import pytest

from kiosk.station.core import StationCore
from kiosk.wire.protocol import MAX_PAYLOAD_BYTES, CallKind, RoomPresence, StationState, Topics, encode
from tests.fixtures.brokers import OUTAGE, Broker
from tests.helpcall.support import (
    call_json,
    mosquitto_pub,
    probe,
    start_station,
    start_two_stations,
    unique_site,
)


def statuses(messages: list[tuple[str, bytes]], call_id: str) -> list[str]:
    return [json.loads(payload)["state"] for _, payload in messages if json.loads(payload)["id"] == call_id]


def logged(station: StationCore) -> list[tuple[str, str, int]]:
    with sqlite3.connect(station.call_log_path) as connection:
        return connection.execute("SELECT id, state, copies FROM calls").fetchall()


def test_copies_are_recorded_once_and_each_gets_the_status(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, seen = start_station(request, tmp_path, broker.address, site)
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")
    tablet = probe(request, broker.url, topics.room("12", "status"))
    call_id = str(uuid.uuid4())
    payload = call_json(call_id).encode()

    tablet.publish(topics.room("12", "call"), payload)
    tablet.messages.wait_for(lambda m: True, "status 1")
    for _ in range(2):
        tablet.publish(topics.room("12", "call"), payload)

    tablet.messages.wait_for(lambda m: True, "status 2")
    tablet.messages.wait_for(lambda m: True, "status 3")
    assert statuses(tablet.messages.seen, call_id) == ["received"] * 3
    assert logged(station) == [(call_id, "received", 3)]
    assert [call.id for call in station.snapshot().calls] == [call_id]


def test_malformed_messages_are_rejected_logged_and_survived(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk.station.core")
    site = unique_site()
    topics = Topics(site)
    station, seen = start_station(request, tmp_path, broker.address, site)
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")
    huge = tmp_path / "huge.json"
    huge.write_text(call_json(str(uuid.uuid4()), pad="x" * 100_000))
    bad = {
        "bad JSON": ["-m", "{this is not json"],
        "wrong types": ["-m", call_json(str(uuid.uuid4()), pressed_at="noon", attempt="1")],
        "unknown version": ["-m", call_json(str(uuid.uuid4()), v=3)],
        "huge payload": ["-f", str(huge)],
        "wrong room": ["-m", call_json(str(uuid.uuid4()), room="13")],
        "a name": ["-m", call_json(str(uuid.uuid4()), patient="Jane Doe")],
    }
    for message in bad.values():
        mosquitto_pub(broker, topics.room("12", "call"), *message)
    good = str(uuid.uuid4())
    mosquitto_pub(broker, topics.room("12", "call"), "-m", call_json(good))

    seen.wait_for(lambda s: [call.id for call in s.calls] == [good], "the good call after the bad ones")
    rejected = [
        record.getMessage() for record in caplog.records if "Rejected a message" in record.getMessage()
    ]
    assert len(rejected) == len(bad)
    assert "the payload is not JSON" in rejected[0]
    assert "field 'pressed_at'" in rejected[1]
    assert "protocol version 3 is not supported" in rejected[2]
    assert f"more than the limit of {MAX_PAYLOAD_BYTES}" in rejected[3]
    assert "the payload says room '13' but the topic says '12'" in rejected[4]
    assert "field 'patient'" in rejected[5]
    assert [call_id for call_id, _, _ in logged(station)] == [good]


def test_tablets_online_from_presence_and_offline_after_silence(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    tablet = probe(request, broker.url, topics.room("5", "status"))
    tablet.answer_roll_calls(topics.roll_call("station", "+"))
    tablet.publish(topics.room("5", "presence"), encode(RoomPresence(room="5", online=True)), retain=True)
    tablet.publish(topics.room("6", "presence"), encode(RoomPresence(room="6", online=True)), retain=True)
    _, seen = start_station(request, tmp_path, broker.address, site, rooms=frozenset({"5", "6"}))

    both = seen.wait_for(lambda s: [t.online for t in s.tablets] == [True, True], "both tablets online")
    assert [t.peer for t in both.tablets] == ["5", "6"]
    tablet.publish(topics.room("6", "presence"), encode(RoomPresence(room="6", online=False)), retain=True)
    seen.wait_for(lambda s: [t.online for t in s.tablets] == [True, False], "room 6's last will")
    seen.wait_for(lambda s: [t.online for t in s.tablets] == [False, False], "room 5 silent for a second")


def test_two_stations_stay_in_step(request: pytest.FixtureRequest, broker: Broker, tmp_path: Path) -> None:
    site = unique_site()
    topics = Topics(site)
    desk, desk_seen, hall, hall_seen = start_two_stations(request, broker.address, tmp_path, site)
    tablet = probe(request, broker.url, topics.room("12", "status"))
    call_id = str(uuid.uuid4())
    tablet.publish(topics.room("12", "call"), call_json(call_id).encode())
    desk_seen.wait_for(lambda s: s.ringing, "desk to ring")
    hall_seen.wait_for(lambda s: s.ringing, "hall to ring")

    assert desk.acknowledge(call_id)

    hall_seen.wait_for(lambda s: s.calls and s.calls[0].state is StationState.ON_WAY, "hall to follow desk")
    assert not hall.acknowledge(call_id)
    assert hall.clear(call_id)
    desk_seen.wait_for(lambda s: not s.calls, "desk to follow hall")
    assert logged(desk)[0][1] == logged(hall)[0][1] == "done"


def test_a_restarted_station_rings_again_and_repeats_done(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    tablet = probe(request, broker.url, topics.room("12", "status"))
    first, first_seen = start_station(request, tmp_path, broker.address, site, "desk")
    first_seen.wait_for(lambda s: s.broker_connected, "the first station to connect")
    open_id, done_id = str(uuid.uuid4()), str(uuid.uuid4())
    tablet.publish(topics.room("12", "call"), call_json(open_id).encode())
    tablet.publish(topics.room("12", "call"), call_json(done_id).encode())
    tablet.messages.wait_for(lambda m: done_id in m[1].decode(), "the second receipt")
    assert first.clear(done_id)
    first.stop()

    station, seen = start_station(request, tmp_path, broker.address, site, "desk")
    ringing = seen.wait_for(lambda s: s.ringing, "the open call to ring again")
    assert [call.id for call in ringing.calls] == [open_id]
    tablet.publish(topics.room("12", "call"), call_json(done_id, attempt=9).encode())
    tablet.messages.wait_for(lambda m: done_id in m[1].decode() and b'"done"' in m[1], "done, repeated")
    assert [(call.id, call.state) for call in station.history()] == [
        (done_id, StationState.DONE),
        (open_id, StationState.RECEIVED),
    ]


@OUTAGE
def test_broker_loss_is_told_in_words(request: pytest.FixtureRequest, broker: Broker, tmp_path: Path) -> None:
    _, seen = start_station(request, tmp_path, broker.address, unique_site())
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")

    broker.kill()

    lost = seen.wait_for(lambda s: not s.broker_connected, "the station to notice")
    assert lost.staff_problem == f"Lost the connection to the broker at {broker.url}; reconnecting."
    broker.restart()
    seen.wait_for(lambda s: s.broker_connected and s.staff_problem is None, "the station to reconnect")


def test_no_receipt_until_the_call_is_stored(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    blocked = tmp_path / "data"
    blocked.write_text("a file where the station's folder should be")
    station, seen = start_station(request, blocked, broker.address, site)
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")
    tablet = probe(request, broker.url, topics.room("12", "status"))
    call_id = str(uuid.uuid4())
    tablet.publish(topics.room("12", "call"), call_json(call_id, kind=CallKind.CHECK.value).encode())

    unstored = seen.wait_for(lambda s: s.ringing, "the call to ring unstored")
    assert not unstored.calls[0].stored
    assert unstored.staff_problem and unstored.staff_problem.startswith("The call log cannot be written: ")
    assert tablet.messages.seen == []
    blocked.unlink()  # the station makes its folder on its next try

    tablet.messages.wait_for(lambda m: call_id in m[1].decode(), "the receipt once the call is stored")
    assert logged(station) == [(call_id, "received", 1)]
