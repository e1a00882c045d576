"""The small timing rules: the quiet time before drifting home, the pacer's pace, the staff gesture."""

from __future__ import annotations

from kiosk.session.idle import IdleTracker
from kiosk.session.pacer import Pace
from kiosk.session.staff import StaffEntry, StaffGesture, staff_entry


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_home_is_due_after_the_quiet_time_unless_a_call_is_open() -> None:
    clock = Clock()
    idle = IdleTracker(clock, 180)
    clock.now += 179
    assert not idle.due(at_home=False, call_open=False)
    clock.now += 1
    assert idle.due(at_home=False, call_open=False)
    assert not idle.due(at_home=False, call_open=True)
    assert not idle.due(at_home=True, call_open=False)
    idle.activity()
    assert not idle.due(at_home=False, call_open=False)
    clock.now += 179.9
    assert not idle.due(at_home=False, call_open=False)
    clock.now += 0.1
    assert idle.due(at_home=False, call_open=False)


def test_the_pace_is_even_and_stays_between_4_and_10_breaths() -> None:
    pace = Pace.of(6)
    assert (pace.breathe_in_ms, pace.breathe_out_ms) == (5000, 5000)
    slowest = pace.slower().slower().slower()
    assert slowest.breaths_per_minute == 4 and not slowest.can_slow and slowest.breathe_in_ms == 7500
    fastest = Pace.of(42)
    assert fastest.breaths_per_minute == 10 and not fastest.can_quicken and fastest.faster() == fastest


def test_five_taps_within_three_seconds_and_only_then() -> None:
    clock = Clock()
    gesture = StaffGesture(clock)
    assert not any(gesture.tap() for _ in range(4))
    clock.now += 3.1
    assert not gesture.tap()
    assert [gesture.tap() for _ in range(4)] == [False, False, False, True]
    assert not gesture.tap()


def test_staff_entry_is_never_open_in_a_locked_kiosk() -> None:
    assert staff_entry(pin_set=True, windowed=False) is StaffEntry.PIN
    assert staff_entry(pin_set=True, windowed=True) is StaffEntry.PIN
    assert staff_entry(pin_set=False, windowed=True) is StaffEntry.MENU
    assert staff_entry(pin_set=False, windowed=False) is StaffEntry.SET_PIN_FIRST
