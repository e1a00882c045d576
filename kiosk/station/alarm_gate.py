"""A console's alarm as the station core sees it: live while the console's GUI loop turns, and which
calls it rings now. A receipt tells a patient "the nurses have your call", so it goes out only for a
call a live alarm rings; a console whose GUI thread is stuck is, to the tablets, no station at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from kiosk.wire.liveness import LIVE_WITHIN_S, Liveness


class AlarmGate(Liveness):
    """Fed from the console's GUI thread (`rang`); read by the core on its own threads (`rings`)."""

    def __init__(self, within_s: float = LIVE_WITHIN_S) -> None:
        super().__init__(within_s)
        self._ringing: frozenset[str] = frozenset()
        self._on_new: Callable[[], None] | None = None

    def on_new_call(self, callback: Callable[[], None]) -> None:
        """Called when the alarm starts ringing a call it did not ring before, so a receipt can go."""
        self._on_new = callback

    def rang(self, call_ids: Iterable[str]) -> None:
        """The alarm just looked at the calls and these ring; it also proves the loop turns."""
        ringing = frozenset(call_ids)
        with self._lock:
            new = bool(ringing - self._ringing)
            self._ringing = ringing
        self.beat()
        if new and self._on_new is not None:
            self._on_new()

    def rings(self, call_id: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return call_id in self._ringing and self._alive(now)
