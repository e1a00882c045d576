"""Proof that the loop a person sees still turns, so a frozen screen never looks alive on the wire.

The kiosk's and the console's GUI loops `beat()` once a second from a timer. A peer sends its
heartbeats only while the last beat is recent: a blocked GUI thread (a hung speech engine, a stalled
disk, a bug) stops them within `within_s`, and the other side sees this peer go silent, which is the
truth. The MQTT link and the ticker run on their own threads and cannot tell by themselves.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

BEAT_EVERY_S = 1.0
LIVE_WITHIN_S = 3.0


class Liveness:
    """The last beat of a loop; thread-safe (one float, written by one thread, read by others)."""

    def __init__(self, within_s: float = LIVE_WITHIN_S) -> None:
        self._within_s = within_s
        self._last: float | None = None
        self._lock = threading.Lock()
        self._on_resume: Callable[[], None] | None = None

    def on_resume(self, callback: Callable[[], None]) -> None:
        """Called (on the beating thread) when a beat comes after the loop was not alive."""
        self._on_resume = callback

    def beat(self) -> None:
        now = time.monotonic()
        with self._lock:
            resumed = not self._alive(now)
            self._last = now
        if resumed and self._on_resume is not None:
            self._on_resume()

    def alive(self, now: float) -> bool:
        with self._lock:
            return self._alive(now)

    def ends_at(self) -> float | None:
        """When the loop stops counting as alive if no beat comes first."""
        with self._lock:
            return None if self._last is None else self._last + self._within_s

    def _alive(self, now: float) -> bool:
        return self._last is not None and now - self._last < self._within_s
