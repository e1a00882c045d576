"""A per-address budget of unknown tokens, so nobody can guess a live token by trying many.

Only unknown tokens count: a real phone never holds one, while a nurse who reopens a finished
call's link (410) or presses twice (409) must never be locked out, least of all when a clinic's
phones share one address behind NAT. Once over budget an address gets 429 for everything, valid
tokens too, so the answer cannot tell a guesser which guess was right.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class RefusalThrottle:
    def __init__(
        self,
        limit: int = 20,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = 4096,
    ) -> None:
        self._limit = limit
        self._window_s = window_s
        self._clock = clock
        self._max_addresses = max_addresses
        self._refusals: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait_s(self, address: str) -> int:
        """Whole seconds until the address may try again; 0 when it may now."""
        with self._lock:
            times = self._refusals.get(address)
            if times is None or len(times) <= self._limit:
                return 0
            left = times[0] + self._window_s - self._clock()
            if left <= 0:
                times.popleft()
                return 0
            return math.ceil(left)

    def refused(self, address: str) -> bool:
        """Counts one unknown token; True when this one used up the address's budget."""
        with self._lock:
            times = self._refusals.pop(address, None) or deque(maxlen=self._limit + 1)
            self._refusals[address] = times
            now = self._clock()
            while times and times[0] <= now - self._window_s:
                times.popleft()
            times.append(now)
            while len(self._refusals) > self._max_addresses:
                self._refusals.popitem(last=False)
            return len(times) > self._limit
