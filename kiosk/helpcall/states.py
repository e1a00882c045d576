"""What the patient is told about their call, as a pure function of the facts, so it is easy to trust.

Rule: the patient is told the station has the call only after the station's own receipt for that call
arrived. Until then it is CALLING while there is a real chance, else UNREACHABLE ("please call out").
With several open calls, the screen is about the most urgent one.

Every duration here (the receipt timeout, how long "done" stays, how long a write may take) runs on
the monotonic clock; wall-clock times are only what the wire and the log carry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.wire.protocol import CallKind, StationState


class PatientCallState(StrEnum):
    """The states the kiosk view shows, in the order a call normally goes through them."""

    IDLE = "idle"
    CALLING = "calling"
    RECEIVED = "received"
    ON_WAY = "on_way"
    HERE = "here"
    DONE = "done"
    UNREACHABLE = "unreachable"


OPEN_STATES = frozenset(
    {
        PatientCallState.CALLING,
        PatientCallState.RECEIVED,
        PatientCallState.ON_WAY,
        PatientCallState.HERE,
        PatientCallState.UNREACHABLE,
    }
)
"""The patient is still waiting for someone: the call stays on screen and the kiosk stays on its page."""

ANSWERED_STATES = frozenset({PatientCallState.RECEIVED, PatientCallState.ON_WAY, PatientCallState.HERE})
"""The station has the call and nobody has finished it. Before an answer, a lost link already turns
the state into UNREACHABLE ("please call out"); after one, the kiosk says the link is lost."""

REACHED_STATES = ANSWERED_STATES | {PatientCallState.DONE}
"""The station's own word arrived for the call: what `lantern call` waits for."""

STORE_GRACE_S = 3.0
"""A press not yet on disk after this long (a stalled SD card) stops counting as a real chance."""

_KIND_URGENCY = {CallKind.NOW: 2, CallKind.CHECK: 1, CallKind.TEST: 0}
_ANSWER_URGENCY = {None: 3, StationState.RECEIVED: 2, StationState.ON_WAY: 1, StationState.HERE: 0}


@dataclass(frozen=True)
class CallRecord:
    """One press as the tablet knows it.

    `pressed_at`, `changed_at` and `cleared_at` are wall-clock times for the wire, the outbox and
    people. `seq` orders presses on this tablet; `pressed_mono` and `finished_mono` time them. Neither
    is stored: after a restart a call is timed from when it was loaded. `committed` is None while the
    press is being written, True once it is on disk, False when it could not be written. `here_at`:
    staff said at this tablet that a nurse is with the patient.
    """

    id: str
    room: str
    kind: CallKind
    pressed_at: float
    changed_at: float
    seq: int = 0
    pressed_mono: float = 0.0
    station_state: StationState | None = None
    cleared_at: float | None = None
    finished_mono: float | None = None
    committed: bool | None = True
    here_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self.station_state is not StationState.DONE and self.cleared_at is None


@dataclass(frozen=True)
class Link:
    """What the tablet knows about its way to staff: `station_online` counts only stations that ring."""

    broker_connected: bool
    station_online: bool


@dataclass(frozen=True)
class HelpCallSnapshot:
    """Everything the kiosk view needs to show the truth about the help call, at one moment.

    `now_urgent`: the call shown is a "help now" pressed while a "check on me" was already open, so
    the patient learns their call became urgent rather than seeing the same words again.
    """

    state: PatientCallState
    kind: CallKind | None
    call_id: str | None
    since: float
    broker_connected: bool
    station_online: bool
    staff_problem: str | None
    now_urgent: bool = False
    unanswered: frozenset[CallKind] = frozenset()
    """The kinds of this tablet's open calls that nobody has answered yet (the room's own nurse-call
    relay follows these, whatever the screen shows and whether or not a station is online)."""


def _urgency(call: CallRecord) -> tuple[int, int, int]:
    """ "Help now" before "check on me", unanswered before answered, then the newest press."""
    answer = StationState.HERE if call.here_at is not None else call.station_state
    return (_KIND_URGENCY[call.kind], _ANSWER_URGENCY.get(answer, 0), call.seq)


def current_call(calls: Iterable[CallRecord], now: float, done_linger_s: float) -> CallRecord | None:
    """The call the patient's screen is about: the most urgent open one, else one that just finished."""
    calls = list(calls)
    open_calls = [call for call in calls if call.is_open]
    if open_calls:
        return max(open_calls, key=_urgency)
    lingering = [
        (finished, call)
        for call in calls
        if (finished := call.finished_mono) is not None and now - finished < done_linger_s
    ]
    return max(lingering, key=lambda pair: pair[0])[1] if lingering else None


def unanswered_kinds(calls: Iterable[CallRecord]) -> frozenset[CallKind]:
    """Open calls not yet answered: no "on my way", no nurse at the bedside, not finished."""
    return frozenset(
        call.kind
        for call in calls
        if call.is_open
        and call.here_at is None
        and (call.station_state is None or call.station_state is StationState.RECEIVED)
    )


def became_urgent(call: CallRecord | None, calls: Iterable[CallRecord]) -> bool:
    """A "help now" shown while an earlier "check on me" is still open."""
    if call is None or call.kind is not CallKind.NOW or not call.is_open:
        return False
    return any(other.is_open and other.kind is CallKind.CHECK and other.seq < call.seq for other in calls)


def patient_state(
    call: CallRecord | None,
    now: float,
    link: Link,
    *,
    receipt_timeout_s: float,
    done_linger_s: float,
    store_grace_s: float = STORE_GRACE_S,
) -> PatientCallState:
    """The one state to show. Never RECEIVED without the station's receipt; never CALLING without hope."""
    if call is None:
        return PatientCallState.IDLE
    if call.finished_mono is not None:
        return PatientCallState.DONE if now - call.finished_mono < done_linger_s else PatientCallState.IDLE
    if call.here_at is not None or call.station_state is StationState.HERE:
        return PatientCallState.HERE
    if call.station_state is StationState.ON_WAY:
        return PatientCallState.ON_WAY
    if call.station_state is StationState.RECEIVED:
        return PatientCallState.RECEIVED
    age = now - call.pressed_mono
    stored = call.committed is True or (call.committed is None and age < store_grace_s)
    hopeful = stored and link.broker_connected and link.station_online
    return PatientCallState.CALLING if hopeful and age < receipt_timeout_s else PatientCallState.UNREACHABLE


def state_deadline(
    call: CallRecord | None,
    *,
    receipt_timeout_s: float,
    done_linger_s: float,
    store_grace_s: float = STORE_GRACE_S,
) -> float | None:
    """When the state would change by time alone (receipt timeout, a write too slow, the end of DONE)."""
    if call is None:
        return None
    if call.finished_mono is not None:
        return call.finished_mono + done_linger_s
    if call.station_state is not None or call.here_at is not None:
        return None
    deadlines = [call.pressed_mono + receipt_timeout_s]
    if call.committed is None:
        deadlines.append(call.pressed_mono + store_grace_s)
    return min(deadlines)
