"""A pretend help call for `lantern preview`: it walks through every state a real call can show, and
reaches no one, so a nurse can try the kiosk without calling a colleague. Screenshots set states directly."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kiosk.helpcall.port import NoStation
from kiosk.helpcall.states import HelpCallSnapshot, PatientCallState
from kiosk.wire.protocol import CallKind

# After a press: (seconds later, state shown).
SCRIPT = (
    (2.0, PatientCallState.RECEIVED),
    (5.0, PatientCallState.ON_WAY),
    (15.0, PatientCallState.DONE),
    (25.0, PatientCallState.IDLE),
)


class RehearsalHelpCall(NoStation):
    """Implements the help-call service's interface; listeners are called from a timer thread, like the real one."""

    def __init__(self, *, scripted: bool = True) -> None:
        self._scripted = scripted
        self._lock = threading.Lock()
        self._listeners: list[Callable[[HelpCallSnapshot], None]] = []
        self._timers: list[threading.Timer] = []
        self._snapshot = _snapshot(PatientCallState.IDLE, None, 0)
        self._presses = 0

    def start(self) -> None:
        """Nothing to connect to."""

    def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()

    def press(self, kind: CallKind) -> HelpCallSnapshot:
        self._presses += 1
        snapshot = self.show(PatientCallState.CALLING, kind)
        if self._scripted:
            self.stop()
            self._timers = [
                threading.Timer(
                    delay, self.show, (state, kind if state is not PatientCallState.IDLE else None)
                )
                for delay, state in SCRIPT
            ]
            for timer in self._timers:
                timer.daemon = True
                timer.start()
        return snapshot

    def show(
        self, state: PatientCallState, kind: CallKind | None, *, now_urgent: bool = False
    ) -> HelpCallSnapshot:
        """Show a state as if the station had sent it."""
        with self._lock:
            self._snapshot = _snapshot(state, kind, self._presses, now_urgent)
            listeners = list(self._listeners)
        for listener in listeners:
            listener(self._snapshot)
        return self._snapshot

    def nurse_here(self) -> HelpCallSnapshot:
        return self.show(PatientCallState.HERE, self._snapshot.kind)

    def clear_at_bedside(self) -> HelpCallSnapshot:
        return self.show(PatientCallState.DONE, self._snapshot.kind)

    def snapshot(self) -> HelpCallSnapshot:
        return self._snapshot

    def add_listener(self, callback: Callable[[HelpCallSnapshot], None]) -> None:
        with self._lock:
            self._listeners.append(callback)


def _snapshot(
    state: PatientCallState, kind: CallKind | None, number: int, now_urgent: bool = False
) -> HelpCallSnapshot:
    return HelpCallSnapshot(
        state=state,
        kind=kind,
        call_id=f"rehearsal-{number}" if kind else None,
        since=time.monotonic(),
        broker_connected=True,
        station_online=True,
        staff_problem="This is a preview: calls reach no one.",
        now_urgent=now_urgent,
    )
