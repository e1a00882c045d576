"""Presence that needs nothing a cluster lacks: a roll call instead of retained messages, heartbeats
only at QoS 0, and late words dropped (docs/protocol.md, "Presence on any broker").

RabbitMQ never gives retained messages to a wildcard subscription; here the retained presences are
deleted before the station starts, which leaves a late station exactly as blind. Heartbeats come only
every 30 s, so nothing but the roll call can tell it who is there within the wait.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from paho.mqtt.client import topic_matches_sub

from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.station.core import StationCore
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.protocol import Topics
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, probe, start_station, start_tablet, unique_site, wait_until

ROOMS = ("11", "12", "13")
SLOW_HEARTBEATS = replace(FAST, heartbeat_s=30.0, silence_s=60.0)
ROLL_CALL_WAIT_S = 3.0


def test_a_late_station_learns_every_tablet_and_station_through_the_roll_call_without_retained_presence(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    presences = probe(request, mosquitto.url, topics.room("+", "presence"))
    for room in ROOMS:
        start_tablet(request, tmp_path / room, mosquitto.url, site, room=room, timing=SLOW_HEARTBEATS)
    start_station(request, tmp_path / "first", mosquitto.url, site, "first", timing=SLOW_HEARTBEATS)
    retained = {topics.room(room, "presence") for room in ROOMS}
    wait_until(lambda: retained <= {topic for topic, _ in presences.messages.seen}, "every tablet's presence")
    for topic in retained:
        presences.publish(topic, b"", retain=True)  # as on RabbitMQ: no retained presence for the station

    _, seen = start_station(
        request,
        tmp_path / "late",
        mosquitto.url,
        site,
        "late",
        timing=SLOW_HEARTBEATS,
        rooms=frozenset(ROOMS),
    )

    seen.wait_for(
        lambda snapshot: (
            [tablet.peer for tablet in snapshot.tablets if tablet.online] == list(ROOMS)
            and [station.peer for station in snapshot.stations if station.online] == ["first"]
        ),
        "the late station to hear every tablet and the other station answer its roll call",
        timeout=ROLL_CALL_WAIT_S,
    )


def test_stale_and_out_of_order_presence_is_dropped_and_version_1_is_still_taken(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, seen = start_station(
        request, tmp_path, mosquitto.url, site, timing=replace(FAST, silence_s=60.0), rooms=frozenset(ROOMS)
    )
    seen.wait_for(lambda snapshot: snapshot.broker_connected, "the station to connect")
    sender = probe(request, mosquitto.url, topics.room("none", "none"))

    def heartbeat(room: str, *, seq: int, age_s: float = 0.0, online: bool = True) -> None:
        word = {"v": 2, "room": room, "online": online, "instance": "0123abcd", "seq": seq}
        sender.publish(
            topics.room(room, "heartbeat"), json.dumps({**word, "sent_at": time.time() - age_s}).encode()
        )

    def online() -> list[str]:
        return [tablet.peer for tablet in station.snapshot().tablets if tablet.online]

    heartbeat("11", seq=5, age_s=600)  # replayed from a queue after a long absence
    heartbeat("12", seq=7)
    heartbeat("12", seq=8, online=False)
    heartbeat("12", seq=6)  # a copy from a node that thawed late: older than what was heard
    v1 = {"v": 1, "room": "13", "online": True}
    sender.publish(topics.room("13", "heartbeat"), json.dumps(v1).encode())
    seen.wait_for(lambda snapshot: any(tablet.peer == "13" for tablet in snapshot.tablets), "room 13")

    assert online() == ["13"]
    heartbeat("11", seq=6)
    seen.wait_for(lambda snapshot: "11" in [t.peer for t in snapshot.tablets if t.online], "a fresh word")


@pytest.mark.parametrize("peer", ["station", "tablet"])
def test_heartbeats_and_roll_calls_are_never_taken_at_qos_1(peer: str, tmp_path: Path) -> None:
    """A broker keeps QoS 1 subscriptions' messages for a peer that is away (RabbitMQ also QoS 0
    messages that match one): a station back after an hour must not replay thousands of heartbeats."""
    topics = Topics("clinic")
    nowhere = BrokerUrl("127.0.0.1", 1)
    core = (
        StationCore(tmp_path, nowhere, station_id="desk")
        if peer == "station"
        else TabletHelpCall("12", tmp_path, nowhere)
    )
    subscriptions = core._transport._subscriptions
    worthless_late = [
        topics.room("12", "heartbeat"),
        topics.station("desk2", "heartbeat"),
        topics.roll_call("station", "desk2"),
        topics.roll_call("watch", "office"),
    ]

    for topic in worthless_late:
        matching = {qos for wanted, qos in subscriptions if topic_matches_sub(wanted, topic)}
        assert matching <= {0}, topic
    assert any(topic_matches_sub(wanted, topics.station("desk2", "heartbeat")) for wanted, _ in subscriptions)
