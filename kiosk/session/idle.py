"""When to drift back to the calm home: after a quiet while, never while a help call is open."""

from __future__ import annotations

from kiosk.session.clock import Clock


class IdleTracker:
    """Remembers the last sign of life (a touch, or a change in the call) and says when home is due."""

    def __init__(self, clock: Clock, after_s: float) -> None:
        self._clock = clock
        self.after_s = after_s
        self._last = clock()

    def activity(self) -> None:
        self._last = self._clock()

    def due(self, *, at_home: bool, call_open: bool) -> bool:
        """Home is due after `after_s` quiet seconds, unless already there or someone is coming."""
        if at_home or call_open:
            return False
        return self._clock() - self._last >= self.after_s
