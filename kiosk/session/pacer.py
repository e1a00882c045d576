"""The breathing pacer's pace: even in and out, no holds, adjustable within the range studied most."""

from __future__ import annotations

from dataclasses import dataclass

SLOWEST = 4.0
FASTEST = 10.0
STEP = 1.0


@dataclass(frozen=True)
class Pace:
    """Breaths per minute, always within SLOWEST..FASTEST."""

    breaths_per_minute: float

    @classmethod
    def of(cls, breaths_per_minute: float) -> Pace:
        return cls(min(max(breaths_per_minute, SLOWEST), FASTEST))

    @property
    def breathe_in_ms(self) -> int:
        """Half a breath: in and out take equally long, so there is nothing to hold or rush."""
        return round(30_000 / self.breaths_per_minute)

    @property
    def breathe_out_ms(self) -> int:
        return self.breathe_in_ms

    @property
    def can_slow(self) -> bool:
        return self.breaths_per_minute > SLOWEST

    @property
    def can_quicken(self) -> bool:
        return self.breaths_per_minute < FASTEST

    def slower(self) -> Pace:
        return Pace.of(self.breaths_per_minute - STEP)

    def faster(self) -> Pace:
        return Pace.of(self.breaths_per_minute + STEP)
