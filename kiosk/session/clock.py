"""Time as an injectable function, so rules that depend on time are tested without waiting."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Seconds since the epoch; wall time, because lockouts and night hours must survive a restart."""

wall_clock: Clock = time.time
