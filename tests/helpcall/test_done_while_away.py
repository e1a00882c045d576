"""A call the station finished just as the link dropped is forgotten while the tablet is away; the
tablet must still send what comes next when the link is back. (Its re-send record outlived the call,
and every later step of the tablet's clock failed on it: no call of that tablet went out again.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.wire.protocol import CallKind, StationState, StatusMessage, Topics, encode
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import desk_probe, start_tablet, unique_site


def test_a_call_finished_as_the_link_dropped_does_not_stop_the_next_one(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    desk = desk_probe(request, mosquitto.url, site)
    tablet, seen = start_tablet(request, tmp_path, mosquitto.url, site, stations=frozenset({"desk"}))
    seen.wait_for(lambda snapshot: snapshot.station_online, "the tablet to see the desk online")
    first = tablet.press(CallKind.CHECK).call_id or ""
    desk.messages.wait_for(lambda message: first in message[1].decode(), "the first call")
    pressed_at = tablet._calls[first].pressed_at

    mosquitto.kill()
    seen.wait_for(lambda snapshot: not snapshot.broker_connected, "the link to drop")
    done = StatusMessage(
        id=first,
        room="12",
        kind=CallKind.CHECK,
        pressed_at=pressed_at,
        state=StationState.DONE,
        at=time.time(),
        station="desk",
    )
    tablet._on_message(topics.room("12", "status"), encode(done))  # the last word paho read
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.IDLE, "the finished call to let go")
    mosquitto.start()
    seen.wait_for(lambda snapshot: snapshot.broker_connected, "the link to come back")

    second = tablet.press(CallKind.NOW).call_id or ""
    desk.messages.wait_for(lambda message: second in message[1].decode(), "the next call")
