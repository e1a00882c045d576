"""Night hours, including nights that wrap past midnight, and the exact moment the next change comes."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from kiosk.content.model import Schedule
from kiosk.session.night import is_night, next_change

EVENING = Schedule(night_starts=time(20, 0), night_ends=time(7, 0))


@pytest.mark.parametrize(
    ("at", "night"),
    [
        (time(19, 59), False),
        (time(20, 0), True),
        (time(23, 59), True),
        (time(0, 0), True),
        (time(6, 59), True),
        (time(7, 0), False),
    ],
)
def test_a_night_past_midnight(at: time, night: bool) -> None:
    assert is_night(EVENING, at) is night


def test_a_night_within_one_day_and_no_night_at_all() -> None:
    early = Schedule(night_starts=time(1, 0), night_ends=time(5, 0))
    assert is_night(early, time(3, 0)) and not is_night(early, time(6, 0))
    assert not is_night(Schedule(night_starts=time(8, 0), night_ends=time(8, 0)), time(8, 0))


def test_the_next_change_is_the_nearest_start_or_end() -> None:
    assert next_change(EVENING, datetime(2025, 6, 1, 12, 30)) == datetime(2025, 6, 1, 20, 0)
    assert next_change(EVENING, datetime(2025, 6, 1, 20, 0)) == datetime(2025, 6, 2, 7, 0)
    assert next_change(EVENING, datetime(2025, 6, 1, 23, 0)) == datetime(2025, 6, 2, 7, 0)
