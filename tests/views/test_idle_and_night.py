"""Idle and night: a slow drift home after a quiet while (never during a call), and a dimmer, warmer
night look with the night pictures, never a blank screen; pictures change only while seen and not paused."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.helpcall.states import PatientCallState
from kiosk.look.palette import DAY, NIGHT
from kiosk.views.assembly import Kiosk
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.wire.protocol import CallKind

from .conftest import NIGHT as NIGHT_TIME
from .conftest import FakeClock, KioskFactory, tap, text_of


def test_a_quiet_while_drifts_home_slowly(kiosk: Kiosk, clock: FakeClock) -> None:
    tap(kiosk, "tile_feelings")
    tap(kiosk, "flow_next")
    clock.advance(kiosk.words.content.schedule.return_home_after_seconds - 1)
    kiosk.session.check_idle()
    assert kiosk.session.place.screen == "feelings"

    tap(kiosk, "pacer_slower")  # a touch starts the quiet time again
    clock.advance(kiosk.words.content.schedule.return_home_after_seconds - 1)
    kiosk.session.check_idle()
    assert kiosk.session.place.screen == "feelings"

    clock.advance(1)
    kiosk.session.check_idle()
    assert (kiosk.session.place.screen, kiosk.session.drifting) == ("home", True)


def test_no_drift_home_while_a_call_is_open(make_kiosk: KioskFactory, clock: FakeClock, qtbot: QtBot) -> None:
    service = RehearsalHelpCall(scripted=False)
    kiosk = make_kiosk(service)
    tap(kiosk, "tile_expect")
    service.show(PatientCallState.ON_WAY, CallKind.NOW)
    qtbot.waitUntil(lambda: kiosk.call.open)

    clock.advance(3600)
    kiosk.session.check_idle()
    assert kiosk.session.place.screen == "expect"

    service.show(PatientCallState.IDLE, None)
    qtbot.waitUntil(lambda: not kiosk.call.open)
    clock.advance(kiosk.words.content.schedule.return_home_after_seconds)
    kiosk.session.check_idle()
    assert kiosk.session.place.screen == "home"


def test_night_dims_and_warms_but_never_blanks(kiosk: Kiosk, clock: FakeClock) -> None:
    night_files = {picture.file for picture in kiosk.words.content.imagery.night}
    assert kiosk.theme.color["background"] == DAY.background

    clock.moment = NIGHT_TIME
    kiosk.imagery.check_night()

    assert kiosk.theme.color["background"] == NIGHT.background
    assert kiosk.imagery.picture.file in night_files
    image = kiosk.window.grabWindow()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 97) for y in range(0, image.height(), 61)}
    assert len(colours) > 8
    assert text_of(kiosk, "home_greeting") == kiosk.words.content.screens.home.greeting.in_language("en")
    assert text_of(kiosk, "help_now") == kiosk.words.content.help.now.label.in_language("en")


def test_pictures_change_only_at_home_and_when_not_paused(kiosk: Kiosk) -> None:
    assert kiosk.imagery.rotating
    tap(kiosk, "pause_pictures")
    assert not kiosk.imagery.rotating
    tap(kiosk, "pause_pictures")
    tap(kiosk, "tile_after")
    assert not kiosk.imagery.rotating
    tap(kiosk, "nav_home")
    source = kiosk.imagery.source
    kiosk.imagery.next_picture()
    assert kiosk.imagery.rotating and kiosk.imagery.source != source
