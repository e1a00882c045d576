"""Response times from the call log: how fast calls were answered and finished, by kind, room and shift.

"Answered" runs from the press (the moment the station heard the call, where the tablet's clock was
plainly off) to the first "On my way" or "a nurse is here" (or to "Done" when nobody said either);
"finished" runs to "Done". Median and 90th percentile, because a mean hides the one call that waited
too long; "help now" and "check on me" apart, because a clinic answers them on different clocks.
Test calls are left out: no patient waited. Rooms only, never names.
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import TextIO

from kiosk.config.deployment import RoomConfig
from kiosk.station.board import KIND_WORDS, room_label, room_order
from kiosk.station.calllog import StationCall
from kiosk.station.shifts import ShiftClock
from kiosk.wire.protocol import CallKind, Feeling

PATIENT_KINDS = (CallKind.NOW, CallKind.CHECK)


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
    """One kind, room or shift: `key` is the kind, the room id or the shift's start (ISO); `label` is
    for people."""

    key: str
    label: str
    calls: int
    answered: Times
    finished: Times


@dataclass(frozen=True)
class Report:
    by_kind: tuple[ReportRow, ...]
    by_room: tuple[ReportRow, ...]
    by_shift: tuple[ReportRow, ...]


def build_report(
    calls: Iterable[StationCall],
    rooms: Sequence[RoomConfig],
    shifts: Sequence[time],
    zone: tzinfo | None = None,
) -> Report:
    """Both kinds, every configured room (others after), shifts oldest first, in the station's zone."""
    counted = patient_calls(calls)
    in_room: dict[str, list[StationCall]] = defaultdict(list)
    for call in counted:
        in_room[call.room].append(call)
    by_room = [_row(room, room_label(room, rooms), in_room[room]) for room in room_order(rooms, in_room)]
    clock = ShiftClock(shifts, zone)
    in_shift: dict[datetime, list[StationCall]] = defaultdict(list)
    for call in counted:
        in_shift[clock.start_of(call.waited_from)].append(call)
    by_shift = [
        _row(start.isoformat(timespec="minutes"), clock.label(start), in_shift[start])
        for start in sorted(in_shift)
    ]
    return Report(kind_rows(counted), tuple(by_room), tuple(by_shift))


@dataclass(frozen=True)
class CheckInRow:
    """One shift in one room: check-ins answered "not great" and "I'd like someone to come"."""

    shift: str
    room: str
    not_great: int
    someone: int


def check_in_rows(
    answers: Iterable[tuple[str, Feeling, float]],
    rooms: Sequence[RoomConfig],
    shifts: Sequence[time],
    zone: tzinfo | None = None,
) -> tuple[CheckInRow, ...]:
    """Answers that asked for care, counted per shift (newest first) and room; "OK" is not counted."""
    clock = ShiftClock(shifts, zone)
    counts: dict[tuple[datetime, str], dict[Feeling, int]] = defaultdict(lambda: defaultdict(int))
    for room, feeling, heard_at in answers:
        if feeling is not Feeling.OK:
            counts[(clock.start_of(heard_at), room)][feeling] += 1
    return tuple(
        CheckInRow(
            clock.label(start), room_label(room, rooms), count[Feeling.NOT_GREAT], count[Feeling.SOMEONE]
        )
        for start, room in sorted(counts, key=lambda key: (-key[0].timestamp(), key[1]))
        for count in (counts[(start, room)],)
    )


def patient_calls(calls: Iterable[StationCall]) -> list[StationCall]:
    """Calls a patient made: test calls are left out of every figure."""
    return [call for call in calls if call.kind is not CallKind.TEST]


def kind_rows(calls: Sequence[StationCall]) -> tuple[ReportRow, ...]:
    """One row for "help now" and one for "check on me", even with no call of that kind."""
    return tuple(
        _row(kind.value, KIND_WORDS[kind], [call for call in calls if call.kind is kind])
        for kind in PATIENT_KINDS
    )


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
    """One line per kind, then per room, then per shift; seconds with one decimal, empty where none."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for grouping, rows in (("kind", report.by_kind), ("room", report.by_room), ("shift", report.by_shift)):
        for row in rows:
            times = (row.answered.median, row.answered.p90, row.finished.median, row.finished.p90)
            writer.writerow(
                [grouping, row.key, row.label, row.calls, *(csv_seconds(value) for value in times)]
            )


def _row(key: str, label: str, calls: Sequence[StationCall]) -> ReportRow:
    return ReportRow(
        key,
        label,
        len(calls),
        answered=Times.of([wait for call in calls if (wait := call.answer_wait_s) is not None]),
        finished=Times.of([wait for call in calls if (wait := call.finish_wait_s) is not None]),
    )


def csv_seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
