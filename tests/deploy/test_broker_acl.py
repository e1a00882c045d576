"""The deployment's Mosquitto settings and ACL, on a real Mosquitto: a tablet speaks only for its own
room, and no device's password can take another's client id."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.helpcall.states import PatientCallState
from kiosk.publishing.contentset import ContentSet
from kiosk.publishing.server import ContentServer
from kiosk.publishing.station_link import StationPublisher
from kiosk.publishing.tablet_link import TabletContentLink
from kiosk.publishing.versions import VersionStore
from kiosk.relay.devices import Tasmota
from kiosk.relay.mqtt import MqttRelay
from kiosk.relay.runner import RelayRunner
from kiosk.station.watch import SiteWatcher
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.content_protocol import ContentReport, Manifest, ReportState, encode
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, probe, start_station, start_tablet, wait_until
from tests.relay.devices import tasmota

REPO = Path(__file__).resolve().parents[2]
ACL = REPO / "deploy" / "mosquitto" / "lantern.acl"
CONF = REPO / "deploy" / "mosquitto" / "lantern.conf"
MACHINE_SETTINGS = {"listener", "cafile", "certfile", "keyfile", "tls_version", "password_file", "acl_file"}
"""The shipped lines that name this machine's files and ports; the test broker has its own."""
ROOT = "lantern/v1/clinic"
USERS = {"11": "pw-eleven", "12": "pw-twelve", "station-desk": "pw-desk"}
USERS |= {f"{user}-content": password for user, password in USERS.items()}
"""Each device's second login, for content: its own name with -content, the same password."""
USERS["headoffice"] = "pw-office"
USERS |= {"11-relay": "pw-eleven", "12-relay": "pw-twelve", "relay-device-12": "pw-relay-twelve"}
"""A tablet's third login, for its room's nurse-call relay, and the relay device's own."""


@pytest.fixture
def guarded_broker(tmp_path: Path, mosquitto_factory: Callable[..., RunningBroker]) -> RunningBroker:
    passwords = tmp_path / "lantern.passwd"
    for user, password in USERS.items():
        flags = ["-c"] if not passwords.exists() else []
        subprocess.run(
            ["mosquitto_passwd", "-b", *flags, str(passwords), user, password], check=True, timeout=30
        )
    return mosquitto_factory(
        [*shipped_settings(), f"password_file {passwords}", f"acl_file {ACL}"], anonymous=False
    )


def shipped_settings() -> list[str]:
    """Every setting of the shipped lantern.conf but those that name files, ports and TLS."""
    lines = [line.strip() for line in CONF.read_text().splitlines()]
    return [
        line
        for line in lines
        if line and not line.startswith("#") and line.split()[0] not in MACHINE_SETTINGS
    ]


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


def assert_a_call_from_room_gets_through(
    request: pytest.FixtureRequest, tmp_path: Path, broker: RunningBroker, room: str
) -> None:
    """The room's own tablet, logged in as the room, calls and gets the station's receipt."""
    tablet, seen = start_tablet(
        request, tmp_path / f"tablet-{room}", as_user(broker, room), "clinic", room=room, timeout_s=5
    )
    seen.wait_for(lambda snapshot: snapshot.station_online, f"room {room} to see the station online")
    tablet.press(CallKind.CHECK)
    seen.wait_for(
        lambda snapshot: snapshot.state is PatientCallState.RECEIVED, f"room {room}'s call to be received"
    )


def room_12_content(
    request: pytest.FixtureRequest, guarded_broker: RunningBroker, tmp_path: Path
) -> tuple[TabletContentLink, list[int]]:
    """Room 12's content link under its own login, and the versions it has shown so far."""
    shown: list[int] = []
    tablet = TabletContentLink(
        as_user(guarded_broker, "12"),
        "clinic",
        "12",
        tmp_path / "tablet",
        stations=frozenset({"desk"}),
        on_ready=lambda _path, version: shown.append(version),
    )
    tablet.start()
    request.addfinalizer(tablet.stop)
    return tablet, shown


def test_a_tablet_cannot_call_as_another_room_or_forge_a_receipt(
    request: pytest.FixtureRequest, tmp_path: Path, guarded_broker: RunningBroker
) -> None:
    station, _ = start_station(
        request, tmp_path / "station", as_user(guarded_broker, "station-desk"), "clinic", "desk"
    )
    assert_a_call_from_room_gets_through(request, tmp_path, guarded_broker, "11")

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


