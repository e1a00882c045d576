"""A single-shot timer set to a wall-clock moment, for logic that says when it next needs to look."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class WakeTimer(QTimer):
    def __init__(self, callback: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSingleShot(True)
        self.timeout.connect(callback)

    def wake_at(self, at: float | None, now: float) -> None:
        """Fire at `at` (at once if it has passed); None stops the timer."""
        if at is None:
            self.stop()
        else:
            self.start(max(0, round((at - now) * 1000)))
