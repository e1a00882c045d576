"""A call left "on the way" past its reminder time, on a real console against a real Mosquitto: a soft
chime and "still on the way?" on its tile, without ringing again, until Done."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.helpcall.states import PatientCallState
from kiosk.station.ringing import Sound
from kiosk.wire.protocol import CallKind
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, click, console_tablet
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, unique_site

WAIT_MS = int(WAIT_S * 1000)
REMIND_S = 2
pytestmark = OFFSCREEN_ONLY_WARNING


def test_a_call_left_on_the_way_reminds_softly_on_its_tile_until_done(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, on_way_reminder_s=REMIND_S)
    room, _ = console_tablet(request, qtbot, tmp_path, mosquitto, site, "12")
    view = console.window.grid.views["12"]
    sounds: list[Sound] = []
    console.alarm.sounded.connect(sounds.append)
    room.press(CallKind.CHECK)
    qtbot.waitUntil(lambda: sounds == [Sound.CHECK], timeout=WAIT_MS)

    click(qtbot, view.answer_button)
    qtbot.waitUntil(lambda: view.state.text() == "nurse on the way · said at desk", timeout=WAIT_MS)
    assert Sound.REMINDER not in sounds

    qtbot.waitUntil(lambda: Sound.REMINDER in sounds, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.state.text().startswith("still on the way? 0:0"), timeout=WAIT_MS)
    assert sounds[:2] == [Sound.CHECK, Sound.REMINDER]
    assert console.alarm.state.reminding == (("12", CallKind.CHECK),)
    assert not console.alarm.state.ringing and not view.answer_button.isVisible()
    assert not console.window.silence_button.isEnabled()
    assert console.window.summary.text() == "Nobody waiting · 1 nurse on the way"
    assert room.snapshot().state is PatientCallState.ON_WAY

    click(qtbot, view.done_button)

    qtbot.waitUntil(lambda: console.alarm.state.reminding == (), timeout=WAIT_MS)
    assert view.state.text() == "" and console.alarm.reminders.next_at() is None
    qtbot.waitUntil(lambda: room.snapshot().state is PatientCallState.DONE, timeout=WAIT_MS)
