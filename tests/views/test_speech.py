"""Read aloud, with Qt's mock speech engine: the page's words in the patient's language, or no button."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.helpcall.states import PatientCallState
from kiosk.views.assembly import Kiosk
from kiosk.views.qt_speaker import CALM_PITCH, CALM_RATE, open_engine
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.wire.protocol import CallKind

from .conftest import KioskFactory, item, items, tap, text_of


def test_read_aloud_reads_the_page_and_stops(kiosk: Kiosk, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: bool(kiosk.speech.present))  # the helper process starts after the first frame
    tap(kiosk, "tile_expect")
    expect = kiosk.words.content.screens.expect

    tap(kiosk, "read_aloud")

    qtbot.waitUntil(lambda: bool(kiosk.speech.speaking))
    assert text_of(kiosk, "read_aloud") == kiosk.words.content.ui.stop_reading.in_language("en")
    assert kiosk.page_text().startswith(
        f"{expect.title.in_language('en')}. {expect.intro.in_language('en')}"
        if expect.intro
        else expect.title.in_language("en")
    )
    tap(kiosk, "read_aloud")
    qtbot.waitUntil(lambda: not kiosk.speech.speaking)


def test_an_open_calls_words_are_read_first(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    service = RehearsalHelpCall(scripted=False)
    kiosk = make_kiosk(service)
    service.show(PatientCallState.ON_WAY, CallKind.NOW)
    qtbot.waitUntil(lambda: kiosk.call.state == "on_way")

    on_way = kiosk.words.content.help.on_way
    assert kiosk.page_text().startswith(
        f"{on_way.title.in_language('en')}. {on_way.detail.in_language('en')}"
    )


def test_without_a_voice_for_the_language_the_button_is_hidden(kiosk: Kiosk, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: bool(kiosk.speech.present))
    tap(kiosk, "language")

    assert not kiosk.speech.available
    read_aloud = [child for child in items(kiosk.window.contentItem()) if child.objectName() == "read_aloud"]
    assert [(child.opacity(), child.isEnabled()) for child in read_aloud] == [(0.0, False)]
    while kiosk.words.lang != "en":  # the switch goes through every language and back
        tap(kiosk, "language")
    assert item(kiosk, "read_aloud").isEnabled()


def test_the_voice_is_slower_and_softer_than_the_engine_s_own(qtbot: QtBot) -> None:
    """A drowsy listener: espeak-ng's normal pace is about 175 words a minute, too quick for them."""
    engine = open_engine()

    assert engine is not None
    assert engine.rate() == CALM_RATE < 0
    assert engine.pitch() == CALM_PITCH < 0


def test_on_the_pacer_the_voice_goes_on_to_speak_each_breath(kiosk: Kiosk, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: bool(kiosk.speech.present))
    kiosk.session.open("feelings")
    kiosk.session.forward()
    assert kiosk.session.place.paced
    breathe_in = kiosk.words.content.screens.feelings.breathing.breathe_in.in_language("en")

    kiosk.speech.cue(breathe_in)
    assert not kiosk.speech.speaking, "no voice until the patient asks for it"
    tap(kiosk, "read_aloud")
    qtbot.waitUntil(lambda: bool(kiosk.speech.speaking))
    kiosk.speech.cue(breathe_in)  # while the page is read: left out, not cutting it off
    qtbot.waitUntil(lambda: not kiosk.speech.speaking, timeout=20_000)

    assert kiosk.speech.on and text_of(
        kiosk, "read_aloud"
    ) == kiosk.words.content.ui.stop_reading.in_language("en")
    kiosk.speech.cue(breathe_in)
    qtbot.waitUntil(lambda: bool(kiosk.speech.speaking))

    tap(kiosk, "nav_home")
    assert not kiosk.speech.on, "leaving the pacer ends the voice"
