"""The Qt binding must not leak references to None: PySide6 6.12 on Python 3.11 did, and a kiosk that
runs for days aborted after a few thousand Qt calls. This keeps an upgrade from bringing it back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer


def test_qt_calls_that_return_nothing_keep_none_alive() -> None:
    timer = QTimer()
    before = sys.getrefcount(None)

    for _ in range(10_000):
        timer.setInterval(5)

    assert sys.getrefcount(None) >= before - 100
