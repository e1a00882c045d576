"""The console at the edges, with real consoles, real tablets and a real Mosquitto: a GUI thread that
stops, a room that floods, 2000 retained presences, faults that must be seen, two consoles given one
id. Each would have silenced or lied about a help press before."""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from pytestqt.qtbot import QtBot

from kiosk.config.deployment import EscalationTier, PhoneTarget
from kiosk.helpcall.states import PatientCallState
from kiosk.station.ringing import Sound
from kiosk.wire.protocol import CallKind, RoomPresence, Topics, encode
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, console_tablet
from tests.fixtures.broker import RunningBroker
from tests.fixtures.http_receiver import Receiver
from tests.helpcall.support import FAST, WAIT_S, call_json, spawn, unique_site

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


def block_the_gui_thread(seconds: float) -> None:
    """The fault under test, not a wait: the console's GUI thread stuck, as a hung call would leave it."""
    threading.Event().wait(seconds)


def test_a_console_whose_gui_thread_is_stuck_is_no_station_to_the_patient(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site)
    tablet, seen = console_tablet(request, qtbot, tmp_path, mosquitto, site, "12", timeout_s=2)

    pressed = tablet.press(CallKind.NOW)
    block_the_gui_thread(4.0)

    during = list(seen.seen)
    assert all(s.state is not PatientCallState.RECEIVED for s in during), "a receipt with nothing ringing"
    out = next(s for s in during if s.state is PatientCallState.UNREACHABLE)
    assert out.since - pressed.since < 2.5
    qtbot.waitUntil(lambda: console.alarm.state.ringing, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tablet.snapshot().state is PatientCallState.RECEIVED, timeout=WAIT_MS)


def test_a_flood_from_one_room_rings_once_pages_once_per_tier_and_the_others_still_ring(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    receiver: Receiver,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk.station.core")
    site = unique_site()
    topics = Topics(site)
    console = make_console(
        mosquitto,
        site,
        timing=replace(FAST, room_burst=10, room_refill_s=6.0, quiet_log_s=60.0),
        phones=(PhoneTarget(name="charge", url=f"json://127.0.0.1:{receiver.port}/charge", tags=["charge"]),),
        escalation=(
            EscalationTier(after_seconds=0, notify=["charge"]),
            EscalationTier(after_seconds=2, notify=["charge"]),
        ),
    )
    sounds: list[Sound] = []
    console.alarm.sounded.connect(sounds.append)
    other, _ = console_tablet(request, qtbot, tmp_path, mosquitto, site, "11")
    flooder = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"flood-{uuid.uuid4().hex[:8]}")
    flooder.connect("127.0.0.1", mosquitto.port)
    flooder.loop_start()
    request.addfinalizer(flooder.loop_stop)

    for _ in range(5000):
        flooder.publish(topics.room("12", "call"), call_json(str(uuid.uuid4()), kind="now"), qos=1)
    qtbot.waitUntil(
        lambda: len([c for c in console.core.snapshot().calls if c.room == "12"]) == 10, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: console.alarm.state.ringing and bool(sounds), timeout=WAIT_MS)
    flood_sounds = list(sounds)
    pressed = time.monotonic()
    other.press(CallKind.CHECK)

    qtbot.waitUntil(lambda: other.snapshot().state is PatientCallState.RECEIVED, timeout=WAIT_MS)
    assert time.monotonic() - pressed < 2.0, "room 11 waited behind room 12's flood"
    qtbot.waitUntil(
        lambda: len([p for p in receiver.posts.seen if b"Recovery 12" in p[2]]) >= 2, timeout=WAIT_MS
    )
    calls = console.core.snapshot().calls
    assert len([call for call in calls if call.room == "12"]) <= 10
    assert flood_sounds == [Sound.NOW], "room 12 rang more than once"
    assert len([p for p in receiver.posts.seen if b"Recovery 12" in p[2]]) == 2, "more than one page per tier"
    floods = [r for r in caplog.records if "more new calls than any patient makes" in r.getMessage()]
    assert len(floods) in (1, 2), "one line for the flood (and one more if a minute went by)"


