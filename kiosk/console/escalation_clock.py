"""Escalation on Qt's clock: looks at the open calls on every change and when the next tier is due."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from kiosk.config.deployment import Deployment
from kiosk.console.wake import WakeTimer
from kiosk.station.board import room_label
from kiosk.station.core import StationSnapshot
from kiosk.station.escalation import Escalator
from kiosk.station.phones import PhoneAlerts


class EscalationClock(QObject):
    """Pushes go out on the alerts' own thread; `problem_changed` arrives on the GUI thread."""

    problem_changed = Signal(object)

    def __init__(self, deployment: Deployment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rooms = deployment.station.rooms
        self._escalator = Escalator(deployment.escalation if deployment.station.escalate else ())
        self._alerts = PhoneAlerts(deployment.phones, self.problem_changed.emit)
        self._snapshot: StationSnapshot | None = None
        self._timer = WakeTimer(self._evaluate, self)

    @property
    def problem(self) -> str | None:
        return self._alerts.problem

    def update(self, snapshot: StationSnapshot) -> None:
        self._snapshot = snapshot
        self._evaluate()

    def close(self) -> None:
        self._timer.stop()
        self._alerts.close()

    def _evaluate(self) -> None:
        if self._snapshot is None:
            return
        now = time.monotonic()
        for escalation in self._escalator.due(self._snapshot.calls, now):
            self._alerts.send(escalation, room_label(escalation.call.room, self._rooms))
        self._timer.wake_at(self._escalator.next_due_at(self._snapshot.calls), now)
