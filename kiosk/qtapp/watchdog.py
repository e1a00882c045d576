"""Tell systemd the kiosk is alive from the Qt event loop itself, so a frozen screen gets restarted.

The pings come from a QTimer on the GUI thread: if anything blocks that thread (a hung call, an
endless loop), the pings stop, `WatchdogSec` runs out and systemd restarts the kiosk. Outside
systemd (no NOTIFY_SOCKET) this does nothing.
"""

from __future__ import annotations

import os

import sdnotify
from PySide6.QtCore import QObject, QTimer

DEFAULT_INTERVAL_MS = 5000


class SystemdWatchdog(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = sdnotify.SystemdNotifier()
        self._timer = QTimer(self, interval=_interval_ms())
        self._timer.timeout.connect(lambda: self._notifier.notify("WATCHDOG=1"))

    @property
    def active(self) -> bool:
        return bool(os.environ.get("NOTIFY_SOCKET"))

    @property
    def pinging(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Report READY (the window is up) and start pinging at half the watchdog period."""
        if self.active:
            self._notifier.notify("READY=1")
            self._timer.start()


def _interval_ms() -> int:
    """Half of systemd's WATCHDOG_USEC, so one late ping is not yet a restart."""
    try:
        return max(50, int(os.environ["WATCHDOG_USEC"]) // 2000)
    except (KeyError, ValueError):
        return DEFAULT_INTERVAL_MS
