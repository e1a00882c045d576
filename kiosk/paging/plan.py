"""Which phones a waiting call pages, and when: the escalation tiers of the settings, applied.

Calls are merged per room and kind, like the ring: a room that calls again while it waits (or floods
the station) pages each phone once per tier, timed from its oldest waiting call. A tier may be for
"help now" or "check on me" only (its `kinds`), so the two can page at different times. A test call
(IT checking a room) never reaches a phone. Pure: the pager passes the open calls and the monotonic
time, and keeps what went out in its ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.config.deployment import EscalationTier, PhoneTarget
from kiosk.station.calllog import StationCall
from kiosk.wire.protocol import CallKind


@dataclass(frozen=True)
class PageDue:
    """One page whose time has come: this call (its room's oldest of its kind) to this phone."""

    call: StationCall
    tier: int
    phone: PhoneTarget

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.call.id, self.phone.name, self.tier)


class EscalationPlan:
    def __init__(self, tiers: Sequence[EscalationTier], phones: Sequence[PhoneTarget]) -> None:
        self._tiers = sorted(tiers, key=lambda tier: tier.after_seconds)
        self._phones = phones

    def due(self, calls: Iterable[StationCall], now: float) -> list[PageDue]:
        """Every page whose time has come, oldest call first; the pager skips those already out."""
        return [page for page, at in self._pages(calls) if at <= now]

    def next_at(self, calls: Iterable[StationCall], done: set[tuple[str, str, int]]) -> float | None:
        """When the next page not yet `done` comes due, so the pager can wake just then."""
        return min((at for page, at in self._pages(calls) if page.key not in done), default=None)

    def _pages(self, calls: Iterable[StationCall]) -> list[tuple[PageDue, float]]:
        return [
            (PageDue(call, index, phone), call.heard_mono + tier.after_seconds)
            for call in _oldest_waiting(calls)
            for index, tier in enumerate(self._tiers)
            if call.kind.value in tier.kinds
            for phone in self._phones
            if set(phone.tags) & set(tier.notify)
        ]


def _oldest_waiting(calls: Iterable[StationCall]) -> list[StationCall]:
    oldest: dict[tuple[str, CallKind], StationCall] = {}
    for call in calls:
        if call.ringing and call.kind is not CallKind.TEST:
            key = (call.room, call.kind)
            if key not in oldest or call.heard_mono < oldest[key].heard_mono:
                oldest[key] = call
    return sorted(oldest.values(), key=lambda call: call.heard_mono)
