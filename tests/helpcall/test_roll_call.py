"""Presence that needs nothing a cluster lacks: a roll call instead of retained messages, heartbeats
only at QoS 0, and late words dropped (docs/protocol.md, "Presence on any broker").

RabbitMQ never gives retained messages to a wildcard subscription; here the retained presences are
deleted before the station starts, which leaves a late station exactly as blind. Heartbeats come only
every 30 s, so nothing but the roll call can tell it who is there within the wait.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from paho.mqtt.client import topic_matches_sub

from kiosk.helpcall.states import PatientCallState
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.station.core import StationCore
from kiosk.station.visits import RoomVisit
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.protocol import CallKind, CheckInAnswer, Feeling, Topics, encode
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import (
    FAST,
    desk_probe,
    probe,
    start_station,
    start_tablet,
    unique_site,
    wait_until,
)

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


def test_a_station_that_calls_the_roll_gets_every_open_call_again_at_once(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """A station given several brokers keeps no session: a call sent while it was moving to the next
    node is gone, and the tablet, which never saw it offline, would only send it again after its
    back-off (30 s here). Its roll call on the new node brings every open call back at once."""
    site = unique_site()
    topics = Topics(site)
    desk = desk_probe(request, mosquitto.url, site)
    slow_resends = replace(FAST, resend_first_s=30.0, resend_max_s=30.0, silence_s=60.0)
    tablet, seen = start_tablet(
        request, tmp_path, mosquitto.url, site, timing=slow_resends, stations=frozenset({"desk"})
    )
    seen.wait_for(lambda snapshot: snapshot.station_online, "the tablet to see the desk online")
    call_id = tablet.press(CallKind.CHECK).call_id or ""
    desk.messages.wait_for(lambda message: call_id in message[1].decode(), "the call's first copy")

    roll_call = {"v": 2, "side": "station", "asker": "desk"}
    desk.publish(topics.roll_call("station", "desk"), json.dumps(roll_call).encode())

    desk.messages.wait_for(
        lambda message: call_id in message[1].decode(),
        "the call again, in answer to the desk's roll call",
        timeout=ROLL_CALL_WAIT_S,
    )


def test_a_console_that_calls_the_roll_hears_where_every_call_stands(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """A console given several brokers keeps no session, and one moving between nodes is back before
    the others see it gone: what a colleague said meanwhile reaches it because it calls the roll,
    answered with the status of every open call and the day's finished calls."""
    site = unique_site()
    topics = Topics(site)
    station, _ = start_station(
        request, tmp_path / "desk", mosquitto.url, site, "desk", stations=frozenset({"desk", "desk2"})
    )
    no_resends = replace(FAST, resend_first_s=30.0, resend_max_s=30.0)  # no copy makes the desk repeat
    tablet, seen = start_tablet(
        request, tmp_path / "tablet", mosquitto.url, site, timing=no_resends, stations=frozenset({"desk"})
    )  # a tablet sends its open calls again to a roll call of the site's stations: not desk2's here
    seen.wait_for(lambda snapshot: snapshot.station_online, "the tablet to see the desk")
    finished = tablet.press(CallKind.NOW).call_id or ""
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.RECEIVED, "the first receipt")
    station.clear(finished)
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.IDLE, "the first call to end")
    open_call = tablet.press(CallKind.CHECK).call_id or ""
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.RECEIVED, "the second receipt")
    station.acknowledge(open_call)
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.ON_WAY, "the desk's on my way")
    statuses = probe(request, mosquitto.url, topics.room("12", "status"))
    logged = probe(request, mosquitto.url, topics.station("desk", "logged"))

    roll_call = {"v": 2, "side": "station", "asker": "desk2"}
    statuses.publish(topics.roll_call("station", "desk2"), json.dumps(roll_call).encode())

    statuses.messages.wait_for(
        lambda message: (
            json.loads(message[1])["id"] == open_call and json.loads(message[1])["state"] == "on_way"
        ),
        "the desk to say again that a nurse is on the way",
        timeout=ROLL_CALL_WAIT_S,
    )
    logged.messages.wait_for(
        lambda message: json.loads(message[1])["id"] == finished, "the finished call from the desk's log"
    )


def test_recent_check_in_answers_go_again_when_a_station_calls_the_roll(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """A station given several brokers keeps no session: an answer sent while it moved was lost to it."""
    site = unique_site()
    topics = Topics(site)
    desk_probe(request, mosquitto.url, site)
    tablet, seen = start_tablet(request, tmp_path, mosquitto.url, site, stations=frozenset({"desk"}))
    seen.wait_for(lambda snapshot: snapshot.station_online, "the tablet to see the desk")
    answers = probe(request, mosquitto.url, topics.room("12", "checkin"))
    tablet.report_check_in(Feeling.NOT_GREAT)
    first = answers.messages.wait_for(lambda _: True, "the answer")

    roll_call = {"v": 2, "side": "station", "asker": "desk"}
    answers.publish(topics.roll_call("station", "desk"), json.dumps(roll_call).encode())

    answers.messages.wait_for(lambda message: message == first, "the answer again", timeout=ROLL_CALL_WAIT_S)


def test_a_copy_of_an_earlier_check_in_answer_changes_nothing_at_the_station(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    station, _ = start_station(request, tmp_path, mosquitto.url, site, "desk", rooms=frozenset({"12"}))
    earlier, later, newest = (
        CheckInAnswer(id=str(uuid.uuid4()), room="12", feeling=feeling, at=time.time())
        for feeling in (Feeling.NOT_GREAT, Feeling.OK, Feeling.NOT_GREAT)
    )

    def shown() -> RoomVisit:
        return next(visit for visit in station.snapshot().visits if visit.room == "12")

    def hear(answer: CheckInAnswer) -> None:
        station._on_message(topics.room("12", "checkin"), encode(answer))  # as paho's thread hands it on

    hear(earlier)
    hear(later)
    before = shown()
    hear(earlier)
    hear(later)
    after_copies = shown()
    hear(newest)  # the room's budget is 3 answers at once: copies must not have spent it

    assert before.feeling is Feeling.OK
    assert after_copies == before
    assert shown().feeling is Feeling.NOT_GREAT
    logged = [feeling for _, feeling, _ in station.check_ins_since(0.0)]
    assert logged == [Feeling.NOT_GREAT, Feeling.OK, Feeling.NOT_GREAT]
