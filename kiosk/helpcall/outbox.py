"""The tablet's durable outbox: every press, written on the tablet's writer thread, survives kill -9."""

from __future__ import annotations

from pathlib import Path

from kiosk.helpcall.states import CallRecord
from kiosk.wire.protocol import CallKind, StationState
from kiosk.wire.storage import SqlValue, Store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY,
    room TEXT NOT NULL,
    kind TEXT NOT NULL,
    pressed_at REAL NOT NULL,
    changed_at REAL NOT NULL,
    station_state TEXT,
    cleared_at REAL,
    here_at REAL
);
CREATE INDEX IF NOT EXISTS calls_by_state ON calls (station_state);
"""
_UPGRADES = ("ALTER TABLE calls ADD COLUMN here_at REAL",)
"""For outboxes written before a column existed."""

_COLUMNS = "id, room, kind, pressed_at, changed_at, station_state, cleared_at, here_at"


class Outbox(Store):
    """Every call of one room; a call is finished only when the station said it is done."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA, "help-call store", upgrades=_UPGRADES)

    def save(self, call: CallRecord) -> None:
        """Insert or update one call durably; raises StorageError with words for staff."""
        self.execute(
            f"INSERT INTO calls ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET changed_at = excluded.changed_at, "
            "station_state = excluded.station_state, cleared_at = excluded.cleared_at, here_at = excluded.here_at",
            (
                call.id,
                call.room,
                call.kind.value,
                call.pressed_at,
                call.changed_at,
                call.station_state.value if call.station_state else None,
                call.cleared_at,
                call.here_at,
            ),
        )

    def unfinished(self) -> list[CallRecord]:
        """Calls the station has not confirmed as done: after a crash these are sent again."""
        rows = self.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE station_state IS NULL OR station_state != ? ORDER BY pressed_at",
            (StationState.DONE.value,),
        )
        return self.records(rows, _record)


def _record(row: tuple[SqlValue, ...]) -> CallRecord:
    call_id, room, kind, pressed_at, changed_at, station_state, cleared_at, here_at = row
    return CallRecord(
        id=str(call_id),
        room=str(room),
        kind=CallKind(str(kind)),
        pressed_at=float(pressed_at or 0.0),
        changed_at=float(changed_at or 0.0),
        station_state=StationState(str(station_state)) if station_state else None,
        cleared_at=float(cleared_at) if cleared_at is not None else None,
        here_at=float(here_at) if here_at is not None else None,
    )
