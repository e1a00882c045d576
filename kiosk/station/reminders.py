"""Reminders for calls left "on the way": pure, so the rules can be tested with a made-up clock.

A nurse pressed "On my way" and the call is still on the way `after_s` later: the console chimes
softly and the room's tile asks "still on the way?", again every `after_s` until a nurse is at the
bedside or the call is done. A reminder is not a ring: it answers, silences and escalates nothing.
Calls are merged per room and kind, like the ring, and timed from the first of them this console
saw on the way (a console started later times it from then): the call log keeps only wall-clock
times, which a step of the clock would skew. Every `now` is `time.monotonic()`.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiosk.station.calllog import StationCall, Waiting
from kiosk.wire.protocol import StationState


class OnWayReminders:
    """Feed it the open calls of every snapshot (and again at `next_at`); it says when to remind."""

    def __init__(self, after_s: float) -> None:
        self._after_s = after_s
        self._since: dict[Waiting, float] = {}
        self._next: dict[Waiting, float] = {}

    def update(self, calls: Iterable[StationCall], now: float) -> bool:
        """Whether a reminder is due now; calling again at once says no."""
        on_way = {(call.room, call.kind) for call in calls if call.state is StationState.ON_WAY}
        self._since = {key: self._since.get(key, now) for key in on_way}
        self._next = {key: self._next.get(key, now + self._after_s) for key in on_way}
        due = [key for key, at in self._next.items() if now >= at]
        for key in due:
            self._next[key] = now + self._after_s
        return bool(due)

    def next_at(self) -> float | None:
        """When the next reminder is due, so the caller can wake just then."""
        return min(self._next.values(), default=None)

    def overdue(self, now: float) -> dict[Waiting, float]:
        """How long each room and kind past its reminder time has been on the way."""
        return {key: now - since for key, since in self._since.items() if now - since >= self._after_s}
