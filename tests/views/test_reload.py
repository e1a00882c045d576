"""Content edits show up live; a broken edit keeps the screen as it was and tells staff every problem."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.views.assembly import Kiosk
from kiosk.views.staff_model import StaffModel

from .conftest import ContentFolder, KioskFactory, save_like_an_editor, tap, text_of


def open_staff_menu(kiosk: Kiosk) -> None:
    for _ in range(5):
        tap(kiosk, "clinic_name")


def staff_lines(kiosk: Kiosk) -> list[str]:
    return list(kiosk.staff.content_lines)


def test_a_saved_edit_changes_the_words_on_screen(
    kiosk: Kiosk, content_folder: ContentFolder, qtbot: QtBot
) -> None:
    greeting = kiosk.words.content.screens.home.greeting.in_language("en")

    save_like_an_editor(content_folder, greeting, "Welcome back. Rest easy.")

    qtbot.waitUntil(lambda: text_of(kiosk, "home_greeting") == "Welcome back. Rest easy.", timeout=5000)


def test_a_broken_edit_keeps_the_screen_and_shows_staff_the_problems(
    make_kiosk: KioskFactory, content_folder: ContentFolder, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(windowed=True)
    tap(kiosk, "tile_expect")
    title = text_of(kiosk, "expect_title")

    with qtbot.waitSignal(kiosk.watch.changed, timeout=5000):
        save_like_an_editor(content_folder, "  expect:\n    nav:", "  expect:\n    nav:\n      titel: oops")

    assert text_of(kiosk, "expect_title") == title
    assert kiosk.session.place.screen == "expect"
    open_staff_menu(kiosk)
    assert kiosk.staff.panel == StaffModel.Panel.Menu
    lines = staff_lines(kiosk)
    assert (
        lines[0]
        == f"{content_folder.path} has problems; patients still see its last version that passed the check."
    )
    shown = kiosk.watch.shown
    assert shown is not None and shown.check.errors
    assert [str(problem) for problem in shown.check.errors] == [
        line for line in lines if line.startswith("content.yaml:")
    ]


def test_reload_in_the_staff_menu_checks_the_file_again(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(windowed=True)
    open_staff_menu(kiosk)

    with qtbot.waitSignal(kiosk.watch.changed, timeout=1000) as reloaded:
        tap(kiosk, "staff_reload")

    assert reloaded.args[0].origin == "file"
    assert kiosk.staff.panel == StaffModel.Panel.Menu
