"""How big the reliability runs are: CI's quick size by default, the full size with LANTERN_LONG=1.

LANTERN_LONG=1 .venv/bin/python -m pytest tests/reliability     # the full runs (minutes)
"""

from __future__ import annotations

import os
import random

import pytest

LONG = os.environ.get("LANTERN_LONG") == "1"


def scaled(quick: int, long: int) -> int:
    return long if LONG else quick


def time_limit(quick_s: int, long_s: int) -> pytest.MarkDecorator:
    """pytest-timeout's limit for a test whose full run is much longer than CI's quick one."""
    return pytest.mark.timeout(scaled(quick_s, long_s))


def seeded() -> random.Random:
    """A random generator whose seed is printed (pytest shows it with a failure); LANTERN_SEED=N replays."""
    seed = int(os.environ.get("LANTERN_SEED") or random.randrange(2**32))
    print(f"LANTERN_SEED={seed}")
    return random.Random(seed)
