"""At the bedside, behind the staff gesture and PIN: "a nurse is here" and "finish the call", from a
real kiosk through a real Mosquitto to two real consoles; and Done on an unanswered call asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from kiosk.content.source import built_in_content_path
from kiosk.helpcall.states import PatientCallState
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.session.pin import StaffPin
from kiosk.session.staff import GESTURE_TAPS
from kiosk.views.assembly import Kiosk, KioskOptions
from kiosk.views.staff_model import StaffModel
from kiosk.wire.protocol import CallKind, StationState
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, click
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, WAIT_S, unique_site
from tests.views.conftest import REFERENCE_PX_PER_MM, tap

WAIT_MS = int(WAIT_S * 1000)
PIN = "2468"
pytestmark = OFFSCREEN_ONLY_WARNING


@pytest.fixture
def bedside_kiosk(
    request: pytest.FixtureRequest, qtbot: QtBot, mosquitto: RunningBroker, tmp_path: Path
) -> tuple[Kiosk, TabletHelpCall, str]:
    site = unique_site()
    tablet = TabletHelpCall("12", tmp_path / "tablet", mosquitto.url, site=site, timing=FAST)
    tablet.start()
    request.addfinalizer(tablet.stop)
    StaffPin(tmp_path / "kiosk").set(PIN)
    options = KioskOptions(
        content=built_in_content_path(),
        data_dir=tmp_path / "kiosk",
        px_per_mm=REFERENCE_PX_PER_MM,
        still=True,
    )
    kiosk = Kiosk(options, tablet)
    request.addfinalizer(kiosk.close)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    return kiosk, tablet, site


def staff_menu(kiosk: Kiosk, qtbot: QtBot, *, pin: bool) -> None:
    for _ in range(GESTURE_TAPS):
        tap(kiosk, "clinic_name")
    if pin:
        for digit in PIN:
            tap(kiosk, f"pin_{digit}")
        tap(kiosk, "pin_ok")
    qtbot.waitUntil(lambda: kiosk.staff.panel == StaffModel.Panel.Menu, timeout=WAIT_MS)


def test_a_nurse_is_here_then_finished_at_the_bedside_ends_the_call_at_every_console(
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    bedside_kiosk: tuple[Kiosk, TabletHelpCall, str],
) -> None:
    kiosk, tablet, site = bedside_kiosk
    desk = make_console(mosquitto, site, station_id="desk")
    hall = make_console(mosquitto, site, station_id="hall")
    qtbot.waitUntil(lambda: tablet.snapshot().station_online, timeout=WAIT_MS)
    tap(kiosk, "help_now")
    qtbot.waitUntil(lambda: desk.alarm.state.ringing and hall.alarm.state.ringing, timeout=WAIT_MS)

    staff_menu(kiosk, qtbot, pin=True)
    tap(kiosk, "staff_nurse_here")

    qtbot.waitUntil(lambda: kiosk.call.state == PatientCallState.HERE.value, timeout=WAIT_MS)
    for console in (desk, hall):
        qtbot.waitUntil(lambda console=console: not console.alarm.state.ringing, timeout=WAIT_MS)
        [call] = console.core.snapshot().calls
        assert call.state is StationState.HERE and call.acknowledged_by == "bedside"
        qtbot.waitUntil(
            lambda console=console: (
                console.window.grid.views["12"].state.text() == "a nurse is with the patient"
            ),
            timeout=WAIT_MS,
        )

    staff_menu(kiosk, qtbot, pin=False)  # remembered at this tablet for a few minutes
    tap(kiosk, "staff_finish_call")

    qtbot.waitUntil(lambda: kiosk.call.state in {"done", "idle"}, timeout=WAIT_MS)
    for console in (desk, hall):
        qtbot.waitUntil(lambda console=console: not console.core.snapshot().calls, timeout=WAIT_MS)
    assert [call.state for call in desk.core.history()] == [StationState.DONE]


def test_done_on_a_call_nobody_answered_asks_once(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site)
    tablet = TabletHelpCall("12", tmp_path / "tablet", mosquitto.url, site=site, timing=FAST)
    tablet.start()
    request.addfinalizer(tablet.stop)
    qtbot.waitUntil(lambda: tablet.snapshot().station_online, timeout=WAIT_MS)
    tablet.press(CallKind.NOW)
    view = console.window.grid.views["12"]
    qtbot.waitUntil(view.done_button.isVisible, timeout=WAIT_MS)

    click(qtbot, view.done_button)
    QCoreApplication.processEvents()

    assert console.alarm.state.ringing, "one tap on Done must not clear a call nobody answered"
    assert view.done_button.text().startswith("Really done?")  # the second tap within 6 s finishes it
    click(qtbot, view.done_button)
    qtbot.waitUntil(lambda: not console.core.snapshot().calls, timeout=WAIT_MS)