def test_a_tablet_password_cannot_take_the_station_off_the_broker(
    request: pytest.FixtureRequest, tmp_path: Path, guarded_broker: RunningBroker
) -> None:
    """Room 11's password with the station's client id, again and again: the station stays on."""
    _station, seen = start_station(
        request, tmp_path / "station", as_user(guarded_broker, "station-desk"), "clinic", "desk"
    )
    seen.wait_for(lambda snapshot: snapshot.broker_connected, "the station to connect")
    impostor_url = as_user(guarded_broker, "11")
    for attempt in range(5):
        connected = threading.Event()
        impostor = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="lantern-station-clinic-desk")
        impostor.username_pw_set(impostor_url.username, impostor_url.password)
        impostor.on_connect = lambda *_args, done=connected: done.set()
        impostor.connect(impostor_url.host, impostor_url.port)
        impostor.loop_start()
        assert connected.wait(WAIT_S), f"attempt {attempt + 1}: the impostor could not log in at all"
        impostor.disconnect()
        impostor.loop_stop()
    assert_a_call_from_room_gets_through(request, tmp_path, guarded_broker, "12")
    first = next(index for index, snapshot in enumerate(seen.seen) if snapshot.broker_connected)
    assert all(snapshot.broker_connected for snapshot in seen.seen[first:]), "the station was knocked off"


def test_the_bedside_here_and_clear_pass_the_shipped_acl(
    request: pytest.FixtureRequest, tmp_path: Path, guarded_broker: RunningBroker
) -> None:
    """Staff at room 12's tablet say a nurse is here, then finish the call: the station hears both."""
    station, _ = start_station(
        request, tmp_path / "station", as_user(guarded_broker, "station-desk"), "clinic", "desk"
    )
    tablet, seen = start_tablet(
        request, tmp_path / "tablet", as_user(guarded_broker, "12"), "clinic", room="12", timeout_s=5
    )
    seen.wait_for(lambda snapshot: snapshot.station_online, "the tablet to see the station online")
    call_id = tablet.press(CallKind.NOW).call_id
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.RECEIVED, "the receipt")

    tablet.nurse_here()
    wait_until(lambda: station.history()[0].acknowledged_by == "bedside", "the station to hear 'here'")
    tablet.clear_at_bedside()
    wait_until(lambda: not station.snapshot().calls, "the station to finish the call")
    assert station.history()[0].id == call_id


def test_content_from_the_station_passes_the_acl_and_a_tablet_cannot_forge_it(
    request: pytest.FixtureRequest, tmp_path: Path, guarded_broker: RunningBroker
) -> None:
    """Through the shipped ACL: the station's set reaches room 12, which reports it; room 11's logins
    cannot publish a manifest as the station, nor report as room 12 (well-formed forgeries, version 99)."""
    store = VersionStore(tmp_path / "versions")
    request.addfinalizer(store.close)
    content = ContentSet.read(REPO / "content.yaml")
    forged_manifest = Manifest(
        station="desk", version=99, published_at=1.0, summary="forged", files=content.entries()
    )
    forged_report = ContentReport(room="12", version=99, state=ReportState.SHOWING)
    for login in ("11", "11-content"):
        forger = probe(request, as_user(guarded_broker, login), f"{ROOT}/content/station/desk/manifest")
        forger.publish(f"{ROOT}/content/station/desk/manifest", encode(forged_manifest), retain=True)
        forger.publish(f"{ROOT}/content/room/12-content", encode(forged_report), retain=True)
        forger.close()
    publisher = StationPublisher(as_user(guarded_broker, "station-desk"), "clinic", "desk")
    publisher.start()
    request.addfinalizer(publisher.stop)
    assert publisher.wait_connected(WAIT_S)
    tablet, shown = room_12_content(request, guarded_broker, tmp_path)

    manifest = store.add(content, "desk")
    assert publisher.send(manifest, store.read(manifest), WAIT_S)

    wait_until(lambda: shown == [manifest.version], "room 12 to get the station's set")
    tablet.showing(manifest.version)
    assert publisher.wait_for(
        lambda reports: "12" in reports and reports["12"].state is ReportState.SHOWING, WAIT_S
    ), publisher.reports()
    assert publisher.reports()["12"].version == manifest.version, "a forged report reached the station"
    assert shown == [manifest.version], "a forged manifest reached the tablet"


