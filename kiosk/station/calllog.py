"""The station's durable call log: each call is one row, however many copies of it arrive."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.wire.protocol import CallFacts, CallKind, CheckInAnswer, Feeling, StationState
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
    cleared_at REAL,
    acknowledged_by TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_state ON calls (state);
CREATE INDEX IF NOT EXISTS calls_by_received ON calls (received_at);
CREATE TABLE IF NOT EXISTS check_ins (
    id TEXT PRIMARY KEY,
    room TEXT NOT NULL,
    feeling TEXT NOT NULL,
    heard_at REAL NOT NULL
);
"""
_UPGRADES = ("ALTER TABLE calls ADD COLUMN acknowledged_by TEXT",)
"""For call logs written before a column existed."""

_COLUMNS = (
    "id, room, kind, pressed_at, received_at, state, updated_at, copies, acknowledged_at, cleared_at, "
    "acknowledged_by"
)
_UPSERT = (
    f"INSERT INTO calls ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "state = excluded.state, updated_at = excluded.updated_at, copies = excluded.copies, "
    "acknowledged_at = excluded.acknowledged_at, cleared_at = excluded.cleared_at, "
    "acknowledged_by = excluded.acknowledged_by"
)

Waiting = tuple[str, CallKind]
"""A room and a kind of call: what rings, reminds and pages as one."""

BEDSIDE = "bedside"
"""`acknowledged_by` of a call a nurse answered at the tablet ("a nurse is here")."""
PHONE = "phone:"
"""`acknowledged_by` of a call answered from a phone's page starts so, then the phone's name."""


def on_phone(phone: str) -> str:
    return PHONE + phone


def answering_phone(acknowledged_by: str | None) -> str | None:
    """The phone that took a call, or None when it was taken at a console or the bedside (or not yet)."""
    if acknowledged_by is None or not acknowledged_by.startswith(PHONE):
        return None
    return acknowledged_by.removeprefix(PHONE)


def answerer_words(acknowledged_by: str) -> str:
    """Where it was answered, for a tile: "at the bedside", "on phone charge", "at desk" (a console)."""
    if acknowledged_by == BEDSIDE:
        return "at the bedside"
    phone = answering_phone(acknowledged_by)
    return f"on phone {phone}" if phone else f"at {acknowledged_by}"


@dataclass(frozen=True)
class StationCall:
    """A call as the station knows it; `stored` is False while the log cannot be written.

    Wall-clock times (`pressed_at`, `received_at` …) are for the log, the report and people;
    `heard_mono` (when this station heard the call, or loaded it after a restart) times escalation
    and waiting, so a step of the clock cannot make a call look older or newer than it is.
    `acknowledged_by` is the station whose staff said "On my way".
    """

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
    acknowledged_by: str | None = None
    heard_mono: float = 0.0

    @property
    def waited_from(self) -> float:
        """The wall-clock moment the patient's wait began: the press, unless the tablet's clock was
        plainly off (a press after this station heard it, or over an hour before), then the hearing."""
        return self.pressed_at if _plausible_press(self.pressed_at, self.received_at) else self.received_at

    @property
    def clock_was_off(self) -> bool:
        """The tablet's clock was plainly off, so this call's waits count from when it was heard."""
        return self.waited_from != self.pressed_at

    @property
    def answer_wait_s(self) -> float | None:
        """From the press to the first answer ("On my way", "a nurse is here", or "Done")."""
        return _wait(self.waited_from, self.acknowledged_at)

    @property
    def finish_wait_s(self) -> float | None:
        """From the press to "Done"."""
        return _wait(self.waited_from, self.cleared_at)

    @property
    def ringing(self) -> bool:
        """Staff have not answered yet: the console rings while any call rings."""
        return self.state is StationState.RECEIVED

    @classmethod
    def from_facts(
        cls, facts: CallFacts, state: StationState, now: float, *, heard_mono: float, by: str | None = None
    ) -> StationCall:
        received = cls(
            facts.id,
            facts.room,
            facts.kind,
            facts.pressed_at,
            now,
            StationState.RECEIVED,
            now,
            heard_mono=heard_mono,
        )
        return received.advanced(state, now, by)

    def advanced(self, state: StationState, at: float, by: str | None = None) -> StationCall:
        """The call moved on to `state`, said by station `by`; when it was first answered and cleared,
        and by whom, is kept for the report and the tiles.

        A call cleared without "On my way" counts as answered when it was cleared.
        """
        first_answer = self.acknowledged_at is None and state is not StationState.RECEIVED
        answered = at if first_answer else self.acknowledged_at
        answered_by = by if first_answer else self.acknowledged_by
        cleared = self.cleared_at or (at if state is StationState.DONE else None)
        return replace(
            self,
            state=state,
            updated_at=at,
            acknowledged_at=answered,
            cleared_at=cleared,
            acknowledged_by=answered_by,
        )

    def merged_with(self, other: StationCall) -> StationCall:
        """This call as two stations' logs agree on it: the furthest state, and the earliest answer
        and finish with the station that gave the answer, so every console ends with the same row."""
        answers = [c for c in (self, other) if c.acknowledged_at is not None]
        first = min(answers, key=lambda c: (c.acknowledged_at or 0.0, c.acknowledged_by or ""), default=self)
        finishes = [at for at in (self.cleared_at, other.cleared_at) if at is not None]
        state = max(self.state, other.state, key=lambda state: state.rank)
        return replace(
            self,
            state=state,
            updated_at=max(self.updated_at, other.updated_at),
            acknowledged_at=first.acknowledged_at,
            acknowledged_by=first.acknowledged_by,
            cleared_at=min(finishes, default=None),
        )