def test_2000_retained_presences_do_not_stop_the_console(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    topics = Topics(site)
    publisher = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"presences-{uuid.uuid4().hex[:8]}")
    publisher.connect("127.0.0.1", mosquitto.port)
    publisher.loop_start()
    for number in range(2000):
        room = f"r{number}"
        info = publisher.publish(
            topics.room(room, "presence"), encode(RoomPresence(room=room, online=True)), qos=1, retain=True
        )
    info.wait_for_publish(WAIT_S)

    console = make_console(mosquitto, site)
    ticks: list[float] = []
    console.window._second.timeout.connect(lambda: ticks.append(time.monotonic()))
    tablet, _ = console_tablet(request, qtbot, tmp_path, mosquitto, site, "12")
    pressed = time.monotonic()
    tablet.press(CallKind.NOW)

    qtbot.waitUntil(lambda: tablet.snapshot().state is PatientCallState.RECEIVED, timeout=WAIT_MS)
    assert time.monotonic() - pressed < 2.0
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=WAIT_MS)
    assert max(later - earlier for earlier, later in itertools.pairwise(ticks)) < 1.5, "the clock stood still"
    assert sorted(console.window.grid.views) == ["11", "12"], "a presence alone made tiles"
    for number in range(2000):
        publisher.publish(topics.room(f"r{number}", "presence"), b"", qos=1, retain=True)
    publisher.loop_stop()


def test_an_offline_tablet_chimes_until_someone_sees_it(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, fault_repeat_s=3)
    args = ["-m", "tests.helpcall.tablet_proc", "--room", "12", "--site", site]
    child = spawn(request, [*args, "--broker", str(mosquitto.url), "--data-dir", str(tmp_path / "tablet")])
    qtbot.waitUntil(lambda: console.window.grid.views["12"].tablet.text() == "online", timeout=WAIT_MS)
    chimes: list[float] = []
    console.alarm.sounded.connect(
        lambda sound: chimes.append(time.monotonic()) if sound is Sound.OFFLINE else None
    )

    child.kill()

    qtbot.waitUntil(lambda: len(chimes) >= 2, timeout=WAIT_MS)
    assert 2.5 < chimes[1] - chimes[0] < 4.5
    assert console.window.summary.text() == "Recovery 12: tablet offline"
    assert console.window.acknowledge_button.isEnabled()
    console.window.acknowledge_button.click()
    assert not console.window.acknowledge_button.isEnabled()
    assert console.alarm.state.faults and not console.alarm.state.unacknowledged
    assert console.window.summary.text() == "Recovery 12: tablet offline", "seen is not fixed: it still shows"


def test_two_consoles_given_one_station_id_say_so(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    first = make_console(mosquitto, site, station_id="desk")
    second = make_console(mosquitto, site, station_id="desk")

    for console in (first, second):
        qtbot.waitUntil(
            lambda console=console: "Another console uses this station's id" in console.window.banner.text(),
            timeout=WAIT_MS,
        )
        assert any(fault.key == "duplicate" for fault in console.alarm.state.faults)


def test_a_call_sent_in_json_with_a_field_twice_is_refused(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site)
    call = json.loads(call_json(str(uuid.uuid4())))
    twice = json.dumps(call)[:-1] + ', "room": "12"}'
    publisher = mqtt.Client(CallbackAPIVersion.VERSION2)
    publisher.connect("127.0.0.1", mosquitto.port)
    publisher.loop_start()
    publisher.publish(Topics(site).room("12", "call"), twice, qos=1).wait_for_publish(WAIT_S)
    publisher.publish(Topics(site).room("12", "call"), call_json(str(uuid.uuid4())), qos=1).wait_for_publish(
        WAIT_S
    )
    publisher.loop_stop()
    qtbot.waitUntil(lambda: console.alarm.state.ringing, timeout=WAIT_MS)
    assert len(console.core.snapshot().calls) == 1