def test_the_content_roll_call_and_asks_pass_the_acl(
    request: pytest.FixtureRequest, tmp_path: Path, guarded_broker: RunningBroker
) -> None:
    """Through the shipped ACL, with nothing retained on the broker (as on RabbitMQ): room 12 asks for
    the station's live set and gets it from the station's content server, file by file, and a
    publisher's content roll call hears room 12."""
    store = VersionStore(tmp_path / "versions")
    request.addfinalizer(store.close)
    manifest = store.add(ContentSet.read(REPO / "content.yaml"), "desk")
    server = ContentServer(as_user(guarded_broker, "station-desk"), "clinic", "desk", store)
    server.start()
    request.addfinalizer(server.stop)
    _, shown = room_12_content(request, guarded_broker, tmp_path)

    wait_until(lambda: shown == [manifest.version], "room 12 to get the live set from the content server")
    publisher = StationPublisher(as_user(guarded_broker, "station-desk"), "clinic", "desk")
    publisher.start()
    request.addfinalizer(publisher.stop)
    assert publisher.wait_connected(WAIT_S)
    wait_until(lambda: "12" in publisher.expected_rooms(), "the publisher's roll call to hear room 12")


def test_the_head_office_login_sees_the_site_and_cannot_speak_for_a_station(
    request: pytest.FixtureRequest, tmp_path: Path, guarded_broker: RunningBroker
) -> None:
    """`lantern sites` works on the shipped read-only login: the roll call passes, a forged status not."""
    station, _ = start_station(
        request, tmp_path / "station", as_user(guarded_broker, "station-desk"), "clinic", "desk"
    )
    assert_a_call_from_room_gets_through(request, tmp_path, guarded_broker, "12")
    observer = probe(request, as_user(guarded_broker, "station-desk"), f"{ROOT}/room/+/status")
    watcher = SiteWatcher(as_user(guarded_broker, "headoffice"))
    watcher.start()
    request.addfinalizer(watcher.stop)

    wait_until(
        lambda: (
            [
                (view.site, [t.peer for t in view.tablets if t.online], len(view.calls))
                for view in watcher.sites()
            ]
            == [("clinic", ["12"], 1)]
        ),
        "the head office to see room 12 online and its open call, learned through the roll call",
    )
    assert watcher.problem is None
    forger = probe(request, as_user(guarded_broker, "headoffice"), f"{ROOT}/room/12/presence")
    forged = json.dumps({"v": 1, "forged": True}).encode()
    forger.publish(f"{ROOT}/room/12/status", forged)
    marker = call_payload("12")
    probe(request, as_user(guarded_broker, "12"), f"{ROOT}/room/12/status").publish(
        f"{ROOT}/room/12/call", marker
    )
    wait_until(lambda: len(station.history()) == 2, "room 12's own call after the forgery")
    assert forged not in [payload for _topic, payload in observer.messages.seen], (
        "the head office wrote a status"
    )


def test_a_tablet_switches_only_its_own_rooms_relay(
    request: pytest.FixtureRequest, guarded_broker: RunningBroker
) -> None:
    device = tasmota(request, as_user(guarded_broker, "relay-device-12"), "12-relay")
    relay = RelayRunner(
        MqttRelay(as_user(guarded_broker, "12"), Tasmota("12-relay"), "relay-12"), confirm_s=2, reassert_s=2
    )
    relay.start()
    request.addfinalizer(relay.stop)
    relay.want(True)
    device.commands.wait_for(lambda closed: closed, "room 12's relay closed through the login 12-relay")
    wait_until(lambda: relay.fault is None and device.closed is True, "room 12's relay confirmed")

    forger = probe(request, as_user(guarded_broker, "11-relay"), "stat/11-relay/#")
    forger.publish("cmnd/12-relay/POWER1", b"OFF")
    # The relay says its wanted state again every 2 s: what comes next must be that, not room 11's word.
    assert device.next_command(after=time.monotonic() - 0.001) is True
    assert device.closed is True