class CallLog(Store):
    """Every call the station heard, one row each; every method raises StorageError with words for staff."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA, "call log", upgrades=_UPGRADES)

    def record_copy(self, facts: CallFacts, now: float) -> StationCall:
        """Store a call the first time, count every later copy, and return the row as stored."""
        rows = self.execute(
            f"INSERT INTO calls ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 1, NULL, NULL, NULL) "
            f"ON CONFLICT (id) DO UPDATE SET copies = copies + 1 RETURNING {_COLUMNS}",
            (facts.id, facts.room, facts.kind.value, facts.pressed_at, now, StationState.RECEIVED.value, now),
        )
        return self.records(rows, _call)[0]

    def record_check_in(self, answer: CheckInAnswer, now: float) -> bool:
        """A check-in answer, once however many copies arrive; when the station heard it, for shifts.
        True if it is new."""
        return bool(
            self.execute(
                "INSERT INTO check_ins (id, room, feeling, heard_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (id) DO NOTHING RETURNING id",
                (answer.id, answer.room, answer.feeling.value, now),
            )
        )

    def check_ins_since(self, start: float) -> list[tuple[str, Feeling, float]]:
        """(room, answer, heard at) of every check-in answer heard from `start` on, oldest first."""
        rows = self.execute(
            "SELECT room, feeling, heard_at FROM check_ins WHERE heard_at >= ? ORDER BY heard_at", (start,)
        )
        return [(str(room), Feeling(str(feeling)), float(str(at))) for room, feeling, at in rows]

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
                call.acknowledged_by,
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

    def finished_since(self, start: float, limit: int) -> list[StationCall]:
        """The newest finished calls heard from `start` on, at most `limit`, to share with a station
        that comes back."""
        rows = self.execute(
            f"SELECT {_COLUMNS} FROM calls WHERE state = ? AND received_at >= ? "
            "ORDER BY received_at DESC LIMIT ?",
            (StationState.DONE.value, start, limit),
        )
        return self.records(rows, _call)


def _call(row: tuple[SqlValue, ...]) -> StationCall:
    (
        call_id,
        room,
        kind,
        pressed_at,
        received_at,
        state,
        updated_at,
        copies,
        acknowledged_at,
        cleared_at,
        by,
    ) = row
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
        acknowledged_by=None if by is None else str(by),
    )


MAX_PRESS_AGE_S = 3600.0
"""A call heard this long after its press is taken as a clock that was off, not as a wait."""
CLOCK_SLACK_S = 2.0


def _plausible_press(pressed_at: float, heard_at: float) -> bool:
    return heard_at - MAX_PRESS_AGE_S <= pressed_at <= heard_at + CLOCK_SLACK_S


def heard_mono_of(pressed_at: float, now_wall: float, now_mono: float) -> float:
    """The monotonic moment of the press, for waits that start at the press and never step."""
    if not _plausible_press(pressed_at, now_wall):
        return now_mono
    return now_mono - max(now_wall - pressed_at, 0.0)


def _wait(start: float, end: float | None) -> float | None:
    return None if end is None else max(end - start, 0.0)


def _optional_time(value: SqlValue) -> float | None:
    return None if value is None else float(value)
