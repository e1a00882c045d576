"""The deployment's Mosquitto ACL, on a real Mosquitto: a tablet speaks only for its own room."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.station.core import StationCore
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, Recorder, probe

REPO = Path(__file__).resolve().parents[2]
ACL = REPO / "deploy" / "mosquitto" / "lantern.acl"
ROOT = "lantern/v1/clinic"
USERS = {"11": "pw-eleven", "12": "pw-twelve", "station-desk": "pw-desk"}


@pytest.fixture
def guarded_broker(tmp_path: Path, mosquitto_factory: Callable[..., RunningBroker]) -> RunningBroker:
    passwords = tmp_path / "lantern.passwd"
    for user, password in USERS.items():
        flags = ["-c"] if not passwords.exists() else []
        subprocess.run(
            ["mosquitto_passwd", "-b", *flags, str(passwords), user, password], check=True, timeout=30
        )
    return mosquitto_factory([f"password_file {passwords}", f"acl_file {ACL}"], anonymous=False)


def as_user(broker: RunningBroker, user: str) -> BrokerUrl:
    return replace(broker.url, username=user, password=USERS[user])


def call_payload(room: str) -> bytes:
    return json.dumps(
        {
            "v": 1,
            "id": str(uuid.uuid4()),
            "room": room,
            "kind": "now",
            "pressed_at": time.time(),
            "attempt": 1,
        }
    ).encode()


def test_a_tablet_cannot_call_as_another_room_or_forge_a_receipt(
    request: pytest.FixtureRequest, tmp_path: Path, guarded_broker: RunningBroker
) -> None:
    station = StationCore(
        tmp_path / "station", as_user(guarded_broker, "station-desk"), station_id="desk", timing=FAST
    )
    station.start()
    request.addfinalizer(station.stop)
    tablet = TabletHelpCall(
        "11", tmp_path / "tablet", as_user(guarded_broker, "11"), receipt_timeout_s=5, timing=FAST
    )
    states: Recorder[object] = Recorder()
    tablet.add_listener(states)
    tablet.start()
    request.addfinalizer(tablet.stop)
    states.wait_for(lambda snapshot: snapshot.station_online, "room 11 to see the station online")

    tablet.press(CallKind.CHECK)
    states.wait_for(
        lambda snapshot: snapshot.state is PatientCallState.RECEIVED, "the allowed call to be received"
    )

    observer = probe(request, as_user(guarded_broker, "station-desk"), f"{ROOT}/room/+/+")
    forger = probe(request, as_user(guarded_broker, "11"), f"{ROOT}/room/11/status")
    forged_call, forged_status = call_payload("12"), json.dumps({"v": 1, "forged": True}).encode()
    forger.publish(f"{ROOT}/room/12/call", forged_call)
    forger.publish(f"{ROOT}/room/11/status", forged_status)
    marker = call_payload("11")
    forger.publish(f"{ROOT}/room/11/call", marker)

    observer.messages.wait_for(lambda message: message[1] == marker, "room 11's own call to pass the ACL")
    payloads = [payload for _topic, payload in observer.messages.seen]
    assert forged_call not in payloads, "room 11 published a call as room 12"
    assert forged_status not in payloads, "a tablet published a status (a receipt)"
    assert all(call.room == "11" for call in station.history())
