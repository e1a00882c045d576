"""Which of a site's consoles pages the phones: exactly one at a time, and another within seconds
when it goes silent.

The lease rides on the consoles' presence heartbeats (docs/protocol.md, "Paging"): each console
says whether it *may* page (`pages`) and whether it *does* (`paging`). A console takes the lease
when nobody alive holds it and it is the lowest id among the consoles alive that may page; of two
holders (a split that healed, two starts at once) the lower id keeps it. A holder is alive while its
heartbeats come (the site's silence window), so a console that is killed, frozen or cut off is
replaced one silence window later. Nobody claims before listening for one window after its first
connection to the broker, nor while it has no link, so a console that starts (or reconnects) does
not page over one already paging; a holder that loses the link keeps paging the calls it has. Pure and monotonic: the station core
feeds it what it hears and asks it what to announce.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class _Heard:
    pages: bool
    paging: bool
    online: bool
    at: float


class PagerLease:
    """`station`: this console's id; `may_page`: its settings let it page; `silence_s`: how long a
    console may go unheard before it no longer counts."""

    def __init__(self, station: str, *, may_page: bool, silence_s: float) -> None:
        self.station = station
        self.may_page = may_page
        self._silence_s = silence_s
        self._listen_until: float | None = None
        self.linked = False
        self._heard: dict[str, _Heard] = {}
        self._holding = False

    def link(self, up: bool, now: float) -> None:
        """The broker link came up or went; the first time up starts the listening window."""
        self.linked = up
        if up and self._listen_until is None:
            self._listen_until = now + self._silence_s

    def heard(self, station: str, *, pages: bool, paging: bool, online: bool, now: float) -> None:
        """Another of the site's consoles spoke (presence or heartbeat)."""
        self._heard[station] = _Heard(pages, paging, online, now)

    def holding(self, now: float) -> bool:
        """Whether this console pages now; takes or gives up the lease as the rule says."""
        alive = self._alive(now)
        other_holders = [station for station, heard in alive.items() if heard.paging]
        if self._holding:
            self._holding = self.may_page and all(self.station < other for other in other_holders)
        elif self.may_page and self.linked and not other_holders and self._listened(now):
            candidates = [station for station, heard in alive.items() if heard.pages]
            self._holding = all(self.station < other for other in candidates)
        return self._holding

    def holder(self, now: float) -> str | None:
        """Who pages now as far as this console can tell: itself, another, or nobody."""
        if self.holding(now):
            return self.station
        holders = sorted(station for station, heard in self._alive(now).items() if heard.paging)
        return holders[0] if holders else None

    def anyone_may_page(self, now: float) -> bool:
        """False when no console alive (this one included) may page: a "help now" would reach no phone."""
        return self.may_page or any(heard.pages for heard in self._alive(now).values())

    def next_change_at(self, now: float) -> float | None:
        """When the lease may change without anything heard: the end of the listening window, or the
        moment the oldest-heard holder counts as silent."""
        moments = [heard.at + self._silence_s for heard in self._alive(now).values() if heard.paging]
        if (
            self.may_page
            and not self._holding
            and self._listen_until is not None
            and now < self._listen_until
        ):
            moments.append(self._listen_until)
        return min(moments, default=None)

    def _listened(self, now: float) -> bool:
        return self._listen_until is not None and now >= self._listen_until

    def _alive(self, now: float) -> dict[str, _Heard]:
        return {
            station: heard
            for station, heard in self._heard.items()
            if heard.online and now - heard.at < self._silence_s
        }
