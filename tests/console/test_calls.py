"""The console against a real Mosquitto: real tablets, a scripted peer, answering, two consoles in sync."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.console.bridge import StationBridge
from kiosk.helpcall.states import PatientCallState
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.station.ringing import Sound
from kiosk.wire.protocol import CallKind, StationState, Topics
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, click, console_tablet
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, call_json, mosquitto_pub, unique_site

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


def tablet(
    request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path, broker: RunningBroker, site: str, room: str
) -> TabletHelpCall:
    """A real kiosk tablet for `room`, once it sees a station online."""
    return console_tablet(request, qtbot, tmp_path, broker, site, room)[0]


def test_a_press_rings_then_on_my_way_and_done_reach_the_patient(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site)
    room = tablet(request, qtbot, tmp_path, mosquitto, site, "12")
    view = console.window.grid.views["12"]

    with qtbot.waitSignal(console.alarm.sounded, timeout=WAIT_MS) as sounded:
        room.press(CallKind.NOW)
    assert sounded.args == [Sound.NOW]
    qtbot.waitUntil(lambda: view.kind.text() == "Help now", timeout=WAIT_MS)
    assert console.alarm.state.ringing
    assert view.state.text() == "waiting"
    assert view.answer_button.isVisible() and view.done_button.isVisible()
    assert console.window.summary.text().startswith("Help now: Recovery 12, 0:0")

    click(qtbot, view.answer_button)

    qtbot.waitUntil(lambda: room.snapshot().state is PatientCallState.ON_WAY, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.state.text() == "nurse on the way · said at desk", timeout=WAIT_MS)
    assert not console.alarm.state.ringing and not view.answer_button.isVisible()
    assert console.window.summary.text() == "Nobody waiting · 1 nurse on the way"

    click(qtbot, view.done_button)

    qtbot.waitUntil(lambda: room.snapshot().state is PatientCallState.DONE, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: room.snapshot().state is PatientCallState.IDLE, timeout=WAIT_MS)
    assert view.kind.text() == "" and not view.done_button.isVisible()
    assert console.window.summary.text() == "All calm"


def test_silence_quiets_the_sound_but_keeps_the_call(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site)
    room = tablet(request, qtbot, tmp_path, mosquitto, site, "11")
    with qtbot.waitSignal(console.alarm.sounded, timeout=WAIT_MS):
        room.press(CallKind.CHECK)
    button = console.window.silence_button
    qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)

    click(qtbot, button)

    assert console.alarm.state.silenced_until is not None
    assert button.text() in {"Silenced · 1:00", "Silenced · 0:59"} and not button.isEnabled()
    assert console.alarm.state.ringing
    assert console.window.grid.views["11"].kind.text() == "Check on me"
    assert [call.state for call in console.core.snapshot().calls] == [StationState.RECEIVED]
    qtbot.waitUntil(lambda: room.snapshot().state is PatientCallState.RECEIVED, timeout=WAIT_MS)


def test_a_scripted_peer_from_a_room_not_in_the_settings_shows_and_rings(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    topics = Topics(site)
    console = make_console(mosquitto, site)
    call_id = str(uuid.uuid4())

    with qtbot.waitSignal(console.alarm.sounded, timeout=WAIT_MS):
        mosquitto_pub(mosquitto, topics.room("77", "call"), "-m", call_json(call_id, room="77", kind="check"))

    qtbot.waitUntil(lambda: "77" in console.window.grid.views, timeout=WAIT_MS)
    view = console.window.grid.views["77"]
    qtbot.waitUntil(lambda: view.kind.text() == "Check on me", timeout=WAIT_MS)
    assert view.room.text() == "Room 77"
    assert list(console.window.grid.views) == ["11", "12", "77"]
    assert console.alarm.state.ringing
    assert console.window.footer.text().endswith("not in the settings: 77")

    cleared = {**json.loads(call_json(call_id, room="77", kind="check")), "cleared_at": time.time()}
    del cleared["attempt"]
    mosquitto_pub(mosquitto, topics.room("77", "clear"), "-m", json.dumps(cleared))

    qtbot.waitUntil(lambda: "77" not in console.window.grid.views, timeout=WAIT_MS)
    assert not console.alarm.state.ringing


def test_two_consoles_stay_in_sync(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    desk = make_console(mosquitto, site, station_id="desk")
    hall = make_console(mosquitto, site, station_id="hall")
    room = tablet(request, qtbot, tmp_path, mosquitto, site, "12")

    room.press(CallKind.NOW)

    qtbot.waitUntil(lambda: desk.alarm.state.ringing and hall.alarm.state.ringing, timeout=WAIT_MS)
    click(qtbot, desk.window.grid.views["12"].answer_button)
    qtbot.waitUntil(
        lambda: hall.window.grid.views["12"].state.text() == "nurse on the way · said at desk",
        timeout=WAIT_MS,
    )
    assert not hall.alarm.state.ringing
    click(qtbot, hall.window.grid.views["12"].done_button)
    qtbot.waitUntil(lambda: desk.window.grid.views["12"].kind.text() == "", timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: room.snapshot().state in {PatientCallState.DONE, PatientCallState.IDLE}, timeout=WAIT_MS
    )


def test_malformed_messages_do_not_crash_the_console(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, tmp_path: Path
) -> None:
    site = unique_site()
    topics = Topics(site)
    console = make_console(mosquitto, site)
    huge = tmp_path / "huge.json"
    huge.write_text(call_json(str(uuid.uuid4()), pad="x" * 5000))
    for message in (
        ["-m", "{not json"],
        ["-m", call_json(str(uuid.uuid4()), v=3)],
        ["-m", call_json(str(uuid.uuid4()), room="13")],
        ["-m", call_json(str(uuid.uuid4()), patient="Jane Doe")],
        ["-m", call_json("not-a-uuid")],
        ["-f", str(huge)],
    ):
        mosquitto_pub(mosquitto, topics.room("12", "call"), *message)
    mosquitto_pub(mosquitto, f"{topics.root}/room/12/garbage", "-m", "{}")
    mosquitto_pub(mosquitto, topics.room("12", "presence"), "-m", '{"v":1,"room":"12","online":"yes"}')
    good = str(uuid.uuid4())

    mosquitto_pub(mosquitto, topics.room("12", "call"), "-m", call_json(good))

    view = console.window.grid.views["12"]
    qtbot.waitUntil(lambda: view.kind.text() == "Help now", timeout=WAIT_MS)
    assert [call.id for call in console.core.snapshot().calls] == [good]
    assert "Jane" not in console.window.footer.text() + view.room.text()


def test_snapshots_reach_the_console_in_the_order_the_core_made_them(qtbot: QtBot) -> None:
    """One made on paho's thread, then one made on the GUI thread: the older must not arrive last."""

    class Core:
        def add_listener(self, callback: Callable[[object], None]) -> None:
            self.tell = callback

    core = Core()
    bridge = StationBridge(core)  # type: ignore[arg-type]  # only add_listener is used
    seen: list[str] = []
    bridge.changed.connect(seen.append)
    paho = threading.Thread(target=core.tell, args=("older, from paho's thread",))
    paho.start()
    paho.join()
    core.tell("newer, from the GUI thread")
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == ["older, from paho's thread", "newer, from the GUI thread"]
