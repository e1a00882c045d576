"""The station's durable call log: each call is one row, however many copies of it arrive."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.wire.protocol import CallFacts, CallKind, StationState
from kiosk.wire.storage import SqlValue, Store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY,
    room TEXT NOT NULL,
    kind TEXT NOT NULL,
    pressed_at REAL NOT NULL,
    received_at REAL NOT NULL,
    state TEXT NOT NULL,
    updated_at REAL NOT NULL,
    copies INTEGER NOT NULL,
    acknowledged_at REAL,
    cleared_at REAL
);
CREATE INDEX IF NOT EXISTS calls_by_state ON calls (state);
CREATE INDEX IF NOT EXISTS calls_by_received ON calls (received_at);
"""

_COLUMNS = "id, room, kind, pressed_at, received_at, state, updated_at, copies, acknowledged_at, cleared_at"
_UPSERT = (
    f"INSERT INTO calls ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "state = excluded.state, updated_at = excluded.updated_at, copies = excluded.copies, "
    "acknowledged_at = excluded.acknowledged_at, cleared_at = excluded.cleared_at"
)


@dataclass(frozen=True)
class StationCall:
    """A call as the station knows it; `stored` is False while the log cannot be written."""

    id: str
    room: str
    kind: CallKind
    pressed_at: float
    received_at: float
    state: StationState
    updated_at: float
    copies: int = 1
    stored: bool = True
    acknowledged_at: float | None = None
    cleared_at: float | None = None

    @property
    def ringing(self) -> bool:
        """Staff have not answered yet: the console rings while any call rings."""
        return self.state is StationState.RECEIVED

    @classmethod
    def from_facts(cls, facts: CallFacts, state: StationState, now: float) -> StationCall:
        received = cls(facts.id, facts.room, facts.kind, facts.pressed_at, now, StationState.RECEIVED, now)
        return received.advanced(state, now)

    def advanced(self, state: StationState, at: float) -> StationCall:
        """The call moved on to `state`; when it was first answered and cleared is kept for the report.

        A call cleared without "On my way" counts as answered when it was cleared.
        """
        answered = self.acknowledged_at or (at if state is not StationState.RECEIVED else None)
        cleared = self.cleared_at or (at if state is StationState.DONE else None)
        return replace(self, state=state, updated_at=at, acknowledged_at=answered, cleared_at=cleared)


class CallLog(Store):
    """Every call the station heard, one row each; every method raises StorageError with words for staff."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA, "call log")

    def record_copy(self, facts: CallFacts, now: float) -> StationCall:
        """Store a call the first time, count every later copy, and return the row as stored."""
        rows = self.execute(
            f"INSERT INTO calls ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 1, NULL, NULL) "
            f"ON CONFLICT (id) DO UPDATE SET copies = copies + 1 RETURNING {_COLUMNS}",
            (facts.id, facts.room, facts.kind.value, facts.pressed_at, now, StationState.RECEIVED.value, now),
        )
        return self.records(rows, _call)[0]

    def get(self, call_id: str) -> StationCall | None:
        rows = self.execute(f"SELECT {_COLUMNS} FROM calls WHERE id = ?", (call_id,))
        calls = self.records(rows, _call)
        return calls[0] if calls else None

    def save(self, call: StationCall) -> None:
        self.execute(
            _UPSERT,
            (
                call.id,
                call.room,
                call.kind.value,
                call.pressed_at,
                call.received_at,
                call.state.value,
                call.updated_at,
                call.copies,
                call.acknowledged_at,
                call.cleared_at,
            ),
        )

    def open_calls(self) -> list[StationCall]:
        rows = self.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE state != ? ORDER BY pressed_at", (StationState.DONE.value,)
        )
        return self.records(rows, _call)

    def recent(self, limit: int) -> list[StationCall]:
        rows = self.execute(f"SELECT {_COLUMNS} FROM calls ORDER BY pressed_at DESC LIMIT ?", (limit,))
        return self.records(rows, _call)

    def received_since(self, start: float) -> list[StationCall]:
        """Every call that reached the station from `start` on, oldest first, for the response-time report."""
        rows = self.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE received_at >= ? ORDER BY received_at", (start,)
        )
        return self.records(rows, _call)


def _call(row: tuple[SqlValue, ...]) -> StationCall:
    call_id, room, kind, pressed_at, received_at, state, updated_at, copies, acknowledged_at, cleared_at = row
    return StationCall(
        id=str(call_id),
        room=str(room),
        kind=CallKind(str(kind)),
        pressed_at=float(pressed_at or 0.0),
        received_at=float(received_at or 0.0),
        state=StationState(str(state)),
        updated_at=float(updated_at or 0.0),
        copies=int(copies or 0),
        acknowledged_at=_optional_time(acknowledged_at),
        cleared_at=_optional_time(cleared_at),
    )


def _optional_time(value: SqlValue) -> float | None:
    return None if value is None else float(value)
