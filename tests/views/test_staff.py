"""The hidden staff gesture, Lantern's own PIN pad with growing delays, and the staff menu's actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.session.pin import StaffPin
from kiosk.views.assembly import Kiosk
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.views.staff_model import StaffModel
from kiosk.wire.protocol import CallKind
from tests.helpcall.support import wait_until

from .conftest import FakeClock, KioskFactory, tap, text_of

PIN = "5731"


def gesture(kiosk: Kiosk) -> None:
    for _ in range(5):
        tap(kiosk, "clinic_name")


def enter(kiosk: Kiosk, pin: str) -> None:
    """Tap the PIN, then wait for its check, which runs off the GUI thread."""
    for digit in pin:
        tap(kiosk, f"pin_{digit}")
    tap(kiosk, "pin_ok")
    wait_until(
        lambda: not (QCoreApplication.processEvents() or kiosk.staff.checking), "the PIN to be checked"
    )


@pytest.fixture
def locked_kiosk(make_kiosk: KioskFactory) -> Kiosk:
    StaffPin(make_kiosk.data_dir).set(PIN)
    return make_kiosk()


def test_four_taps_do_nothing_five_open_the_pin_pad(locked_kiosk: Kiosk, clock: FakeClock) -> None:
    for _ in range(4):
        tap(locked_kiosk, "clinic_name")
    clock.advance(3.5)
    tap(locked_kiosk, "clinic_name")
    assert locked_kiosk.staff.panel == StaffModel.Panel.Closed

    gesture(locked_kiosk)

    assert locked_kiosk.staff.panel == StaffModel.Panel.Pin


def test_wrong_pins_lock_the_pad_for_longer_each_time(locked_kiosk: Kiosk, clock: FakeClock) -> None:
    gesture(locked_kiosk)
    for _ in range(3):
        enter(locked_kiosk, "0000")
    assert text_of(locked_kiosk, "pin_message") == "Too many wrong PINs. You can try again in 30 s."
    assert locked_kiosk.staff.locked

    clock.advance(30)
    locked_kiosk.staff.close()
    gesture(locked_kiosk)
    enter(locked_kiosk, "1111")  # the wait is over; wrong again, and the wait doubles
    assert text_of(locked_kiosk, "pin_message") == "Too many wrong PINs. You can try again in 60 s."

    clock.advance(60)
    locked_kiosk.staff.close()
    gesture(locked_kiosk)
    enter(locked_kiosk, PIN)
    assert locked_kiosk.staff.panel == StaffModel.Panel.Menu


def test_the_menu_sends_a_test_call_and_exits(make_kiosk: KioskFactory) -> None:
    StaffPin(make_kiosk.data_dir).set(PIN)
    exits: list[bool] = []
    service = RehearsalHelpCall(scripted=False)
    kiosk = make_kiosk(service, on_exit=lambda: exits.append(True))
    gesture(kiosk)
    enter(kiosk, PIN)

    tap(kiosk, "staff_test_call")
    tap(kiosk, "staff_exit")

    assert service.snapshot().kind is CallKind.TEST
    assert exits == [True]


def test_without_a_pin_a_locked_kiosk_says_how_to_set_one(make_kiosk: KioskFactory) -> None:
    kiosk = make_kiosk()
    gesture(kiosk)
    assert kiosk.staff.panel == StaffModel.Panel.SetPinFirst
    assert "lantern set-pin" in text_of(kiosk, "staff_set_pin_first")
    tap(kiosk, "staff_close")
    assert kiosk.staff.panel == StaffModel.Panel.Closed


def test_without_a_pin_a_development_window_opens_the_menu(make_kiosk: KioskFactory) -> None:
    kiosk = make_kiosk(windowed=True)
    gesture(kiosk)
    assert kiosk.staff.panel == StaffModel.Panel.Menu


def test_the_staff_panel_closes_when_the_kiosk_drifts_home(locked_kiosk: Kiosk, clock: FakeClock) -> None:
    tap(locked_kiosk, "tile_after")
    gesture(locked_kiosk)
    clock.advance(locked_kiosk.words.content.schedule.return_home_after_seconds)
    locked_kiosk.session.check_idle()
    assert (locked_kiosk.session.place.screen, locked_kiosk.staff.panel) == ("home", StaffModel.Panel.Closed)
