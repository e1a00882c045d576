"""A 7-inch tablet stood upright folds its shared buttons behind More: the sheet opens, every button in it
acts, and any move of the page closes it. Larger panels keep every shared button in view."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from kiosk.session.screen_size import pixels_per_mm
from kiosk.views.assembly import Kiosk

from .conftest import KioskFactory, item, items, shown_opacity, tap


def on_panel(kiosk: Kiosk, qtbot: QtBot, width: int, height: int, inches: float) -> None:
    kiosk.theme.set_px_per_mm(pixels_per_mm(width, height, None, inches))
    kiosk.window.resize(width, height)
    qtbot.waitUntil(lambda: kiosk.theme.portrait == (height > width))


def shown(kiosk: Kiosk, name: str) -> bool:
    return any(
        candidate.objectName() == name and candidate.isVisible() and shown_opacity(candidate) > 0
        for candidate in items(kiosk.window.contentItem())
    )


def test_more_opens_the_folded_buttons_and_they_act(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    on_panel(kiosk, qtbot, 600, 1024, 7.0)
    assert not shown(kiosk, "larger_text") and not shown(kiosk, "language")
    assert str(item(kiosk, "more").property("text")) == "More"

    tap(kiosk, "more")
    assert shown(kiosk, "options_sheet")
    tap(kiosk, "sheet_larger_text")
    assert kiosk.session.larger_text
    tap(kiosk, "sheet_language")
    assert kiosk.words.language == "es"
    assert shown(kiosk, "options_sheet"), "the sheet stays open while the patient sets things"

    tap(kiosk, "more")
    assert not shown(kiosk, "options_sheet")
    tap(kiosk, "more")
    tap(kiosk, "help_check")  # the help buttons are never under the sheet
    assert not shown(kiosk, "options_sheet"), "a call's change shows the call, not the sheet"
    assert shown(kiosk, "call_status")


def test_a_move_of_the_page_closes_the_sheet(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    on_panel(kiosk, qtbot, 600, 1024, 7.0)
    kiosk.session.open("expect")
    tap(kiosk, "more")
    tap(kiosk, "nav_home")
    assert kiosk.session.at_home
    assert not shown(kiosk, "options_sheet")


def test_a_10_inch_tablet_upright_folds_its_row_too(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    """Its 136 mm hold three of the shared buttons, not four or five: two rows would squeeze the call's words."""
    kiosk = make_kiosk()
    on_panel(kiosk, qtbot, 800, 1280, 10.1)
    assert shown(kiosk, "more") and not shown(kiosk, "larger_text")


@pytest.mark.parametrize(("width", "height", "inches"), [(1280, 800, 10.1), (1024, 600, 7.0)])
def test_tablets_on_their_side_keep_every_button_in_view(
    make_kiosk: KioskFactory, qtbot: QtBot, width: int, height: int, inches: float
) -> None:
    kiosk = make_kiosk()
    on_panel(kiosk, qtbot, width, height, inches)
    assert shown(kiosk, "larger_text") and shown(kiosk, "language")
    assert not shown(kiosk, "more")
