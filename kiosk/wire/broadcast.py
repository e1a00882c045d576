"""Tell listeners about a new snapshot, in order and only when it changed, from whatever thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Broadcaster(Generic[T]):
    """Holds the last snapshot; listeners run outside the owner's lock, one change at a time."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._listeners: list[Callable[[T], None]] = []
        self._last: T | None = None

    def add_listener(self, callback: Callable[[T], None]) -> None:
        with self._lock:
            self._listeners.append(callback)

    def refresh(self, compute: Callable[[T | None], T]) -> T:
        """Compute a snapshot from the previous one and tell every listener if it differs."""
        with self._lock:
            snapshot = compute(self._last)
            if snapshot != self._last:
                self._last = snapshot
                for listener in self._listeners:
                    try:
                        listener(snapshot)
                    except Exception:
                        log.exception("A listener failed")
            return snapshot
