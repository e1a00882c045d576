"""A visit: a fresh start for each patient, the gentle check-in, and the calm line about time."""

from __future__ import annotations

import pytest
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.content.model import Content
from kiosk.views.assembly import Kiosk
from kiosk.views.call_model import CallModel
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.wire.protocol import CallKind, Feeling

from .conftest import ContentFolder, FakeClock, KioskFactory, items, tap, text_of
from .test_staff import PIN, enter, gesture


class HeardByStation(RehearsalHelpCall):
    """A help call that keeps what the station would hear about the visit."""

    def __init__(self) -> None:
        super().__init__(scripted=False)
        self.visits: list[int | None] = []
        self.feelings: list[Feeling] = []

    def report_visit(self, resting_s: int | None) -> None:
        self.visits.append(resting_s)

    def report_check_in(self, feeling: Feeling) -> None:
        self.feelings.append(feeling)


def check_in_every(folder: ContentFolder, minutes: int) -> None:
    folder.replace_line(folder.line_of("every_minutes:"), f"    every_minutes: {minutes}")


def flicks(kiosk: Kiosk) -> list[QQuickItem]:
    return [
        candidate
        for candidate in items(kiosk.window.contentItem())
        if candidate.metaObject().className() == "QQuickFlickable"
    ]


def test_starting_a_visit_puts_back_every_setting_of_the_last_patient(make_kiosk: KioskFactory) -> None:
    from kiosk.session.pin import StaffPin

    StaffPin(make_kiosk.data_dir).set(PIN)
    service = HeardByStation()
    kiosk = make_kiosk(service)
    kiosk.words.toggle_language()
    kiosk.session.toggle_larger_text()
    kiosk.session.toggle_pictures()
    kiosk.session.slower()
    home_flick = flicks(kiosk)[0]
    home_flick.setProperty("contentY", 120)
    kiosk.session.open("expect")
    kiosk.session.toggle_options()  # a small upright tablet's sheet of folded buttons, left open
    assert (kiosk.words.language, kiosk.session.larger_text, kiosk.session.pictures_paused) == (
        "es",
        True,
        True,
    )

    gesture(kiosk)
    enter(kiosk, PIN)
    tap(kiosk, "staff_start_visit")

    assert kiosk.words.language == "en"
    assert not kiosk.session.larger_text
    assert not kiosk.session.pictures_paused
    assert kiosk.session.breathe_in_ms == 5000
    assert kiosk.session.at_home
    assert not kiosk.session.options_open
    assert not kiosk.speech.on
    assert home_flick.property("contentY") == 0
    assert kiosk.staff.panel == 0
    assert kiosk.visit.visiting
    assert service.visits == [0]


def test_a_visit_ends_by_itself_after_its_time(kiosk: Kiosk, clock: FakeClock) -> None:
    kiosk.visit.start()
    clock.advance(119 * 60)
    kiosk.visit.tick()
    assert kiosk.visit.visiting
    clock.advance(60)
    kiosk.visit.tick()
    assert not kiosk.visit.visiting


@pytest.fixture
def checking(make_kiosk: KioskFactory, content_folder: ContentFolder) -> tuple[Kiosk, HeardByStation]:
    check_in_every(content_folder, 15)
    service = HeardByStation()
    kiosk = make_kiosk(service)
    kiosk.visit.start()
    return kiosk, service


def test_the_check_in_comes_on_time_and_leaves_by_itself(
    checking: tuple[Kiosk, HeardByStation], clock: FakeClock
) -> None:
    kiosk, service = checking
    clock.advance(15 * 60 - 1)
    kiosk.visit.tick()
    assert not kiosk.visit.checking_in
    clock.advance(1)
    kiosk.visit.tick()
    assert text_of(kiosk, "check_in_question") == "How are you feeling?"
    assert text_of(kiosk, "check_in_someone") == "I'd like someone to come"
    clock.advance(90)
    kiosk.visit.tick()
    assert not kiosk.visit.checking_in
    assert service.feelings == []  # no answer is fine, and it is not asked again sooner
    clock.advance(15 * 60 - 1)
    kiosk.visit.tick()
    assert not kiosk.visit.checking_in


@pytest.mark.parametrize("feeling", list(Feeling))
def test_each_answer_goes_to_the_station_and_someone_calls(
    checking: tuple[Kiosk, HeardByStation], clock: FakeClock, feeling: Feeling
) -> None:
    kiosk, service = checking
    clock.advance(15 * 60)
    kiosk.visit.tick()
    tap(kiosk, f"check_in_{feeling.value}")
    assert service.feelings == [feeling]
    assert not kiosk.visit.checking_in
    assert (service.snapshot().kind is CallKind.CHECK) == (feeling is Feeling.SOMEONE)


def test_the_check_in_never_comes_during_a_call(
    checking: tuple[Kiosk, HeardByStation], clock: FakeClock, qtbot: QtBot
) -> None:
    kiosk, _service = checking
    kiosk.call.press(CallModel.Kind.Now)
    qtbot.waitUntil(lambda: bool(kiosk.call.open))
    clock.advance(60 * 60)
    kiosk.visit.tick()
    assert not kiosk.visit.checking_in


def test_the_check_in_never_comes_during_a_guided_step(
    checking: tuple[Kiosk, HeardByStation], clock: FakeClock
) -> None:
    kiosk, _service = checking
    kiosk.session.open("feelings")
    kiosk.session.forward()  # breathing
    clock.advance(15 * 60)
    kiosk.visit.tick()
    assert not kiosk.visit.checking_in
    kiosk.session.forward()  # grounding
    kiosk.visit.tick()
    assert not kiosk.visit.checking_in
    kiosk.session.home()
    kiosk.visit.tick()
    assert kiosk.visit.checking_in


ENGLISH = {
    0: "You have just started to rest. Take your time.",
    19: "You have been resting for about 20 minutes.",
    20: "You have been resting for about 20 minutes.",
    61: "You have been resting for about an hour.",
}


@pytest.mark.parametrize("minutes", sorted(ENGLISH))
def test_the_time_line_in_every_language(kiosk: Kiosk, clock: FakeClock, minutes: int) -> None:
    content: Content = kiosk.words.content
    assert content.visit is not None
    resting = content.visit.resting
    kiosk.visit.start()
    clock.advance(minutes * 60)
    kiosk.visit.tick()
    assert text_of(kiosk, "resting_line") == ENGLISH[minutes]
    for language in content.languages:
        kiosk.words.set_language(language)
        expected = (
            {
                0: resting.just_started,
                19: resting.minutes,
                20: resting.minutes,
                61: resting.about_an_hour,
            }[minutes]
            .in_language(language)
            .replace("{minutes}", "20")
        )
        assert text_of(kiosk, "resting_line") == expected
        assert "{" not in expected


def test_no_time_line_without_a_visit(kiosk: Kiosk) -> None:
    assert kiosk.visit.resting_line == ""
    kiosk.visit.start()
    assert text_of(kiosk, "resting_line") != ""
    kiosk.visit.end()
    kiosk.window.grabWindow()
    assert not [
        line
        for line in items(kiosk.window.contentItem())
        if line.objectName() == "time_line" and line.isVisible()
    ]
