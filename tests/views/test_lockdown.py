"""A kiosk window cannot be closed or escaped from; a development window can be closed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.views.assembly import Kiosk

from .conftest import KioskFactory, tap


def test_close_escape_and_alt_f4_do_nothing(kiosk: Kiosk) -> None:
    tap(kiosk, "tile_expect")

    kiosk.window.close()
    QTest.keyClick(kiosk.window, Qt.Key.Key_Escape)
    QTest.keyClick(kiosk.window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)

    assert kiosk.window.isVisible()
    assert kiosk.session.place.screen == "expect"


def test_a_development_window_closes(make_kiosk: KioskFactory) -> None:
    kiosk = make_kiosk(windowed=True)
    kiosk.window.close()
    assert not kiosk.window.isVisible()
