"""The call log keeps when each call was received, first answered and cleared, for the report."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from kiosk.wire.protocol import Topics
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import call_json, probe, start_station, start_two_stations, unique_site


def test_answered_and_cleared_at_the_station_and_followed_by_another(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    desk, desk_seen, hall, hall_seen = start_two_stations(request, mosquitto.url, tmp_path, site)
    tablet = probe(request, mosquitto.url, topics.room("12", "status"))
    call_id = str(uuid.uuid4())
    start = time.time()
    tablet.publish(topics.room("12", "call"), call_json(call_id).encode())
    hall_seen.wait_for(lambda s: s.ringing, "hall to ring")
    desk_seen.wait_for(lambda s: s.ringing, "desk to ring")

    assert desk.acknowledge(call_id)
    hall_seen.wait_for(lambda s: s.calls and not s.ringing, "hall to follow the answer")
    assert desk.clear(call_id)
    hall_seen.wait_for(lambda s: not s.calls, "hall to follow done")

    for station in (desk, hall):
        [logged] = station.received_since(start)
        assert logged.acknowledged_at is not None and logged.cleared_at is not None
        assert start <= logged.received_at <= logged.acknowledged_at <= logged.cleared_at <= time.time()
    assert desk.received_since(time.time() + 1) == []


def test_a_bedside_clear_counts_as_answered_when_cleared(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, seen = start_station(request, tmp_path, mosquitto.url, site)
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")
    tablet = probe(request, mosquitto.url, topics.room("12", "status"))
    call_id = str(uuid.uuid4())
    message = json.loads(call_json(call_id))
    tablet.publish(topics.room("12", "call"), json.dumps(message).encode())
    seen.wait_for(lambda s: s.ringing, "the call to ring")

    del message["attempt"]
    tablet.publish(topics.room("12", "clear"), json.dumps({**message, "cleared_at": time.time()}).encode())

    seen.wait_for(lambda s: not s.calls, "the bedside clear")
    [logged] = station.history()
    assert logged.cleared_at is not None and logged.acknowledged_at == logged.cleared_at
