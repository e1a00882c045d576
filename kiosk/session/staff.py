"""How staff reach the menu: a hidden gesture, then a PIN; never an open kiosk, never a locked-out clinic."""

from __future__ import annotations

from collections import deque
from enum import StrEnum

from kiosk.session.clock import Clock

GESTURE_TAPS = 5
GESTURE_WITHIN_S = 3.0


class StaffEntry(StrEnum):
    """What the staff gesture opens."""

    PIN = "pin"
    MENU = "menu"
    SET_PIN_FIRST = "set_pin_first"


def staff_entry(*, pin_set: bool, windowed: bool) -> StaffEntry:
    """A PIN when one is set; without one, the menu only in a development window, else how to set one."""
    if pin_set:
        return StaffEntry.PIN
    return StaffEntry.MENU if windowed else StaffEntry.SET_PIN_FIRST


class StaffGesture:
    """Five taps within three seconds on the clinic's name: hard to do by accident, easy on purpose."""

    def __init__(self, clock: Clock, taps: int = GESTURE_TAPS, within_s: float = GESTURE_WITHIN_S) -> None:
        self._clock = clock
        self._within_s = within_s
        self._taps: deque[float] = deque(maxlen=taps)

    def tap(self) -> bool:
        """Record a tap; True when it completes the gesture (which then starts over)."""
        now = self._clock()
        self._taps.append(now)
        if len(self._taps) == self._taps.maxlen and now - self._taps[0] <= self._within_s:
            self._taps.clear()
            return True
        return False
