"""Percentiles and a plain-text table, shared by the benchmark scripts so their figures read alike."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a value that was really measured, never an interpolation."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def latency_row(what: str, samples_ms: Sequence[float], goal: str = "") -> list[str]:
    """n, p50, p99, p99.9 and max in milliseconds; p99.9 of fewer than 1000 samples is marked '~'."""
    if not samples_ms:
        return [what, "0", "-", "-", "-", "-", goal]
    rough = "~" if len(samples_ms) < 1000 else ""
    return [
        what,
        str(len(samples_ms)),
        f"{percentile(samples_ms, 50):.2f}",
        f"{percentile(samples_ms, 99):.2f}",
        f"{rough}{percentile(samples_ms, 99.9):.2f}",
        f"{max(samples_ms):.2f}",
        goal,
    ]


LATENCY_HEADER = ["", "n", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "goal"]


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Left-aligned first column, right-aligned figures, a rule under the header."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for index, cells in enumerate([header, *rows]):
        first, *rest = (str(cell) for cell in cells)
        line = "  ".join(
            [first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True))]
        )
        print(line.rstrip())
        if index == 0:
            print("-" * len(line.rstrip()))
