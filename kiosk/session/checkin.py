"""When the gentle "How are you feeling?" may appear, and when it goes away by itself.

It asks only during a visit, every `every_s`, counted from the visit's start, the last check-in or the
last help call, whichever is latest, so it never follows straight on from a nurse's visit. It waits
while a call is open or a guided step (breathing, grounding) is under way, and an unanswered one is
never asked again sooner: no answer is an answer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CheckIns:
    """The check-in's timing on the monotonic clock; `every_s` None: check-ins are off."""

    every_s: float | None
    shown_for_s: float
    quiet_since: float | None = None
    shown_at: float | None = None

    def visit_started(self, now: float) -> None:
        self.quiet_since = now
        self.shown_at = None

    def visit_ended(self) -> None:
        self.quiet_since = None
        self.shown_at = None

    def call_changed(self, now: float) -> None:
        """A help call started or moved on: the check-in steps aside and counts again from now."""
        self.shown_at = None
        if self.quiet_since is not None:
            self.quiet_since = now

    def answered(self, now: float) -> None:
        self.shown_at = None
        self.quiet_since = now

    def showing(self, now: float, *, call_open: bool, guided: bool) -> bool:
        """Whether the check-in is on screen now; it appears when due and leaves by itself."""
        if self.quiet_since is None or self.every_s is None:
            return False
        if call_open or guided:
            if self.shown_at is not None:
                self.answered(now)  # it steps aside, and counts again from here
            return False
        if self.shown_at is not None:
            if now - self.shown_at < self.shown_for_s:
                return True
            self.answered(now)  # left unanswered: that is fine, and it is not asked again sooner
            return False
        if now - self.quiet_since >= self.every_s:
            self.shown_at = now
            return True
        return False
