"""Escalation: a call nobody at the station has answered goes to phones, tier by tier, each tier once.

Calls are merged per room and kind, like the ring: a room that calls again while it waits (or floods
the station) pages each tier once, timed from its oldest waiting call. Pure: the caller passes the
open calls and the monotonic time, so tests drive the clock and the console decides when to look
again (`next_due_at`). A tier may be for "help now" or "check on me" only (its `kinds`), so the two
can page at different times. A test call (IT checking a room) never reaches a phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.config.deployment import EscalationTier
from kiosk.station.calllog import StationCall
from kiosk.wire.protocol import CallKind

Waiting = tuple[str, CallKind]
"""A room and a kind of call: what rings, and what escalates."""


@dataclass(frozen=True)
class Escalation:
    """One push that is due: this call (its room's oldest of its kind), unanswered for `waited_s`,
    goes to the phones with these tags."""

    call: StationCall
    tier: int
    tags: tuple[str, ...]
    waited_s: float


class Escalator:
    """Remembers which tier went out for which room and kind, so every tier is sent once."""

    def __init__(self, tiers: Sequence[EscalationTier]) -> None:
        self._tiers = sorted(tiers, key=lambda tier: tier.after_seconds)
        self._sent: set[tuple[Waiting, int]] = set()

    def due(self, calls: Iterable[StationCall], now: float) -> list[Escalation]:
        """The pushes due now, marked as sent; a call answered in time is never escalated."""
        waiting = _oldest_waiting(calls)
        self._sent = {(key, tier) for key, tier in self._sent if key in waiting}
        due = []
        for key, call in waiting.items():
            waited = now - call.heard_mono
            for index, tier in self._tiers_for(call):
                if waited >= tier.after_seconds and (key, index) not in self._sent:
                    self._sent.add((key, index))
                    due.append(Escalation(call, index, tuple(tier.notify), waited))
        return due

    def next_due_at(self, calls: Iterable[StationCall]) -> float | None:
        """When the next tier of a waiting call comes due, so the caller can wake just then."""
        pending = [
            call.heard_mono + tier.after_seconds
            for key, call in _oldest_waiting(calls).items()
            for index, tier in self._tiers_for(call)
            if (key, index) not in self._sent
        ]
        return min(pending, default=None)

    def _tiers_for(self, call: StationCall) -> list[tuple[int, EscalationTier]]:
        return [(index, tier) for index, tier in enumerate(self._tiers) if call.kind.value in tier.kinds]


def _oldest_waiting(calls: Iterable[StationCall]) -> dict[Waiting, StationCall]:
    oldest: dict[Waiting, StationCall] = {}
    for call in calls:
        if call.ringing and call.kind is not CallKind.TEST:
            key = (call.room, call.kind)
            if key not in oldest or call.heard_mono < oldest[key].heard_mono:
                oldest[key] = call
    return oldest
