"""A thread that runs a step when woken or when the step's own deadline comes, instead of polling."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

# Wake at least this often, whatever the step says, so a bug in a deadline never waits for long.
_MAX_WAIT_S = 1.0


class Ticker:
    """Calls `step()` on its own thread; `step` returns the `time.monotonic()` moment it wants to run
    again, so a step of the wall clock can neither hurry nor stall it."""

    def __init__(self, name: str, step: Callable[[], float | None]) -> None:
        self._step = step
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def _run(self) -> None:
        while not self._stopping:
            try:
                deadline = self._step()
            except Exception:
                log.exception("%s: step failed", self._thread.name)
                deadline = None
            wait = _MAX_WAIT_S if deadline is None else deadline - time.monotonic()
            self._wake.wait(min(max(wait, 0.0), _MAX_WAIT_S))
            self._wake.clear()


def earliest(deadlines: Iterable[float | None], now: float) -> float | None:
    """The soonest deadline still ahead; one already passed was handled by the step that returns it."""
    return min((at for at in deadlines if at is not None and at > now), default=None)
