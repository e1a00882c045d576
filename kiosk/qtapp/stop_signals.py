"""Let SIGINT (Ctrl+C in a terminal) and SIGTERM (`systemctl stop`) end the kiosk the way staff would.

Qt's event loop runs in C++, where Python's signal handlers never get a turn: the signal writes a
byte into a socket that Qt watches, which wakes the loop, and the handler then runs. Patients have
no terminal; these are IT's ways out, like the staff menu's exit.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier


class StopOnSignals(QObject):
    def __init__(self, stop: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda number, _frame: stop(f"by IT, with {signal.Signals(number).name}"))

    def _drain(self) -> None:
        """Empty the socket; Python has run the handler by the time this slot runs."""
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass
