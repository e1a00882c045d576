"""What the station knows of each room's visit: how long it has run and the last check-in answer.

A quiet note for staff, never an alarm: nothing here rings. The visit's length comes from the
tablet's own monotonic clock and is counted on from the station's, so neither wall clock matters.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.wire.protocol import CheckInAnswer, Feeling, VisitReport


@dataclass(frozen=True)
class RoomVisit:
    """One room's visit as last heard; `started_mono` is on the station's monotonic clock."""

    room: str
    started_mono: float | None = None
    feeling: Feeling | None = None
    feeling_mono: float | None = None

    def resting_s(self, now: float) -> float | None:
        return None if self.started_mono is None else max(0.0, now - self.started_mono)


class Visits:
    """Every room's visit; called with the station's lock held."""

    def __init__(self) -> None:
        self._rooms: dict[str, RoomVisit] = {}

    def reported(self, report: VisitReport, now: float) -> None:
        """A new visit forgets the last patient's answer; the same visit keeps it."""
        known = self._rooms.get(report.room, RoomVisit(report.room))
        if report.resting_s is None:
            self._rooms[report.room] = RoomVisit(report.room)
        elif known.started_mono is None:
            self._rooms[report.room] = RoomVisit(report.room, now - report.resting_s)
        else:
            self._rooms[report.room] = RoomVisit(
                report.room, now - report.resting_s, known.feeling, known.feeling_mono
            )

    def answered(self, answer: CheckInAnswer, now: float) -> None:
        known = self._rooms.get(answer.room, RoomVisit(answer.room))
        self._rooms[answer.room] = RoomVisit(answer.room, known.started_mono, answer.feeling, now)

    def rooms(self) -> tuple[RoomVisit, ...]:
        return tuple(self._rooms.values())
