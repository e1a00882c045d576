"""A visit is started or ended at a tablet only by one of the site's listed stations, and only by a fresh
order: a forged station id or an order queued for hours must never wipe a patient's screen."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kiosk.wire.protocol import Topics, VisitOrder, encode
from tests.fixtures.broker import RunningBroker

from .support import MqttProbe, Recorder, probe, start_station, start_tablet, unique_site


def tablet_taking_orders(
    request: pytest.FixtureRequest,
    mosquitto: RunningBroker,
    tmp_path: Path,
    stations: frozenset[str] = frozenset({"desk"}),
) -> tuple[Recorder[bool], MqttProbe, str]:
    """Room 12's tablet, the orders it took (True: start), and a probe to send them on its topic."""
    site = unique_site()
    tablet, seen = start_tablet(request, tmp_path, mosquitto.url, site, stations=stations)
    seen.wait_for(lambda snapshot: snapshot.broker_connected, "the tablet to connect")
    orders: Recorder[bool] = Recorder()
    tablet.add_visit_listener(orders)
    topic = Topics(site).room("12", "order")
    return orders, probe(request, mosquitto.url, topic), topic


def test_only_a_listed_station_s_fresh_order_counts(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    orders, station, topic = tablet_taking_orders(request, mosquitto, tmp_path)

    def order(station_id: str, *, start: bool, age_s: float = 0.0) -> None:
        message = VisitOrder(room="12", station=station_id, start=start, at=time.time() - age_s)
        station.publish(topic, encode(message))

    order("intruder", start=True)  # not one of the site's stations
    order("desk", start=True, age_s=3600)  # queued for an hour while the tablet was off
    order("desk", start=False)

    orders.wait_for(lambda started: started is False, "the listed station's fresh order")
    assert orders.seen == [False]


def test_an_order_is_taken_once_however_often_it_comes(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """QoS 1 may bring a copy, and a station sends its last order again when the tablet calls the
    roll: a second "start" would wipe the screen of a visit under way."""
    orders, station, topic = tablet_taking_orders(request, mosquitto, tmp_path, frozenset({"desk", "desk2"}))
    start = encode(VisitOrder(room="12", station="desk", start=True, at=time.time()))

    station.publish(topic, start)
    station.publish(topic, start)
    station.publish(topic, encode(VisitOrder(room="12", station="desk", start=False, at=time.time())))
    orders.wait_for(lambda started: started is False, "the end of the visit")
    # another console's start, given before that end, sent again late: the end overtook it
    station.publish(topic, encode(VisitOrder(room="12", station="desk2", start=True, at=time.time() - 5)))
    station.publish(topic, encode(VisitOrder(room="12", station="desk", start=True, at=time.time())))

    orders.wait_for(lambda started: started is True, "the next visit's start")
    assert orders.seen == [True, False, True]


def test_a_station_sends_its_last_order_again_when_the_room_s_tablet_calls_the_roll(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """A tablet given several brokers keeps no session: an order sent while it moved was lost to it."""
    site = unique_site()
    topics = Topics(site)
    station, seen = start_station(request, tmp_path, mosquitto.url, site, "desk")
    seen.wait_for(lambda snapshot: snapshot.broker_connected, "the station to connect")
    tablet = probe(request, mosquitto.url, topics.room("12", "order"))
    assert station.order_visit("12", start=True)
    sent = tablet.messages.wait_for(lambda _: True, "the order")

    tablet.publish(
        topics.roll_call("room", "12"), json.dumps({"v": 2, "side": "room", "asker": "12"}).encode()
    )

    tablet.messages.wait_for(lambda message: message == sent, "the same order again")
