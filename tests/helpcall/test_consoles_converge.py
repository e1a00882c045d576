"""Consoles of one site end with the same call log: a console that was off while calls were answered
and finished logs them with the times and the answerer of the console that was there, so their
reports agree; a log from a station not of the site, or with times that cannot be true, is ignored."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from kiosk.station.calllog import StationCall
from kiosk.station.core import StationCore
from kiosk.station.report import build_report
from kiosk.wire.protocol import StationState, Topics
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import call_json, mosquitto_pub, start_station, unique_site, wait_until

STATIONS = frozenset({"desk", "hall"})


def logged(station: StationCore) -> dict[str, StationCall]:
    return {call.id: call for call in station.received_since(0.0)}


def row(call: StationCall) -> tuple[object, ...]:
    return (call.state, call.acknowledged_at, call.acknowledged_by, call.cleared_at)


def test_a_console_that_was_off_logs_the_calls_it_missed_as_the_other_console_did(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    desk, _ = start_station(request, tmp_path / "desk", mosquitto.url, site, "desk", stations=STATIONS)
    ids = [str(uuid.uuid4()) for _ in range(3)]
    for room, call_id, kind in zip(("11", "12", "13"), ids, ("now", "check", "check"), strict=True):
        mosquitto_pub(mosquitto, Topics(site).room(room, "call"), "-m", call_json(call_id, room, kind=kind))
    wait_until(lambda: len(desk.snapshot().calls) == 3, "the desk to ring three calls")
    assert desk.acknowledge(ids[0]) and desk.clear(ids[0])
    assert desk.clear(ids[1]), "done without 'On my way': answered when it was finished"
    wait_until(lambda: len(desk.snapshot().calls) == 1, "two calls finished at the desk")

    hall, _ = start_station(request, tmp_path / "hall", mosquitto.url, site, "hall", stations=STATIONS)

    wait_until(lambda: set(logged(hall)) == set(ids), "the hall to log every call of the site")
    wait_until(
        lambda: all(row(logged(hall)[i]) == row(logged(desk)[i]) for i in ids[:2]),
        "the hall to log the finished calls as the desk did",
    )
    assert logged(hall)[ids[0]].acknowledged_by == "desk"
    assert [call.id for call in hall.snapshot().calls] == [ids[2]], "the open call rings at the hall"
    desk_report = build_report(desk.received_since(0.0), (), ())
    hall_report = build_report(hall.received_since(0.0), (), ())
    assert hall_report.by_kind == desk_report.by_kind, "the two consoles' reports agree"


def test_a_console_back_from_a_restart_learns_what_was_finished_while_it_was_off(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    desk, _ = start_station(request, tmp_path / "desk", mosquitto.url, site, "desk", stations=STATIONS)
    hall, _ = start_station(request, tmp_path / "hall", mosquitto.url, site, "hall", stations=STATIONS)
    call_id = str(uuid.uuid4())
    mosquitto_pub(mosquitto, Topics(site).room("11", "call"), "-m", call_json(call_id, "11"))
    wait_until(lambda: len(desk.snapshot().calls) == len(hall.snapshot().calls) == 1, "both to ring")
    desk.stop()
    assert hall.acknowledge(call_id) and hall.clear(call_id)

    again, _ = start_station(request, tmp_path / "desk", mosquitto.url, site, "desk", stations=STATIONS)

    wait_until(lambda: not again.snapshot().calls, "the restarted desk to stop ringing the finished call")
    wait_until(lambda: row(logged(again)[call_id]) == row(logged(hall)[call_id]), "the desk's log to agree")
    assert logged(again)[call_id].acknowledged_by == "hall"


def test_logs_from_strangers_or_with_impossible_times_are_ignored(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    hall, _ = start_station(request, tmp_path / "hall", mosquitto.url, site, "hall", stations=STATIONS)
    now = time.time()

    def entry(station: str, **changes: object) -> str:
        fields = {
            "v": 1,
            "id": str(uuid.uuid4()),
            "room": "11",
            "kind": "now",
            "pressed_at": now - 60,
            "station": station,
            "heard_at": now - 59,
            "answered_at": now - 50,
            "answered_by": station,
            "finished_at": now - 10,
        }
        fields.update(changes)
        return json.dumps(fields)

    stranger = entry("intruder")
    backwards = entry("desk", finished_at=now - 55)
    future = entry("desk", finished_at=now + 3600)
    good = entry("desk")
    for payload in (stranger, backwards, future, good):
        sender = json.loads(payload)["station"]
        mosquitto_pub(mosquitto, Topics(site).station(sender, "logged"), "-m", payload)

    wait_until(lambda: json.loads(good)["id"] in logged(hall), "the site's own station's entry")
    assert set(logged(hall)) == {json.loads(good)["id"]}
    assert logged(hall)[json.loads(good)["id"]].state is StationState.DONE
    assert not hall.snapshot().calls, "a logged call never rings"
