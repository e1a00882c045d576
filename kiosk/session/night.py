"""Night hours from the content's schedule: when the kiosk dims (never blanks) and when it changes next."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from kiosk.content.model import Schedule


def is_night(schedule: Schedule, at: time) -> bool:
    """True inside [night_starts, night_ends), which may wrap past midnight; equal times mean no night."""
    start, end = schedule.night_starts, schedule.night_ends
    if start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def next_change(schedule: Schedule, now: datetime) -> datetime:
    """The next moment after `now` at which night starts or ends, so a timer can wake exactly then."""
    candidates = []
    for clock in (schedule.night_starts, schedule.night_ends):
        moment = now.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)
        if moment <= now:
            moment += timedelta(days=1)
        candidates.append(moment)
    return min(candidates)
