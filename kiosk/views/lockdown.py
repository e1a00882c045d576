"""Lock the window down: closing, Escape and Alt+F4 do nothing; every touch counts as activity."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QWindow

_ACTIVITY = {QEvent.Type.TouchBegin, QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress}


class WindowLock(QObject):
    """An event filter on the kiosk window; `release()` lets the staff menu's "exit" close it."""

    def __init__(self, window: QWindow, *, locked: bool, activity: Callable[[], None]) -> None:
        super().__init__(window)
        self._locked = locked
        self._activity = activity
        window.installEventFilter(self)

    def release(self) -> None:
        self._locked = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind in _ACTIVITY:
            self._activity()
        if kind == QEvent.Type.Close and self._locked:
            event.ignore()
            return True
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._swallowed(event)
        return False

    def _swallowed(self, event: QKeyEvent) -> bool:
        """Escape and Alt+F4 never leave the kiosk, in a window or not; other keys reach QML."""
        alt_f4 = event.key() == Qt.Key.Key_F4 and event.modifiers() & Qt.KeyboardModifier.AltModifier
        return event.key() == Qt.Key.Key_Escape or bool(alt_f4)
