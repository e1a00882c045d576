"""The help call end to end on a real Mosquitto and on a real 3-node RabbitMQ cluster, with real SQLite
files, and real faults."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.station.core import StationCore
from kiosk.wire.protocol import CallKind, StationPresence, StationState, StatusMessage, Topics, encode
from tests.fixtures.brokers import OUTAGE, Broker, broker_option
from tests.helpcall.support import probe, spawn, start_linked, start_station, start_tablet, unique_site

State = PatientCallState


def logged_calls(station: StationCore) -> list[tuple[str, str, int]]:
    with sqlite3.connect(station.call_log_path) as connection:
        return connection.execute("SELECT id, state, copies FROM calls").fetchall()


def test_press_received_on_way_done_then_calm(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    station, station_seen = start_station(request, tmp_path / "station", broker.address, site)
    tablet, seen = start_tablet(request, tmp_path / "tablet", broker.address, site)
    seen.wait_for(lambda s: s.station_online and s.broker_connected, "the tablet to see the station")

    pressed = tablet.press(CallKind.NOW)

    assert (pressed.state, pressed.kind) == (State.CALLING, CallKind.NOW)
    seen.wait_for(lambda s: s.state is State.RECEIVED and s.call_id == pressed.call_id, "the receipt")
    ringing = station_seen.wait_for(lambda s: s.ringing, "the station to ring")
    assert [call.id for call in ringing.calls] == [pressed.call_id]
    assert station.acknowledge(pressed.call_id or "")
    seen.wait_for(lambda s: s.state is State.ON_WAY, "a nurse on the way")
    assert station.clear(pressed.call_id or "")
    seen.wait_for(lambda s: s.state is State.DONE, "done")
    seen.wait_for(lambda s: s.state is State.IDLE and s.call_id is None, "calm again")
    assert [state for state in dict.fromkeys(s.state for s in seen.seen) if state is not State.IDLE] == [
        State.CALLING,
        State.RECEIVED,
        State.ON_WAY,
        State.DONE,
    ]
    assert logged_calls(station) == [(pressed.call_id, "done", 1)]


def test_cleared_at_the_bedside(request: pytest.FixtureRequest, broker: Broker, tmp_path: Path) -> None:
    site = unique_site()
    station, station_seen, tablet, seen = start_linked(request, broker.address, tmp_path, site)
    pressed = tablet.press(CallKind.CHECK)
    seen.wait_for(lambda s: s.state is State.RECEIVED, "the receipt")
    station_seen.wait_for(lambda s: s.ringing, "the station to ring")

    assert tablet.clear_at_bedside().state is State.DONE
    station_seen.wait_for(lambda s: not s.calls, "the station to close the call")
    assert logged_calls(station) == [(pressed.call_id, "done", 1)]


def test_a_second_press_keeps_the_first_call(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    _station, station_seen, tablet, seen = start_linked(request, broker.address, tmp_path, site)
    first = tablet.press(CallKind.CHECK)
    second = tablet.press(CallKind.NOW)

    seen.wait_for(lambda s: s.state is State.RECEIVED and s.call_id == second.call_id, "the second receipt")
    calls = station_seen.wait_for(lambda s: len(s.calls) == 2, "both calls at the station").calls
    assert {call.id for call in calls} == {first.call_id, second.call_id}  # in the order they arrived


def test_no_receipt_within_the_timeout_then_a_late_one(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    silent_station = probe(request, broker.url, topics.room("12", "call"))
    silent_station.answer_roll_calls(topics.roll_call("room", "12"))
    silent_station.publish(
        topics.station("mute", "presence"),
        encode(StationPresence(station="mute", online=True, rings=True, instance="0123abcd")),
        retain=True,
    )
    tablet, seen = start_tablet(request, tmp_path, broker.address, site, timeout_s=0.3)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the silent station")

    pressed = tablet.press(CallKind.CHECK)

    assert pressed.state is State.CALLING
    fallback = seen.wait_for(lambda s: s.state is State.UNREACHABLE, "the fallback after the timeout")
    assert 0.25 < fallback.since - pressed.since < 0.8  # the 0.3 s timeout, not much later
    _topic, sent = silent_station.messages.wait_for(
        lambda message: pressed.call_id in message[1].decode(), "the call"
    )
    silent_station.messages.wait_for(lambda message: pressed.call_id in message[1].decode(), "a re-sent copy")
    receipt = StatusMessage(
        id=pressed.call_id or "",
        room="12",
        kind=CallKind.CHECK,
        pressed_at=json.loads(sent)["pressed_at"],
        state=StationState.RECEIVED,
        at=pressed.since + 1,
        station="mute",
    )
    silent_station.publish(topics.room("12", "status"), encode(receipt))
    seen.wait_for(lambda s: s.state is State.RECEIVED, "the late receipt on screen")


@OUTAGE
def test_broker_down_at_press_time(request: pytest.FixtureRequest, broker: Broker, tmp_path: Path) -> None:
    site = unique_site()
    station, station_seen, tablet, seen = start_linked(request, broker.address, tmp_path, site)
    broker.kill()
    lost = seen.wait_for(lambda s: not s.broker_connected, "the tablet to notice the broker is gone")
    assert lost.staff_problem and "Lost the connection to the broker" in lost.staff_problem
    station_seen.wait_for(lambda s: not s.broker_connected, "the station to notice the broker is gone")

    pressed = tablet.press(CallKind.NOW)

    assert pressed.state is State.UNREACHABLE
    broker.restart()
    seen.wait_for(lambda s: s.state is State.RECEIVED and s.call_id == pressed.call_id, "the late receipt")
    assert [(call_id, state) for call_id, state, _ in logged_calls(station)] == [
        (pressed.call_id, "received")
    ]


def test_station_down_then_back(request: pytest.FixtureRequest, broker: Broker, tmp_path: Path) -> None:
    site = unique_site()
    station_args = [
        "-m",
        "tests.helpcall.station_proc",
        "--broker",
        broker_option(broker),
        "--site",
        site,
        "--station-id",
        "desk",
        "--data-dir",
        str(tmp_path / "station"),
    ]
    station = spawn(request, station_args)
    tablet, seen = start_tablet(request, tmp_path / "tablet", broker.address, site, timeout_s=0.5)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station")
    station.kill()
    seen.wait_for(lambda s: not s.station_online, "the station's last will")

    pressed = tablet.press(CallKind.NOW)

    assert pressed.state is State.UNREACHABLE
    seen.wait_for(lambda s: s.state is State.UNREACHABLE, "the fallback on screen")
    station = spawn(request, station_args)
    seen.wait_for(lambda s: s.state is State.RECEIVED, "the receipt from the station that came back")
    station.lines.wait_for(
        lambda line: f"Call {pressed.call_id} (now) from room 12 stored and ringing" in line, "ringing"
    )
    with sqlite3.connect(tmp_path / "station" / f"calllog-{site}-desk.sqlite3") as connection:
        assert connection.execute("SELECT id, state FROM calls").fetchall() == [(pressed.call_id, "received")]


def test_kill_9_between_press_and_delivery(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    tablet_args = [
        "-m",
        "tests.helpcall.tablet_proc",
        "--room",
        "7",
        "--site",
        site,
        "--broker",
        broker_option(broker),
    ]
    tablet_args += ["--data-dir", str(tmp_path / "tablet")]
    tablet = spawn(request, tablet_args)
    tablet.wait_for_event(lambda e: e["broker_connected"], "the tablet to connect")
    tablet.send("press now")
    pressed = tablet.wait_for_event(lambda e: e["event"] == "pressed", "the press")
    assert pressed["state"] == "unreachable"  # no station has ever been here
    tablet.kill()

    station, station_seen = start_station(request, tmp_path / "station", broker.address, site)
    station_seen.wait_for(lambda s: s.broker_connected, "the station to connect")
    tablet = spawn(request, tablet_args)

    tablet.wait_for_event(
        lambda e: e["state"] == "received" and e["call_id"] == pressed["call_id"], "delivery"
    )
    assert logged_calls(station)[0][:2] == (pressed["call_id"], StationState.RECEIVED.value)
    assert len(logged_calls(station)) == 1


def test_a_dead_broker_address_is_told_in_words(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    from kiosk.wire.broker import free_port
    from kiosk.wire.broker_url import BrokerUrl

    port = free_port()
    tablet, seen = start_tablet(request, tmp_path, BrokerUrl("127.0.0.1", port), unique_site())
    snapshot = seen.wait_for(lambda s: s.staff_problem is not None, "words for staff")
    assert snapshot.staff_problem == (
        f"Cannot reach the broker at mqtt://127.0.0.1:{port}: nothing is listening there (is the broker running?)."
    )
    assert tablet.press(CallKind.NOW).state is State.UNREACHABLE
