"""Never a broken screen: a QML file that fails falls back to a calm screen that still calls; errors reach staff."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.helpcall.states import HelpCallSnapshot
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.wire.protocol import CallKind

from .conftest import KioskFactory, tap, text_of


@pytest.mark.qt_log_ignore("failed to load component")
def test_a_broken_main_screen_falls_back_to_one_that_still_calls(
    make_kiosk: KioskFactory, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "Main.qml"
    broken.write_text("import QtQuick\nWindow { this is not QML\n", encoding="utf-8")
    service = RehearsalHelpCall(scripted=False)

    kiosk = make_kiosk(service, main_qml=broken)
    caplog.clear()  # the broken file's own QML errors are expected here

    tap(kiosk, "fallback_now")
    assert service.snapshot().kind is CallKind.NOW


def test_errors_are_shown_to_staff(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(windowed=True)
    logging.getLogger("kiosk.test").error("The outbox disk is full")
    qtbot.waitUntil(lambda: "kiosk.test: The outbox disk is full" in kiosk.staff.logged)


class BrokenHelpCall(RehearsalHelpCall):
    """A help call whose press fails inside, as a bug or a full disk might make it."""

    def press(self, kind: CallKind) -> HelpCallSnapshot:
        raise OSError("disk full")


def test_a_failing_press_tells_the_patient_to_call_out(make_kiosk: KioskFactory) -> None:
    kiosk = make_kiosk(BrokenHelpCall(scripted=False))

    tap(kiosk, "help_now")

    assert kiosk.call.state == "unreachable"
    assert text_of(kiosk, "status_title") == kiosk.words.content.help.unreachable.title.in_language("en")
    assert kiosk.call.snapshot.staff_problem == "The help call failed; see the log."
