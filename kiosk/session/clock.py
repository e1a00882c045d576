"""Time as an injectable function, so rules that depend on time are tested without waiting."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Seconds, from one of the two clocks below."""

monotonic_clock: Clock = time.monotonic
"""For durations (idle time, the staff gesture, a double tap): a step of the wall clock cannot
stretch or shrink them."""

wall_clock: Clock = time.time
"""Seconds since the epoch, for what must survive a restart (the PIN lockout)."""
