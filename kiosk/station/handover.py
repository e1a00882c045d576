"""The shift handover list: what a charge nurse tells the next one, read from the call log.

The calls still open (whatever shift they began in), the shift's calls by kind with their times, and
the longest waits to be answered, in plain lines that can be read out or copied into a handover sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from kiosk.config.deployment import RoomConfig
from kiosk.station.board import KIND_WORDS, STATE_WORDS, format_duration
from kiosk.station.call_sheet import CallLine, call_lines
from kiosk.station.calllog import StationCall
from kiosk.station.report import ReportRow, kind_rows, patient_calls
from kiosk.station.shifts import ShiftClock
from kiosk.wire.protocol import CallKind

LONGEST = 3


@dataclass(frozen=True)
class Handover:
    shift: str
    running: bool
    """The shift is still going: its figures are "so far"."""
    by_kind: tuple[ReportRow, ...]
    still_open: tuple[CallLine, ...]
    longest: tuple[CallLine, ...]
    tests: int


def build_handover(
    calls: Iterable[StationCall],
    rooms: Sequence[RoomConfig],
    clock: ShiftClock,
    now: float,
    *,
    last_shift: bool = False,
) -> Handover:
    """The shift running at `now`, or the one before it; `calls` must reach back to its start."""
    known = list(calls)
    start = clock.start_of(now)
    if last_shift:
        start = clock.before(start)
    in_shift = [call for call in known if clock.start_of(call.waited_from) == start]
    counted = patient_calls(in_shift)
    answered = [call for call in counted if call.answer_wait_s is not None]
    answered.sort(key=lambda call: call.answer_wait_s or 0.0, reverse=True)
    still_open = [call for call in patient_calls(known) if call.cleared_at is None]
    return Handover(
        shift=clock.label(start),
        running=not last_shift,
        by_kind=kind_rows(counted),
        still_open=tuple(call_lines(still_open, rooms)),
        longest=tuple(call_lines(answered[:LONGEST], rooms)),
        tests=sum(call.kind is CallKind.TEST for call in in_shift),
    )


def handover_text(handover: Handover, now: float, zone: tzinfo | None = None) -> list[str]:
    """Plain lines: a heading, the open calls first (they are what the next nurse must act on)."""
    when = f"so far, at {datetime.fromtimestamp(now, zone):%H:%M}" if handover.running else "ended"
    lines = [f"Handover: {handover.shift} ({when})", ""]
    if handover.still_open:
        lines.append(f"Still open ({len(handover.still_open)}):")
        lines += [
            f"  {line.room_label} · {KIND_WORDS[line.call.kind]} · {STATE_WORDS[line.call.state]} · "
            f"{format_duration(now - line.call.waited_from)} since the press"
            for line in handover.still_open
        ]
    else:
        lines.append("No call is open.")
    lines.append("")
    total = sum(row.calls for row in handover.by_kind)
    lines.append(f"Calls this shift: {total}")
    lines += [f"  {row.label}: {_kind_summary(row)}" for row in handover.by_kind]
    if handover.longest:
        lines += ["", "Longest waits to be answered:"]
        lines += [
            f"  {line.room_label} · {KIND_WORDS[line.call.kind]} · "
            f"{datetime.fromtimestamp(line.call.waited_from, zone):%H:%M} · "
            f"{format_duration(line.call.answer_wait_s or 0.0)}{_by(line)}"
            for line in handover.longest
        ]
    if handover.tests:
        lines += ["", f"Test calls: {handover.tests} (not counted above)"]
    return lines


def _kind_summary(row: ReportRow) -> str:
    if not row.calls:
        return "none"
    calls = "1 call" if row.calls == 1 else f"{row.calls} calls"
    median, p90 = row.answered.median, row.answered.p90
    if median is None or p90 is None:
        return f"{calls}, none answered yet"
    return f"{calls}, answered in {format_duration(median)} (median), {format_duration(p90)} for 9 in 10"


def _by(line: CallLine) -> str:
    return f" · {line.answered_by}" if line.answered_by else ""
