"""Response-time maths per room and per shift, and the CSV a manager opens in a spreadsheet."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, time

import pytest

from kiosk.config.deployment import RoomConfig
from kiosk.station.report import Times, build_report, write_csv
from kiosk.station.shifts import ShiftClock
from kiosk.wire.protocol import CallKind
from tests.station.calls import call

ROOMS = [RoomConfig(id="12", label="Recovery 12"), RoomConfig(id="11", label="Recovery 11")]
SHIFTS = [time(19, 0), time(7, 0)]


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def test_median_and_90th_percentile_interpolate_like_a_spreadsheet() -> None:
    assert Times.of([float(n) for n in range(1, 11)]) == Times(median=5.5, p90=9.1)
    assert Times.of([30.0]) == Times(30.0, 30.0)
    assert Times.of([]) == Times(None, None)
    assert Times.of([10.0, 20.0]) == Times(15.0, 19.0)


@pytest.mark.parametrize(
    ("moment", "start"),
    [
        ("2026-01-12T07:00:00", "2026-01-12T07:00"),
        ("2026-01-12T18:59:59", "2026-01-12T07:00"),
        ("2026-01-12T19:00:00", "2026-01-12T19:00"),
        ("2026-01-13T06:59:00", "2026-01-12T19:00"),
    ],
)
def test_a_moment_belongs_to_the_shift_that_started_last(moment: str, start: str) -> None:
    clock = ShiftClock(SHIFTS, UTC)

    assert clock.start_of(at(moment)).isoformat(timespec="minutes") == f"{start}+00:00"


def test_shift_labels_name_the_day_and_hours() -> None:
    clock = ShiftClock(SHIFTS, UTC)

    assert clock.label(clock.start_of(at("2026-01-12T08:00:00"))) == "Mon 12 Jan 07:00–19:00"
    assert clock.label(clock.start_of(at("2026-01-13T02:00:00"))) == "Mon 12 Jan 19:00–07:00"
    assert ShiftClock([], UTC).label(ShiftClock([], UTC).start_of(at("2026-01-12T08:00:00"))) == (
        "Mon 12 Jan 00:00–00:00"
    )


def test_report_per_room_and_per_shift() -> None:
    calls = [
        call("12", at=at("2026-01-12T08:00:00"), answered_after=20, done_after=300),
        call("12", at=at("2026-01-12T09:00:00"), answered_after=40, done_after=500),
        call("12", CallKind.NOW, at=at("2026-01-12T20:00:00"), done_after=90),  # answered when done
        call("7", at=at("2026-01-12T21:00:00"), answered_after=200),
        call("11", CallKind.TEST, at=at("2026-01-12T10:00:00"), answered_after=999, done_after=999),
    ]

    report = build_report(calls, ROOMS, SHIFTS, UTC)

    rooms = [(r.key, r.label, r.calls, r.answered, r.finished) for r in report.by_room]
    assert rooms == [
        ("12", "Recovery 12", 3, Times(40.0, 80.0), Times(300.0, 460.0)),
        ("11", "Recovery 11", 0, Times(None, None), Times(None, None)),
        ("7", "Room 7", 1, Times(200.0, 200.0), Times(None, None)),
    ]
    shifts = [(r.key, r.label, r.calls, r.answered.median, r.finished.median) for r in report.by_shift]
    assert shifts == [
        ("2026-01-12T07:00+00:00", "Mon 12 Jan 07:00–19:00", 2, 30.0, 400.0),
        ("2026-01-12T19:00+00:00", "Mon 12 Jan 19:00–07:00", 2, 145.0, 90.0),
    ]


def test_csv_has_one_line_per_kind_per_room_and_per_shift() -> None:
    calls = [call("12", at=at("2026-01-12T08:00:00"), answered_after=20.04, done_after=300)]
    out = io.StringIO()

    write_csv(build_report(calls, ROOMS[:1], SHIFTS, UTC), out)

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [
        [
            "grouping",
            "key",
            "label",
            "calls",
            "answered_median_s",
            "answered_p90_s",
            "finished_median_s",
            "finished_p90_s",
        ],
        ["kind", "now", "Help now", "0", "", "", "", ""],
        ["kind", "check", "Check on me", "1", "20.0", "20.0", "300.0", "300.0"],
        ["room", "12", "Recovery 12", "1", "20.0", "20.0", "300.0", "300.0"],
        ["shift", "2026-01-12T07:00+00:00", "Mon 12 Jan 07:00–19:00", "1", "20.0", "20.0", "300.0", "300.0"],
    ]


def test_waits_count_from_the_press_unless_the_tablets_clock_was_plainly_off() -> None:
    """A call pressed during a broker outage waited all along; a clock an hour off counts from hearing."""
    late = call("12", at=at("2026-01-12T10:00:30"), answered_after=10.0)
    pressed_in_an_outage = replace(late, pressed_at=at("2026-01-12T10:00:00"))
    clock_off = replace(late, id="x", pressed_at=at("2026-01-12T08:00:00"))

    report = build_report([pressed_in_an_outage, clock_off], ROOMS, SHIFTS, UTC)

    assert report.by_room[0].answered == Times(median=25.0, p90=37.0)  # 40 s and 10 s
