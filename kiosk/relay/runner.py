"""The relay's own thread: it tells the driver, times the confirmation and reports faults.

Nothing here ever runs on the kiosk's UI thread: `want` only records the wish and wakes the thread,
so a relay that hangs (a stuck broker link, a slow GPIO chip) can never hold up the help button.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from kiosk.relay.driver import RelayDriver, RelayError
from kiosk.relay.keeper import RelayKeeper
from kiosk.wire.protocol import RelayFault

log = logging.getLogger(__name__)

_STOP_WAIT_S = 5.0


class RelayRunner:
    """One relay. Listeners hear each new fault (None once it is confirmed again) on the relay's thread."""

    def __init__(self, driver: RelayDriver, *, confirm_s: float, reassert_s: float) -> None:
        self._driver = driver
        self._keeper = RelayKeeper(confirm_s, reassert_s)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._listeners: list[Callable[[RelayFault | None], None]] = []
        self._why = ""
        """Why the last command could not go out, for the log once that is a fault."""
        self._thread = threading.Thread(target=self._run, name="nurse-call-relay", daemon=True)

    @property
    def fault(self) -> RelayFault | None:
        with self._lock:
            return self._keeper.fault

    def add_listener(self, callback: Callable[[RelayFault | None], None]) -> None:
        self._listeners.append(callback)

    def start(self) -> None:
        self._driver.start(self._heard)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(_STOP_WAIT_S)
        self._driver.stop()

    def want(self, closed: bool) -> None:
        """From any thread: closed while a call waits; returns at once."""
        with self._lock:
            if closed != self._keeper.wanted:
                log.info("The room's nurse-call relay: %s", "closing, a call waits" if closed else "opening")
            self._keeper.want(closed, time.monotonic())
        self._wake.set()

    def _heard(self, closed: bool) -> None:
        with self._lock:
            self._keeper.heard(closed, time.monotonic())
        self._wake.set()

    def _run(self) -> None:
        told: RelayFault | None = None
        while not self._stopping.is_set():
            self._wake.clear()
            now = time.monotonic()
            with self._lock:
                self._keeper.check(now)
                command = self._keeper.sending(now) if self._keeper.command_due(now) else None
            if command is not None:
                try:
                    self._driver.set(command)
                except RelayError as error:
                    self._unreachable(str(error))
                except Exception:  # a driver's bug must not end the thread: it is a fault like any other
                    log.exception("The room's nurse-call relay's driver failed")
                    self._unreachable("its driver failed")
            with self._lock:
                fault, next_at = self._keeper.fault, self._keeper.next_at()
            if fault is not told:
                told = fault
                self._tell(fault)
            self._wake.wait(max(next_at - time.monotonic(), 0.0))

    def _unreachable(self, why: str) -> None:
        """Tried again within the window; only a window that passes so is a fault, logged with `why`."""
        with self._lock:
            self._why = why
            self._keeper.unreachable(time.monotonic())

    def _tell(self, fault: RelayFault | None) -> None:
        if fault is None:
            log.info("The room's nurse-call relay confirms its state again")
        else:
            why = f" ({self._why})" if fault is RelayFault.UNAVAILABLE else ""
            log.error("The room's nurse-call relay has a fault: %s%s", fault, why)
        for listener in self._listeners:
            try:
                listener(fault)
            except Exception:
                log.exception("A relay listener failed")
