"""`HelpCall` in QML: the help call's state for the patient, and the press that starts a call.

The service (TabletHelpCall) calls its listeners from any thread; its snapshots cross to the GUI
thread through a queued signal, and QML only ever sees them there.
"""

from __future__ import annotations

import logging
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Property, QEnum, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.helpcall.port import HelpCallService, unreachable
from kiosk.helpcall.states import ANSWERED_STATES, OPEN_STATES, HelpCallSnapshot, PatientCallState
from kiosk.session.clock import Clock, monotonic_clock
from kiosk.views import qml_module
from kiosk.views.qml_module import from_qml, to_qml
from kiosk.wire.liveness import BEAT_EVERY_S, Liveness
from kiosk.wire.protocol import CallKind

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

REPEAT_IGNORED_S = 2.0
"""A second tap on the same kind this soon is a double tap or a shaky finger, not a second call."""


STEPS = (PatientCallState.CALLING, PatientCallState.RECEIVED, PatientCallState.ON_WAY)
"""What a call goes through, shown as steps so the patient sees how far it has got."""

PATIENT_KINDS = (CallKind.CHECK, CallKind.NOW)
"""The calls a patient can make, in the order their buttons stand; a test call is for staff only."""


@QmlNamedElement("HelpCall")
@QmlSingleton
class CallModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`HelpCall` in QML: the latest snapshot, applied on the GUI thread; `press` is one tap from any screen.

    `expanded`: the state's words fill the page while they are news (a press, a new state) and shrink
    to a strip when the patient moves on, so they can keep using the kiosk while someone comes.
    """

    @QEnum
    class Kind(IntEnum):
        """`kiosk.wire.protocol.CallKind`, for QML: `HelpCall.press(HelpCall.Now)`."""

        Check = 0
        Now = 1
        Test = 2

    changed = Signal()
    _arrived = Signal(object)

    def __init__(
        self,
        service: HelpCallService,
        clock: Clock = monotonic_clock,
        liveness: Liveness | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if liveness is not None:
            self._beat = QTimer(self, interval=round(BEAT_EVERY_S * 1000))
            self._beat.timeout.connect(liveness.beat)
            self._beat.start()
            liveness.beat()
        self._service = service
        self._clock = clock
        self._snapshot = service.snapshot()
        self._expanded = True
        self._last_press: tuple[CallKind, float] | None = None
        self._arrived.connect(self.show, Qt.ConnectionType.QueuedConnection)
        service.add_listener(self._arrived.emit)

    @staticmethod
    def create(engine: QQmlEngine) -> CallModel:
        return qml_module.instance(CallModel, engine)

    @property
    def snapshot(self) -> HelpCallSnapshot:
        return self._snapshot

    @Slot(int)
    def press(self, kind: int) -> None:
        """A patient's tap: the service stores and sends the call; its listener brings the new state.

        The returned snapshot is not shown here: snapshots queued just before the press would then
        arrive after it and briefly show an older state.
        """
        call_kind = from_qml(CallKind, kind, CallModel.Kind)
        now = self._clock()
        if (
            self._last_press is not None
            and self._last_press[0] is call_kind
            and now - self._last_press[1] < REPEAT_IGNORED_S
        ):
            log.info(
                "A second %s press within %.0f s was taken as the same call", call_kind, REPEAT_IGNORED_S
            )
            return
        self._last_press = (call_kind, now)
        self.expand()
        try:
            self._service.press(call_kind)
        except Exception:
            log.exception("A %s help call could not be started", call_kind)
            self.show(unreachable("The help call failed; see the log.", kind=call_kind))

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

    @Property(str, notify=changed)
    def state(self) -> str:
        """The state's name, which is also where its words are: `Words.help[HelpCall.state]`."""
        return self._snapshot.state.value

    @Property(bool, notify=changed)
    def showing(self) -> bool:
        """Something to tell the patient about a call: any state but idle."""
        return self._snapshot.state is not PatientCallState.IDLE

    @Property(bool, notify=changed)
    def now_urgent(self) -> bool:
        """A "help now" pressed while a "check on me" was open: the patient hears it became urgent."""
        return self._snapshot.now_urgent

    @Property(bool, notify=changed)
    def open(self) -> bool:
        return self._snapshot.state in OPEN_STATES

    @Property(bool, notify=changed)
    def connection_lost(self) -> bool:
        return _link_lost(self._snapshot)

    @Property(bool, notify=changed)
    def urgent(self) -> bool:
        """The call shown is a "help now": the patient sees it is treated as urgent."""
        return self._snapshot.kind is CallKind.NOW and self._snapshot.state in OPEN_STATES

    @Property(bool, notify=changed)
    def call_out(self) -> bool:
        """The patient must call out loud: no one was reached, or the link to the nurses is gone."""
        return self._snapshot.state is PatientCallState.UNREACHABLE or _link_lost(self._snapshot)

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def steps(self) -> list[dict[str, str]]:
        """Calling, the nurses have it, on the way: each `done`, `now` or `ahead`; none outside that path."""
        state = self._snapshot.state
        if state is PatientCallState.HERE:
            reached = len(STEPS)
        elif state in STEPS:
            reached = STEPS.index(state)
        else:
            return []
        return [
            {
                "name": step.value,
                "progress": "done" if index < reached else "now" if index == reached else "ahead",
            }
            for index, step in enumerate(STEPS)
        ]

    @Property(bool, notify=changed)
    def expanded(self) -> bool:
        return self._expanded

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def kinds(self) -> list[dict[str, Any]]:
        """The patient's help buttons in order; `name` is where their words are (`Words.help.now`)."""
        return [
            {"kind": int(to_qml(CallModel.Kind, kind)), "name": kind.value, "urgent": kind is CallKind.NOW}
            for kind in PATIENT_KINDS
        ]


def _link_lost(snapshot: HelpCallSnapshot) -> bool:
    """The nurses had the call, and the tablet has since lost its link to them."""
    return snapshot.state in ANSWERED_STATES and not snapshot.broker_connected
