"""A recovery visit: one patient's rest in one room, known only by its start on the monotonic clock.

No name, no wall time: a visit is what lets the kiosk start fresh for the next patient, say gently how
long this one has rested, and ask now and then how they feel, without ever knowing who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

_MINUTE_S = 60.0


@dataclass(frozen=True)
class Visit:
    """A visit under way since `started_at` (monotonic seconds); it ends by itself after `lasts_s`."""

    started_at: float
    lasts_s: float

    def resting_s(self, now: float) -> float:
        return max(0.0, now - self.started_at)

    def over(self, now: float) -> bool:
        return self.resting_s(now) >= self.lasts_s


class Resting(StrEnum):
    """Which of content.yaml's `visit.resting` sentences says how long the patient has rested."""

    JUST_STARTED = "just_started"
    MINUTES = "minutes"
    ABOUT_AN_HOUR = "about_an_hour"
    OVER_AN_HOUR = "over_an_hour"


@dataclass(frozen=True)
class RestingTime:
    words: Resting
    minutes: int = 0


def gently(resting_s: float) -> RestingTime:
    """Rounded the way a person would say it: to 5 minutes, then "about an hour", never to the second;
    a patient whose sense of time is off needs an anchor, not a stopwatch."""
    minutes = resting_s / _MINUTE_S
    if minutes < 5:
        return RestingTime(Resting.JUST_STARTED)
    if minutes < 52.5:
        return RestingTime(Resting.MINUTES, int(5 * round(minutes / 5)))
    if minutes < 75:
        return RestingTime(Resting.ABOUT_AN_HOUR)
    return RestingTime(Resting.OVER_AN_HOUR)
