"""What the patient is told about their call, as a pure function of the facts, so it is easy to trust.

Rule: the patient is told the station has the call only after the station's own receipt for that call
arrived. Until then it is CALLING while there is a real chance, else UNREACHABLE ("please call out").
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
    DONE = "done"
    UNREACHABLE = "unreachable"


OPEN_STATES = frozenset(
    {
        PatientCallState.CALLING,
        PatientCallState.RECEIVED,
        PatientCallState.ON_WAY,
        PatientCallState.UNREACHABLE,
    }
)
"""The patient is still waiting for someone: the call stays on screen and the kiosk stays on its page."""

ANSWERED_STATES = frozenset({PatientCallState.RECEIVED, PatientCallState.ON_WAY})
"""The station has the call and nobody has finished it. Before an answer, a lost link already turns
the state into UNREACHABLE ("please call out"); after one, the kiosk says the link is lost."""

REACHED_STATES = ANSWERED_STATES | {PatientCallState.DONE}
"""The station's own word arrived for the call: what `lantern call` waits for."""


@dataclass(frozen=True)
class CallRecord:
    """One press as the tablet knows it; `committed` is False when the outbox could not store it."""

    id: str
    room: str
    kind: CallKind
    pressed_at: float
    changed_at: float
    station_state: StationState | None = None
    cleared_at: float | None = None
    committed: bool = True

    @property
    def is_open(self) -> bool:
        return self.station_state is not StationState.DONE and self.cleared_at is None

    @property
    def finished_at(self) -> float | None:
        if self.cleared_at is not None:
            return self.cleared_at
        return self.changed_at if self.station_state is StationState.DONE else None


@dataclass(frozen=True)
class Link:
    """What the tablet knows about its way to staff."""

    broker_connected: bool
    station_online: bool


@dataclass(frozen=True)
class HelpCallSnapshot:
    """Everything the kiosk view needs to show the truth about the help call, at one moment."""

    state: PatientCallState
    kind: CallKind | None
    call_id: str | None
    since: float
    broker_connected: bool
    station_online: bool
    staff_problem: str | None


def current_call(calls: Iterable[CallRecord], now: float, done_linger_s: float) -> CallRecord | None:
    """The call the patient's screen is about: the newest open one, else one that just finished."""
    calls = list(calls)
    open_calls = [call for call in calls if call.is_open]
    if open_calls:
        return max(open_calls, key=lambda call: call.pressed_at)
    lingering = [
        (finished, call)
        for call in calls
        if (finished := call.finished_at) is not None and now - finished < done_linger_s
    ]
    return max(lingering, key=lambda pair: pair[0])[1] if lingering else None


def patient_state(
    call: CallRecord | None, now: float, link: Link, *, receipt_timeout_s: float, done_linger_s: float
) -> PatientCallState:
    """The one state to show. Never RECEIVED without the station's receipt; never CALLING without hope."""
    if call is None:
        return PatientCallState.IDLE
    finished = call.finished_at
    if finished is not None:
        return PatientCallState.DONE if now - finished < done_linger_s else PatientCallState.IDLE
    if call.station_state is StationState.ON_WAY:
        return PatientCallState.ON_WAY
    if call.station_state is StationState.RECEIVED:
        return PatientCallState.RECEIVED
    hopeful = call.committed and link.broker_connected and link.station_online
    if hopeful and now - call.pressed_at < receipt_timeout_s:
        return PatientCallState.CALLING
    return PatientCallState.UNREACHABLE


def state_deadline(
    call: CallRecord | None, *, receipt_timeout_s: float, done_linger_s: float
) -> float | None:
    """When the state would change by time alone (receipt timeout, end of DONE), so a timer can wake."""
    if call is None:
        return None
    finished = call.finished_at
    if finished is not None:
        return finished + done_linger_s
    return call.pressed_at + receipt_timeout_s if call.station_state is None else None
