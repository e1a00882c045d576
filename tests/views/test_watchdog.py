"""The systemd watchdog pings come from the Qt event loop: they stop while the UI thread is blocked."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.qtapp.watchdog import SystemdWatchdog


class NotifySocket:
    """A stand-in for systemd's notification socket: a real datagram socket that timestamps what arrives."""

    def __init__(self, path: Path) -> None:
        self.received: list[tuple[float, str]] = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(str(path))
        self._socket.settimeout(0.05)
        self._running = True
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while self._running:
            try:
                message = self._socket.recv(256).decode()
            except TimeoutError:
                continue
            self.received.append((time.monotonic(), message))

    def pings(self) -> list[float]:
        return [at for at, message in self.received if message == "WATCHDOG=1"]

    def close(self) -> None:
        self._running = False
        self._thread.join(2)
        self._socket.close()


@pytest.fixture
def notify_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifySocket]:
    path = tmp_path / "notify.sock"
    listener = NotifySocket(path)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    yield listener
    listener.close()


def test_pings_stop_while_the_ui_thread_is_blocked(qtbot: QtBot, notify_socket: NotifySocket) -> None:
    watchdog = SystemdWatchdog()
    watchdog.start()
    qtbot.waitUntil(lambda: len(notify_socket.pings()) >= 3, timeout=5000)
    assert watchdog.pinging
    assert notify_socket.received[0][1] == "READY=1"

    blocked_from = time.monotonic()
    threading.Event().wait(1.0)  # the UI thread is frozen on purpose: this is the fault under test
    blocked_until = time.monotonic()
    qtbot.waitUntil(lambda: any(at > blocked_until for at in notify_socket.pings()), timeout=5000)

    during = [at for at in notify_socket.pings() if blocked_from + 0.15 < at < blocked_until]
    assert during == [], "pings went on while the UI thread was blocked"


def test_outside_systemd_it_does_nothing(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    watchdog = SystemdWatchdog()
    watchdog.start()

    assert not watchdog.active
    assert not watchdog.pinging
