"""A visit is started or ended at a tablet only by one of the site's listed stations, and only by a fresh
order: a forged station id or an order queued for hours must never wipe a patient's screen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.wire.protocol import Topics, VisitOrder, encode
from tests.fixtures.broker import RunningBroker

from .support import Recorder, probe, start_tablet, unique_site


def test_only_a_listed_station_s_fresh_order_counts(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    tablet, seen = start_tablet(request, tmp_path, mosquitto.url, site, stations=frozenset({"desk"}))
    seen.wait_for(lambda snapshot: snapshot.broker_connected, "the tablet to connect")
    orders: Recorder[bool] = Recorder()
    tablet.add_visit_listener(orders)
    topic = Topics(site).room("12", "order")
    station = probe(request, mosquitto.url, topic)

    def order(station_id: str, *, start: bool, age_s: float = 0.0) -> None:
        message = VisitOrder(room="12", station=station_id, start=start, at=time.time() - age_s)
        station.publish(topic, encode(message))

    order("intruder", start=True)  # not one of the site's stations
    order("desk", start=True, age_s=3600)  # queued for an hour while the tablet was off
    order("desk", start=False)

    orders.wait_for(lambda started: started is False, "the listed station's fresh order")
    assert orders.seen == [False]
