"""Which shift a moment falls in: shifts start at the same clock times every day, in the station's zone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo


class ShiftClock:
    """Shifts start at the given times every day (none: one shift per day, from midnight)."""

    def __init__(self, shifts: Sequence[time], zone: tzinfo | None = None) -> None:
        self._starts = sorted(shifts) or [time(0, 0)]
        self._zone = zone

    def start_of(self, at: float) -> datetime:
        moment = datetime.fromtimestamp(at, self._zone)
        day = moment.date()
        return max(
            start
            for start in (self._at(d, s) for d in (day - timedelta(days=1), day) for s in self._starts)
            if start <= moment
        )

    def before(self, start: datetime) -> datetime:
        """The start of the shift that ended when the shift starting at `start` began."""
        return self.start_of(start.timestamp() - 1.0)

    def label(self, start: datetime) -> str:
        """`Mon 12 Jan 07:00–19:00`: the day and hours a charge nurse calls "my shift"."""
        later = [s for s in self._starts if s > start.time()]
        end = later[0] if later else self._starts[0]
        return f"{start:%a %d %b %H:%M}–{end:%H:%M}"

    def _at(self, day: date, start: time) -> datetime:
        return datetime.combine(day, start, tzinfo=self._zone)
