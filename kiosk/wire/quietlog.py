"""Log what was rejected or ignored once per reason, then a count now and then, never a flood.

A hostile or broken peer can send thousands of bad messages a second; each must leave a trace for
IT, but the log (and the disk it lives on) must not become the next outage.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

SUMMARY_EVERY_S = 60.0
MAX_REASONS = 64
"""Reasons remembered at most: words made from hostile input cannot grow the memory for ever."""


class QuietLog:
    """`warning(reason, ...)` logs the first message of each reason, then how many more came, at most
    once every `every_s` per reason."""

    def __init__(self, logger: logging.Logger, every_s: float = SUMMARY_EVERY_S) -> None:
        self._logger = logger
        self._every_s = every_s
        self._lock = threading.Lock()
        self._since: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def warning(self, reason: str, message: str, *args: object) -> None:
        now = time.monotonic()
        with self._lock:
            logged_at, quiet = self._since.pop(reason, (None, 0))
            if logged_at is not None and now - logged_at < self._every_s:
                self._since[reason] = (logged_at, quiet + 1)
                return
            self._since[reason] = (now, 0)
            while len(self._since) > MAX_REASONS:
                self._since.popitem(last=False)
        more = f" ({quiet} more like it in the last {self._every_s:.0f} s)" if quiet else ""
        self._logger.warning(message + more, *args)
