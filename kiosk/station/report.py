"""Response times from the call log: how fast calls were answered and finished, per room and per shift.

"Answered" runs from the press (the moment the station heard the call, where the tablet's clock was
plainly off) to the first "On my way" or "a nurse is here" (or to "Done" when nobody said either);
"finished" runs to "Done". Median and 90th percentile, because a
mean hides the one call that waited too long. Test calls are left out: no patient waited. Rooms only,
never names.
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TextIO

from kiosk.config.deployment import RoomConfig
from kiosk.station.board import room_label, room_order
from kiosk.station.calllog import StationCall
from kiosk.wire.protocol import CallKind


@dataclass(frozen=True)
class Times:
    """Median and 90th percentile in seconds; None when no call in the group got that far."""

    median: float | None
    p90: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Times:
        """The 90th percentile interpolates between calls (like a spreadsheet's PERCENTILE)."""
        if len(values) < 2:
            return cls(values[0], values[0]) if values else cls(None, None)
        return cls(statistics.median(values), statistics.quantiles(values, n=10, method="inclusive")[-1])


@dataclass(frozen=True)
class ReportRow:
    """One room or one shift: `key` is the room id or the shift's start (ISO), `label` is for people."""

    key: str
    label: str
    calls: int
    answered: Times
    finished: Times


@dataclass(frozen=True)
class Report:
    by_room: tuple[ReportRow, ...]
    by_shift: tuple[ReportRow, ...]


def build_report(
    calls: Iterable[StationCall],
    rooms: Sequence[RoomConfig],
    shifts: Sequence[time],
    zone: tzinfo | None = None,
) -> Report:
    """Every configured room (others after), shifts oldest first, in the station's time zone."""
    counted = [call for call in calls if call.kind is not CallKind.TEST]
    by_room = [
        _row(room, room_label(room, rooms), [call for call in counted if call.room == room])
        for room in room_order(rooms, (call.room for call in counted))
    ]
    clock = ShiftClock(shifts, zone)
    starts = sorted({clock.start_of(call.received_at) for call in counted})
    by_shift = [
        _row(
            start.isoformat(timespec="minutes"),
            clock.label(start),
            [call for call in counted if clock.start_of(call.received_at) == start],
        )
        for start in starts
    ]
    return Report(tuple(by_room), tuple(by_shift))


class ShiftClock:
    """Which shift a moment falls in; shifts start at the given times every day (none: one per day)."""

    def __init__(self, shifts: Sequence[time], zone: tzinfo | None = None) -> None:
        self._starts = sorted(shifts) or [time(0, 0)]
        self._zone = zone

    def start_of(self, at: float) -> datetime:
        moment = datetime.fromtimestamp(at, self._zone)
        day = moment.date()
        return max(
            start
            for start in (self._at(d, s) for d in (day - timedelta(days=1), day) for s in self._starts)
            if start <= moment
        )

    def label(self, start: datetime) -> str:
        """`Mon 12 Jan 07:00–19:00`: the day and hours a charge nurse calls "my shift"."""
        later = [s for s in self._starts if s > start.time()]
        end = later[0] if later else self._starts[0]
        return f"{start:%a %d %b %H:%M}–{end:%H:%M}"

    def _at(self, day: date, start: time) -> datetime:
        return datetime.combine(day, start, tzinfo=self._zone)


CSV_HEADER = (
    "grouping",
    "key",
    "label",
    "calls",
    "answered_median_s",
    "answered_p90_s",
    "finished_median_s",
    "finished_p90_s",
)


def write_csv(report: Report, out: TextIO) -> None:
    """One line per room, then one per shift; seconds with one decimal, empty where there is none."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for grouping, rows in (("room", report.by_room), ("shift", report.by_shift)):
        for row in rows:
            times = (row.answered.median, row.answered.p90, row.finished.median, row.finished.p90)
            writer.writerow([grouping, row.key, row.label, row.calls, *(_seconds(value) for value in times)])


def _row(key: str, label: str, calls: Sequence[StationCall]) -> ReportRow:
    return ReportRow(
        key,
        label,
        len(calls),
        answered=Times.of(_waits(calls, lambda call: call.acknowledged_at)),
        finished=Times.of(_waits(calls, lambda call: call.cleared_at)),
    )


def _waits(calls: Iterable[StationCall], moment: Callable[[StationCall], float | None]) -> list[float]:
    """From the press (`waited_from`): a call pressed during an outage waited all along."""
    return [max(end - call.waited_from, 0.0) for call in calls if (end := moment(call)) is not None]


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
