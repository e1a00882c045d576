"""A scripted day of calls, and every figure the console and the CSVs give for it, worked out by hand.

Shifts start at 07:00 and 19:00 (UTC here); ten calls, one of them a test call.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime, time

import pytest

from kiosk.config.deployment import RoomConfig
from kiosk.station.board import format_duration
from kiosk.station.call_sheet import CLOCK_NOTE, call_lines, write_calls_csv
from kiosk.station.calllog import BEDSIDE, StationCall
from kiosk.station.handover import build_handover, handover_text
from kiosk.station.report import Times, build_report, write_csv
from kiosk.station.shifts import ShiftClock
from kiosk.wire.protocol import CallKind
from tests.station.calls import call

ROOMS = [RoomConfig(id="7", label="Recovery 7"), RoomConfig(id="11", label="Recovery 11")]
SHIFTS = [time(7, 0), time(19, 0)]
NOW, CHECK, TEST = CallKind.NOW, CallKind.CHECK, CallKind.TEST


def at(clock: str) -> float:
    return datetime.fromisoformat(f"2026-01-12T{clock}").replace(tzinfo=UTC).timestamp()


def figures(times: Times) -> tuple[float | None, float | None]:
    return (times.median, times.p90)


def by_desk(made: StationCall) -> StationCall:
    return replace(made, acknowledged_by="desk")


DAY = [
    by_desk(call("12", NOW, at=at("08:00:00"), answered_after=8, done_after=120)),
    by_desk(call("11", CHECK, at=at("09:30:00"), answered_after=25, done_after=300)),
    replace(call("7", NOW, at=at("10:15:00"), answered_after=12, done_after=200), acknowledged_by=BEDSIDE),
    by_desk(call("12", CHECK, at=at("11:00:00"), answered_after=40, done_after=400)),
    by_desk(call("11", NOW, at=at("13:00:00"), answered_after=5, done_after=100)),
    by_desk(call("7", CHECK, at=at("14:00:00"), answered_after=61.6, done_after=600.4)),
    call("12", TEST, at=at("15:00:00"), answered_after=3, done_after=5),
    by_desk(call("11", CHECK, at=at("19:30:00"), answered_after=20, done_after=250)),
    by_desk(call("12", NOW, at=at("22:00:00"), answered_after=30)),
    call("7", CHECK, at=at("23:00:00")),
]
LATE_EVENING = at("23:30:00")


def test_by_kind_room_and_shift_match_the_hand_calculation() -> None:
    report = build_report(DAY, ROOMS, SHIFTS, UTC)

    # help now answered in 8, 12, 5, 30 s: median (8+12)/2; 90th at rank 2.7 of 4: 12 + 0.7 × 18
    # check answered in 25, 40, 61.6, 20 s (one still waits): median (25+40)/2; 40 + 0.7 × 21.6
    assert [(row.key, row.calls) for row in report.by_kind] == [("now", 4), ("check", 5)]
    assert [figures(row.answered) + figures(row.finished) for row in report.by_kind] == [
        pytest.approx((10.0, 24.6, 120.0, 184.0)),
        pytest.approx((32.5, 55.12, 350.0, 540.28)),
    ]
    assert [(row.label, row.calls) for row in report.by_room] == [
        ("Recovery 7", 3),
        ("Recovery 11", 3),
        ("Room 12", 3),
    ]
    assert figures(report.by_room[0].answered) == pytest.approx(
        (36.8, 56.64)
    )  # 12 and 61.6 s: 12 + 0.9 × 49.6
    assert [(row.label, row.calls, row.answered.median) for row in report.by_shift] == [
        ("Mon 12 Jan 07:00–19:00", 6, 18.5),
        ("Mon 12 Jan 19:00–07:00", 3, 25.0),
    ]


def test_durations_round_to_the_nearest_second() -> None:
    assert [format_duration(s) for s in (0.4, 0.5, 24.6, 59.6, 61.6, 3599.5)] == [
        "0:00",
        "0:01",
        "0:25",
        "1:00",
        "1:02",
        "1:00:00",
    ]


def test_the_summary_csv_gives_kind_room_and_shift_lines_to_the_tenth_of_a_second() -> None:
    out = io.StringIO()
    write_csv(build_report(DAY, ROOMS, SHIFTS, UTC), out)

    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [row[0] for row in rows[1:]] == ["kind", "kind", "room", "room", "room", "shift", "shift"]
    assert rows[2] == ["kind", "check", "Check on me", "5", "32.5", "55.1", "350.0", "540.3"]


def test_every_call_csv_has_one_row_per_call_with_its_times_and_who_answered() -> None:
    late_clock = replace(DAY[1], id="clock-off", pressed_at=at("09:30:00") - 7200)
    out = io.StringIO()
    write_calls_csv(call_lines([*DAY, late_clock], ROOMS), out, UTC)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 11
    bedside = next(row for row in rows if row["room"] == "7" and row["kind"] == "now")
    assert {key: bedside[key] for key in ("pressed_at", "answered_at", "answered_by", "finished_at")} == {
        "pressed_at": "2026-01-12T10:15:00+00:00",
        "answered_at": "2026-01-12T10:15:12+00:00",
        "answered_by": "bedside",
        "finished_at": "2026-01-12T10:18:20+00:00",
    }
    assert (bedside["to_answer_s"], bedside["to_finish_s"], bedside["note"]) == ("12.0", "200.0", "")
    waiting = rows[0]
    assert (waiting["room_label"], waiting["state"], waiting["answered_at"], waiting["to_answer_s"]) == (
        "Recovery 7",
        "received",
        "",
        "",
    )
    off = next(row for row in rows if row["call_id"] == "clock-off")
    assert (off["to_answer_s"], off["note"]) == ("25.0", CLOCK_NOTE)


def test_one_rooms_history_is_its_calls_newest_first() -> None:
    history = call_lines(DAY, ROOMS, room="7")

    assert [(line.call.kind, line.answered_by) for line in history] == [
        (CHECK, ""),
        (CHECK, "console desk"),
        (NOW, "at the bedside"),
    ]


def test_the_handover_of_the_running_shift_puts_open_calls_first() -> None:
    handover = build_handover(DAY, ROOMS, ShiftClock(SHIFTS, UTC), LATE_EVENING)

    assert handover_text(handover, LATE_EVENING, UTC) == [
        "Handover: Mon 12 Jan 19:00–07:00 (so far, at 23:30)",
        "",
        "Still open (2):",
        "  Recovery 7 · Check on me · Waiting · 30:00 since the press",
        "  Room 12 · Help now · On the way · 1:30:00 since the press",
        "",
        "Calls this shift: 3",
        "  Help now: 1 call, answered in 0:30 (median), 0:30 for 9 in 10",
        "  Check on me: 2 calls, answered in 0:20 (median), 0:20 for 9 in 10",
        "",
        "Longest waits to be answered:",
        "  Room 12 · Help now · 22:00 · 0:30 · console desk",
        "  Recovery 11 · Check on me · 19:30 · 0:20 · console desk",
    ]


def test_the_handover_of_the_last_shift_counts_its_calls_and_its_test_call() -> None:
    handover = build_handover(DAY, ROOMS, ShiftClock(SHIFTS, UTC), LATE_EVENING, last_shift=True)

    text = handover_text(handover, LATE_EVENING, UTC)
    assert text[0] == "Handover: Mon 12 Jan 07:00–19:00 (ended)"
    # help now 8, 12, 5 s: median 8, 90th at rank 1.8: 8 + 0.8 × 4; check 25, 40, 61.6: 40 + 0.8 × 21.6
    assert text[7:9] == [
        "  Help now: 3 calls, answered in 0:08 (median), 0:11 for 9 in 10",
        "  Check on me: 3 calls, answered in 0:40 (median), 0:57 for 9 in 10",
    ]
    assert text[10:] == [
        "Longest waits to be answered:",
        "  Recovery 7 · Check on me · 14:00 · 1:02 · console desk",
        "  Room 12 · Check on me · 11:00 · 0:40 · console desk",
        "  Recovery 11 · Check on me · 09:30 · 0:25 · console desk",
        "",
        "Test calls: 1 (not counted above)",
    ]
