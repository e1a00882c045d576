"""`HelpCall` in QML: the help call's state for the patient, and the press that starts a call.

The service (TabletHelpCall) calls its listeners from any thread; its snapshots cross to the GUI
thread through a queued signal, and QML only ever sees them there.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Property, QObject, Qt, Signal, Slot

from kiosk.helpcall.port import HelpCallService, unreachable
from kiosk.helpcall.states import ANSWERED_STATES, OPEN_STATES, HelpCallSnapshot
from kiosk.session.clock import Clock, wall_clock
from kiosk.wire.protocol import CallKind

log = logging.getLogger(__name__)

REPEAT_IGNORED_S = 2.0
"""A second tap on the same kind this soon is a double tap or a shaky finger, not a second call."""


class CallModel(QObject):
    """The latest snapshot, applied on the GUI thread; `press` is one tap from any screen.

    `expanded`: the state's words fill the page while they are news (a press, a new state) and shrink
    to a strip when the patient moves on, so they can keep using the kiosk while someone comes.
    """

    changed = Signal()
    _arrived = Signal(object)

    def __init__(
        self, service: HelpCallService, clock: Clock = wall_clock, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._clock = clock
        self._snapshot = service.snapshot()
        self._expanded = True
        self._last_press: tuple[str, float] | None = None
        self._arrived.connect(self.show, Qt.ConnectionType.QueuedConnection)
        service.add_listener(self._arrived.emit)

    @property
    def snapshot(self) -> HelpCallSnapshot:
        return self._snapshot

    @Slot(str)
    def press(self, kind: str) -> None:
        """A patient's tap: the service stores and sends the call; its listener brings the new state.

        The returned snapshot is not shown here: snapshots queued just before the press would then
        arrive after it and briefly show an older state.
        """
        now = self._clock()
        if (
            self._last_press is not None
            and self._last_press[0] == kind
            and now - self._last_press[1] < REPEAT_IGNORED_S
        ):
            log.info("A second %s press within %.0f s was taken as the same call", kind, REPEAT_IGNORED_S)
            return
        self._last_press = (kind, now)
        self.expand()
        try:
            self._service.press(CallKind(kind))
        except Exception:
            log.exception("A %s help call could not be started", kind)
            self.show(unreachable("The help call failed; see the log.", kind=CallKind(kind)))

    @Slot(object)
    def show(self, snapshot: HelpCallSnapshot) -> None:
        if snapshot != self._snapshot:
            if snapshot.state != self._snapshot.state:
                self._expanded = True
            self._snapshot = snapshot
            self.changed.emit()

    @Slot()
    def expand(self) -> None:
        self._set_expanded(True)

    @Slot()
    def collapse(self) -> None:
        self._set_expanded(False)

    def _set_expanded(self, expanded: bool) -> None:
        if expanded != self._expanded:
            self._expanded = expanded
            self.changed.emit()

    state = Property(str, lambda self: self._snapshot.state.value, notify=changed)
    kind = Property(
        str, lambda self: self._snapshot.kind.value if self._snapshot.kind else "", notify=changed
    )
    open = Property(bool, lambda self: self._snapshot.state in OPEN_STATES, notify=changed)
    connectionLost = Property(  # noqa: N815 - a QML property name
        bool,
        lambda self: self._snapshot.state in ANSWERED_STATES and not self._snapshot.broker_connected,
        notify=changed,
    )
    expanded = Property(bool, lambda self: self._expanded, notify=changed)
