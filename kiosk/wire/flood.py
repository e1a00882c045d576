"""How many new calls one room may make: enough for any patient, too few to drown the other rooms.

A patient who presses again and again makes a handful of calls a minute; a broken or hostile tablet
can make thousands. Each room has a budget of new calls that refills slowly (a token bucket); a call
beyond it is not stored, not rung and not answered, and the tablet's own re-sends bring a real one
back once the budget allows. Copies of a call the station already holds never count. The sizes are
the protocol's (`Timing.room_burst`, `Timing.room_refill_s`).
"""

from __future__ import annotations

from collections import OrderedDict

MAX_ROOMS = 1024
"""Rooms remembered at most; a peer inventing room ids cannot grow the station's memory for ever."""


class RoomBudget:
    """Not thread-safe: the station core holds its own lock."""

    def __init__(self, burst: int, refill_every_s: float) -> None:
        self._burst = burst
        self._refill_every_s = refill_every_s
        self._rooms: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, room: str, now: float) -> bool:
        """Spend one new call of `room`'s budget at monotonic time `now`; False when there is none left."""
        tokens, at = self._rooms.pop(room, (float(self._burst), now))
        tokens = min(float(self._burst), tokens + (now - at) / self._refill_every_s)
        allowed = tokens >= 1.0
        self._rooms[room] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._rooms) > MAX_ROOMS:
            self._rooms.popitem(last=False)
        return allowed
