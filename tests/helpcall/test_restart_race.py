"""A tablet that restarts while its disk is slow: the broker link comes up before the outbox has been
read, and the "on the way" the station sent while the tablet was away must still reach the patient."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.fixtures.frozen_disk import FreezableDisk
from tests.fixtures.frozen_disk import freezable_disk as freezable_disk
from tests.helpcall.support import start_station, start_tablet, unique_site


def test_an_on_the_way_missed_while_away_arrives_though_the_link_beat_the_outbox(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, freezable_disk: FreezableDisk
) -> None:
    site = unique_site()
    station, _ = start_station(request, tmp_path / "station", mosquitto.url, site)
    data = freezable_disk.mount / "tablet"
    tablet, seen = start_tablet(request, data, mosquitto.url, site, timeout_s=30)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station")
    pressed = tablet.press(CallKind.CHECK)
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the receipt")
    assert tablet.wait_written(10)
    tablet.stop()
    assert station.acknowledge(pressed.call_id or "")  # "on the way", while the tablet is away

    freezable_disk.freeze()
    try:
        tablet, seen = start_tablet(request, data, mosquitto.url, site, timeout_s=30)
        seen.wait_for(lambda s: s.broker_connected, "the link, before the outbox can be read")
        assert tablet.snapshot().call_id is None, "the outbox was read before the disk thawed"
    finally:
        freezable_disk.thaw()

    on_way = seen.wait_for(lambda s: s.state is PatientCallState.ON_WAY, "the missed 'on the way'")
    assert on_way.call_id == pressed.call_id
