"""One line per call, for the console's call list, one room's history and the per-call CSV.

Times are to the second and say their zone in the CSV, so a manager's spreadsheet and the console
agree; waits are from the press (see `StationCall.waited_from`), with a note where a tablet's clock
was off. Rooms only, never names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TextIO

from kiosk.config.deployment import RoomConfig
from kiosk.station.board import room_label
from kiosk.station.calllog import BEDSIDE, StationCall, answerer_words, answering_phone
from kiosk.station.report import csv_seconds

CLOCK_NOTE = "tablet clock was off: timed from when the station heard the call"


@dataclass(frozen=True)
class CallLine:
    call: StationCall
    room_label: str

    @property
    def answered_by(self) -> str:
        """Who answered, in words: "at the bedside", "console desk", or "" while nobody has."""
        by = self.call.acknowledged_by
        if by is None:
            return ""
        if by == BEDSIDE or answering_phone(by):
            return answerer_words(by)
        return f"console {by}"

    @property
    def note(self) -> str:
        return CLOCK_NOTE if self.call.clock_was_off else ""


def call_lines(
    calls: Iterable[StationCall], rooms: Sequence[RoomConfig], room: str | None = None
) -> list[CallLine]:
    """Newest first; `room`: that room's history only."""
    chosen = [call for call in calls if room is None or call.room == room]
    chosen.sort(key=lambda call: call.waited_from, reverse=True)
    return [CallLine(call, room_label(call.room, rooms)) for call in chosen]


CALLS_CSV_HEADER = (
    "call_id",
    "room",
    "room_label",
    "kind",
    "pressed_at",
    "heard_at",
    "answered_at",
    "answered_by",
    "finished_at",
    "state",
    "to_answer_s",
    "to_finish_s",
    "note",
)


def write_calls_csv(lines: Iterable[CallLine], out: TextIO, zone: tzinfo | None = None) -> None:
    """One row per call, test calls included (kind "test"), times in ISO 8601 with their offset."""
    writer = csv.writer(out)
    writer.writerow(CALLS_CSV_HEADER)
    for line in lines:
        call = line.call
        writer.writerow(
            [
                call.id,
                call.room,
                line.room_label,
                call.kind.value,
                _moment(call.pressed_at, zone),
                _moment(call.received_at, zone),
                _moment(call.acknowledged_at, zone),
                call.acknowledged_by or "",
                _moment(call.cleared_at, zone),
                call.state.value,
                csv_seconds(call.answer_wait_s),
                csv_seconds(call.finish_wait_s),
                line.note,
            ]
        )


def _moment(at: float | None, zone: tzinfo | None) -> str:
    if at is None:
        return ""
    return datetime.fromtimestamp(at, zone).astimezone(zone).isoformat(timespec="seconds")
