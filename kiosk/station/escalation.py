"""Escalation: a call nobody at the station has answered goes to phones, tier by tier, each tier once.

Pure: the caller passes the open calls and the time, so tests drive the clock and the console decides
when to look again (`next_due_at`). A test call (IT checking a room) never reaches a phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.config.deployment import EscalationTier
from kiosk.station.calllog import StationCall
from kiosk.wire.protocol import CallKind


@dataclass(frozen=True)
class Escalation:
    """One push that is due: this call, unanswered for `waited_s`, goes to the phones with these tags."""

    call: StationCall
    tier: int
    tags: tuple[str, ...]
    waited_s: float


class Escalator:
    """Remembers which tier went out for which call, so every tier is sent once per call."""

    def __init__(self, tiers: Sequence[EscalationTier]) -> None:
        self._tiers = sorted(tiers, key=lambda tier: tier.after_seconds)
        self._sent: set[tuple[str, int]] = set()

    def due(self, calls: Iterable[StationCall], now: float) -> list[Escalation]:
        """The pushes due now, marked as sent; a call answered in time is never escalated."""
        waiting = [call for call in calls if _escalates(call)]
        still_waiting = {call.id for call in waiting}
        self._sent = {(call_id, tier) for call_id, tier in self._sent if call_id in still_waiting}
        due = []
        for call in waiting:
            waited = now - call.received_at
            for index, tier in enumerate(self._tiers):
                if waited >= tier.after_seconds and (call.id, index) not in self._sent:
                    self._sent.add((call.id, index))
                    due.append(Escalation(call, index, tuple(tier.notify), waited))
        return due

    def next_due_at(self, calls: Iterable[StationCall]) -> float | None:
        """When the next tier of a waiting call comes due, so the caller can wake just then."""
        pending = [
            call.received_at + tier.after_seconds
            for call in calls
            if _escalates(call)
            for index, tier in enumerate(self._tiers)
            if (call.id, index) not in self._sent
        ]
        return min(pending, default=None)


def _escalates(call: StationCall) -> bool:
    return call.ringing and call.kind is not CallKind.TEST
