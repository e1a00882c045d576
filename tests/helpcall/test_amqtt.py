"""On amqtt, which loses QoS 1 messages queued for offline sessions, the end-to-end receipt still holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.station.core import StationCore
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, start_station, start_tablet, unique_site


def test_a_call_queued_for_an_offline_station_still_arrives(
    request: pytest.FixtureRequest, amqtt_broker: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    station = StationCore(tmp_path / "station", amqtt_broker.url, site=site, station_id="desk", timing=FAST)
    station.start()  # leaves a persistent session behind that amqtt would queue the call for
    station.stop()
    tablet, seen = start_tablet(request, tmp_path / "tablet", amqtt_broker.url, site)
    seen.wait_for(lambda s: s.broker_connected and not s.station_online, "the tablet, with the station away")

    pressed = tablet.press(CallKind.NOW)

    assert pressed.state is PatientCallState.UNREACHABLE
    station, station_seen = start_station(request, tmp_path / "station", amqtt_broker.url, site, "desk")
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the receipt")
    calls = station_seen.wait_for(lambda s: s.ringing, "the station to ring").calls
    assert [call.id for call in calls] == [pressed.call_id]


def test_a_status_sent_while_the_tablet_was_away_still_arrives(
    request: pytest.FixtureRequest, amqtt_broker: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    station, _ = start_station(request, tmp_path / "station", amqtt_broker.url, site)
    tablet, seen = start_tablet(request, tmp_path / "tablet", amqtt_broker.url, site)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station")
    pressed = tablet.press(CallKind.CHECK)
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the receipt")
    tablet.stop()

    assert station.acknowledge(pressed.call_id or "")

    tablet, seen = start_tablet(request, tmp_path / "tablet", amqtt_broker.url, site)
    on_way = seen.wait_for(lambda s: s.state is PatientCallState.ON_WAY, "the missed 'on the way'")
    assert on_way.call_id == pressed.call_id
