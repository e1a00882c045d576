"""The help call as the kiosk sees it: a port with one real implementation and one honest stand-in.

The kiosk's views depend on `HelpCallService` only, so a help call that cannot run at all (broken
settings, no broker) is still a help call that tells the truth on every press.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from kiosk.helpcall.states import HelpCallSnapshot, PatientCallState
from kiosk.wire.protocol import CallKind, Feeling

log = logging.getLogger(__name__)


class HelpCallService(Protocol):
    """What the kiosk needs from a help call; `kiosk.helpcall.tablet.TabletHelpCall` is the real one."""

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def press(self, kind: CallKind) -> HelpCallSnapshot: ...
    def nurse_here(self) -> HelpCallSnapshot: ...
    def clear_at_bedside(self) -> HelpCallSnapshot: ...
    def snapshot(self) -> HelpCallSnapshot: ...
    def add_listener(self, callback: Callable[[HelpCallSnapshot], None]) -> None: ...
    def add_visit_listener(self, callback: Callable[[bool], None]) -> None: ...
    def report_visit(self, resting_s: int | None) -> None: ...
    def report_check_in(self, feeling: Feeling) -> None: ...


class NoStation:
    """For a help call with no station behind it: visits are started only at the tablet, and the
    visit's length and check-in answers stay on it."""

    def add_visit_listener(self, callback: Callable[[bool], None]) -> None:
        """No station, so no orders."""

    def report_visit(self, resting_s: int | None) -> None:
        log.info("No station hears this visit (%s s)", resting_s)

    def report_check_in(self, feeling: Feeling) -> None:
        log.info("No station hears this check-in answer (%s)", feeling)


class UnavailableHelpCall(NoStation):
    """Stands in when the help call cannot run at all: every press says, truthfully, to call out."""

    def __init__(self, problem: str) -> None:
        self._problem = problem
        self._snapshot = unreachable(problem, kind=None, state=PatientCallState.IDLE)
        self._listeners: list[Callable[[HelpCallSnapshot], None]] = []

    def start(self) -> None:
        log.error("The help call is not running: %s", self._problem)

    def stop(self) -> None:
        """Nothing runs, so nothing stops."""

    def press(self, kind: CallKind) -> HelpCallSnapshot:
        log.error("A %s call was pressed but cannot be sent: %s", kind, self._problem)
        self._snapshot = unreachable(self._problem, kind=kind)
        for listener in self._listeners:
            listener(self._snapshot)
        return self._snapshot

    def nurse_here(self) -> HelpCallSnapshot:
        return self._snapshot

    def clear_at_bedside(self) -> HelpCallSnapshot:
        return self._snapshot

    def snapshot(self) -> HelpCallSnapshot:
        return self._snapshot

    def add_listener(self, callback: Callable[[HelpCallSnapshot], None]) -> None:
        self._listeners.append(callback)


def unreachable(
    problem: str, *, kind: CallKind | None, state: PatientCallState = PatientCallState.UNREACHABLE
) -> HelpCallSnapshot:
    """A snapshot for a call that cannot go anywhere: "please call out", and the reason for staff."""
    return HelpCallSnapshot(
        state=state,
        kind=kind,
        call_id=None,
        since=time.monotonic(),
        broker_connected=False,
        station_online=False,
        staff_problem=problem,
    )
