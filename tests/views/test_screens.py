"""Every screen and every step of the guided flow is reached by tapping the real buttons."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.views.assembly import Kiosk

from .conftest import tap, text_of


def test_each_tile_opens_its_screen_and_home_returns(kiosk: Kiosk) -> None:
    screens = kiosk.words.content.screens
    titles = {
        "expect": screens.expect.title.en,
        "after": screens.after.title.en,
        "resources": screens.resources.title.en,
    }
    for name, title in titles.items():
        tap(kiosk, f"tile_{name}")
        assert kiosk.session.place.screen == name
        assert text_of(kiosk, f"{name}_title") == title
        tap(kiosk, "nav_home")
        assert kiosk.session.place.screen == "home"
        assert text_of(kiosk, "home_greeting") == screens.home.greeting.en


def test_the_feelings_flow_goes_forward_and_back_one_step_at_a_time(kiosk: Kiosk, qtbot: QtBot) -> None:
    feelings = kiosk.words.content.screens.feelings
    tap(kiosk, "tile_feelings")
    assert kiosk.session.place.step == "words"
    tap(kiosk, "flow_next")
    assert text_of(kiosk, "pacer_word") in (
        feelings.breathing.breathe_in.en,
        feelings.breathing.breathe_out.en,
    )
    for index, step in enumerate(feelings.grounding.steps):
        tap(kiosk, "flow_next")
        assert text_of(kiosk, "grounding_prompt") == step.prompt.en, index
    tap(kiosk, "flow_next")
    assert kiosk.session.place.step == "finished"
    tap(kiosk, "flow_start_again")
    assert (kiosk.session.place.step, kiosk.session.place.grounding) == ("grounding", 0)
    tap(kiosk, "flow_back")
    assert kiosk.session.place.step == "breathing"
    for _ in range(len(feelings.grounding.steps) + 2):
        tap(kiosk, "flow_next")
    assert kiosk.session.place.step == "offer"
    assert kiosk.session.can_go_forward is False
    tap(kiosk, "flow_back")
    tap(kiosk, "flow_back")
    assert (kiosk.session.place.step, kiosk.session.place.grounding) == (
        "grounding",
        len(feelings.grounding.steps) - 1,
    )
    tap(kiosk, "nav_home")
    assert kiosk.session.place.screen == "home"


def test_the_pacer_keeps_its_pace_within_four_to_ten_breaths(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_feelings")
    tap(kiosk, "flow_next")
    assert kiosk.session.breathe_in_ms == 5000
    for _ in range(10):
        if kiosk.session.can_slow:
            tap(kiosk, "pacer_slower")
    assert kiosk.session.breathe_in_ms == 7500
    for _ in range(10):
        if kiosk.session.can_quicken:
            tap(kiosk, "pacer_faster")
    assert kiosk.session.breathe_in_ms == 3000


def test_language_and_larger_text_switch_on_screen(kiosk: Kiosk) -> None:
    content = kiosk.words.content
    assert text_of(kiosk, "language") == content.ui.language_name.es
    body_before = kiosk.theme.font["body"]

    tap(kiosk, "language")
    tap(kiosk, "larger_text")

    assert text_of(kiosk, "home_greeting") == content.screens.home.greeting.es
    assert text_of(kiosk, "language") == content.ui.language_name.en
    assert kiosk.theme.font["body"] > body_before
