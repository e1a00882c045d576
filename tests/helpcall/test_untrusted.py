"""Every peer is untrusted: statuses only from the site's stations, a receipt only with the call's own
facts, and nothing a forger sends before or after a call can silence it."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.station.core import CHECK_IN_BURST
from kiosk.wire.protocol import (
    CallKind,
    CheckInAnswer,
    Feeling,
    ProtocolError,
    StationState,
    Topics,
    encode,
    parse_message,
)
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import (
    alarm_of,
    call_json,
    mosquitto_pub,
    probe,
    start_station,
    start_tablet,
    unique_site,
    wait_until,
)

SITE_STATIONS = frozenset({"desk", "hall"})


def forged(call: dict[str, object], state: StationState, station: str = "evil") -> bytes:
    """A status for the call as any client of the broker could write it."""
    facts = {key: call[key] for key in ("id", "room", "kind", "pressed_at")}
    at = float(call["pressed_at"]) + 1  # type: ignore[arg-type]
    return json.dumps({"v": 1, **facts, "state": state.value, "at": at, "station": station}).encode()


def test_a_status_from_a_station_that_is_not_the_sites_changes_nothing(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, station_seen = start_station(
        request, tmp_path / "desk", mosquitto.url, site, "desk", stations=SITE_STATIONS
    )
    tablet, seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, stations=SITE_STATIONS)
    calls = probe(request, mosquitto.url, topics.room("12", "call"))
    seen.wait_for(lambda s: s.station_online, "the tablet to hear the station")
    pressed = tablet.press(CallKind.NOW)
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the real receipt")
    call = json.loads(calls.messages.wait_for(lambda m: True, "the call on the wire")[1])

    forger = probe(request, mosquitto.url, topics.room("12", "status"))
    for state in (StationState.ON_WAY, StationState.DONE):
        forger.publish(topics.room("12", "status"), forged(call, state))

    def ignored_by(logger: str) -> bool:
        return any(r.name == logger and "'evil'" in r.getMessage() for r in caplog.records)

    wait_until(
        lambda: ignored_by("kiosk.station.core") and ignored_by("kiosk.helpcall.tablet"), "both to ignore it"
    )

    station_seen.wait_for(lambda s: s.ringing, "the station still ringing")
    assert (
        tablet.snapshot().state is PatientCallState.RECEIVED and tablet.snapshot().call_id == pressed.call_id
    )
    assert [call.state for call in station.snapshot().calls] == [StationState.RECEIVED]


def test_a_forged_done_before_the_call_does_not_keep_it_from_ringing(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, seen = start_station(
        request, tmp_path / "desk", mosquitto.url, site, "desk", stations=SITE_STATIONS
    )
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")
    call_id = str(uuid.uuid4())
    call = json.loads(call_json(call_id))
    mosquitto_pub(mosquitto, topics.room("12", "status"), "-m", forged(call, StationState.DONE).decode())

    mosquitto_pub(mosquitto, topics.room("12", "call"), "-m", json.dumps(call))

    ringing = seen.wait_for(lambda s: s.ringing, "the real call to ring")
    assert [c.id for c in ringing.calls] == [call_id]
    assert [(c.id, c.state) for c in station.history()] == [(call_id, StationState.RECEIVED)]


def test_a_receipt_with_other_facts_than_the_call_is_not_a_receipt(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, station_seen = start_station(request, tmp_path / "desk", mosquitto.url, site, "desk")
    calls = probe(request, mosquitto.url, topics.room("12", "call"))
    tablet, seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, timeout_s=5)
    seen.wait_for(lambda s: s.station_online, "the tablet to hear the station")
    alarm_of(station).hold()
    pressed = tablet.press(CallKind.CHECK)
    call = json.loads(calls.messages.wait_for(lambda m: True, "the call")[1])
    wrong = {**call, "kind": "now", "pressed_at": call["pressed_at"] + 60}
    probe(request, mosquitto.url, "unused/x").publish(
        topics.room("12", "status"), forged(wrong, StationState.RECEIVED, "desk")
    )
    station_seen.wait_for(lambda s: len(s.calls) == 1, "the call at the station")

    assert (
        tablet.snapshot().state is PatientCallState.CALLING and tablet.snapshot().call_id == pressed.call_id
    )
    alarm_of(station).release()
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the true receipt")


def test_a_field_written_twice_is_refused() -> None:
    topics = Topics("clinic")
    call = call_json(str(uuid.uuid4()))
    twice = call[:-1] + ', "kind": "test"}'

    with pytest.raises(ProtocolError, match="the field 'kind' is written twice"):
        parse_message(topics, topics.room("12", "call"), twice.encode())


def test_a_flood_of_check_in_answers_is_kept_to_a_few_and_calls_still_ring(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, station_seen = start_station(request, tmp_path / "desk", mosquitto.url, site, "desk")
    tablet, seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site)
    seen.wait_for(lambda s: s.station_online, "the tablet to hear the station")
    tablet.press(CallKind.CHECK)  # room 12 is now one the station follows
    station_seen.wait_for(lambda s: len(s.calls) == 1, "the first call")

    flooder = probe(request, mosquitto.url, topics.room("12", "checkin"))
    for _ in range(300):
        answer = CheckInAnswer(id=str(uuid.uuid4()), room="12", feeling=Feeling.NOT_GREAT, at=time.time())
        flooder.publish(topics.room("12", "checkin"), encode(answer))
    wait_until(
        lambda: any("flood of check-in answers" in r.getMessage() for r in caplog.records),
        "the flood refused",
    )
    tablet.press(CallKind.NOW)
    station_seen.wait_for(lambda s: len(s.calls) == 2, "the call after the flood to ring")

    with sqlite3.connect(station.call_log_path) as connection:
        (kept,) = connection.execute("SELECT COUNT(*) FROM check_ins").fetchone()
    assert kept <= CHECK_IN_BURST
