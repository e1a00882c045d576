"""`Session` in QML: where the patient is, the pacer's pace, and the comfort switches; no timers of its own
except the one that brings the kiosk slowly home after a quiet while."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Property, QEnum, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.content.model import FEELINGS, Content
from kiosk.session import navigation
from kiosk.session.clock import Clock
from kiosk.session.idle import IdleTracker
from kiosk.session.navigation import Place
from kiosk.session.pacer import Pace
from kiosk.views import qml_module
from kiosk.views.qml_module import to_qml

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

_IDLE_CHECK_MS = 1000


@QmlNamedElement("Session")
@QmlSingleton
class SessionModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`Session` in QML. Navigation goes through the pure rules in `kiosk.session.navigation`; QML only
    asks to move."""

    @QEnum
    class Step(IntEnum):
        """`kiosk.session.navigation.Step`, for QML."""

        Words = 0
        Breathing = 1
        Grounding = 2
        Finished = 3
        Offer = 4

    changed = Signal()
    went_home_idle = Signal()

    def __init__(self, content: Content, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self._place = Place()
        self._pace = Pace.of(content.screens.feelings.breathing.breaths_per_minute)
        self._larger_text = False
        self._pictures_paused = False
        self._options_open = False
        self._drifting = False
        self._call_open = False
        self._idle = IdleTracker(clock, content.schedule.return_home_after_seconds)
        self._idle_timer = QTimer(self, interval=_IDLE_CHECK_MS)
        self._idle_timer.timeout.connect(self.check_idle)
        self._idle_timer.start()

    @staticmethod
    def create(engine: QQmlEngine) -> SessionModel:
        return qml_module.instance(SessionModel, engine)

    @property
    def place(self) -> Place:
        return self._place

    def set_content(self, content: Content) -> None:
        """A content edit: keep the patient's page (fitted to the new steps) and their chosen pace."""
        self._content = content
        self._idle.after_s = content.schedule.return_home_after_seconds
        self._move(navigation.fit(self._place, self._grounding_steps, self._content.screens.menu))

    def set_call_open(self, call_open: bool) -> None:
        """While someone is coming the page stays put; the quiet time counts from the call's last change.

        Any change of the call closes the sheet of folded buttons, so the call's page is what shows."""
        self._call_open = call_open
        self._idle.activity()
        self._close_options()

    def fresh_start(self) -> None:
        """A new patient: home, and the clinic's text size, pictures and breathing pace, not the last patient's."""
        self._larger_text = False
        self._pictures_paused = False
        self._pace = Pace.of(self._content.screens.feelings.breathing.breaths_per_minute)
        self._place = Place()
        self._drifting = False
        self._options_open = False
        self.changed.emit()

    @Slot()
    def activity(self) -> None:
        self._idle.activity()

    @Slot()
    def check_idle(self) -> None:
        if self._idle.due(at_home=self._place.at_home, call_open=self._call_open):
            self._move(Place(), drifting=True)
            self.went_home_idle.emit()

    @Slot(str)
    def open(self, screen: str) -> None:
        """Open a screen by its name in content.yaml (`Session.open("expect")`)."""
        self._move(navigation.open_screen(screen))

    @Slot()
    def home(self) -> None:
        self._move(Place())

    @Slot()
    def back(self) -> None:
        self._move(navigation.back(self._place, self._grounding_steps))

    @Slot()
    def forward(self) -> None:
        self._move(navigation.forward(self._place, self._grounding_steps))

    @Slot()
    def start_again(self) -> None:
        self._move(navigation.start_again(self._place))

    @Slot()
    def toggle_larger_text(self) -> None:
        self._larger_text = not self._larger_text
        self.changed.emit()

    @Slot()
    def toggle_pictures(self) -> None:
        self._pictures_paused = not self._pictures_paused
        self.changed.emit()

    @Slot()
    def toggle_options(self) -> None:
        """The sheet of shared buttons a small upright tablet folds away; any move of the page closes it."""
        self._options_open = not self._options_open
        self.changed.emit()

    @Slot()
    def slower(self) -> None:
        self._set_pace(self._pace.slower())

    @Slot()
    def faster(self) -> None:
        self._set_pace(self._pace.faster())

    @property
    def _grounding_steps(self) -> int:
        return len(self._content.screens.feelings.grounding.steps)

    def _set_pace(self, pace: Pace) -> None:
        if pace != self._pace:
            self._pace = pace
            self.changed.emit()

    def _move(self, place: Place, *, drifting: bool = False) -> None:
        if place != self._place or drifting != self._drifting:
            self._place = place
            self._drifting = drifting
            self._options_open = False
            self.changed.emit()
        else:
            self._close_options()

    def _close_options(self) -> None:
        if self._options_open:
            self._options_open = False
            self.changed.emit()

    @Property(str, notify=changed)
    def screen(self) -> str:
        return self._place.screen

    @Property(int, notify=changed)
    def step(self) -> int:
        return to_qml(SessionModel.Step, self._place.step)

    @Property(int, notify=changed)
    def grounding(self) -> int:
        return self._place.grounding

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def tiles(self) -> list[dict[str, Any]]:
        """The home screen's tiles: every screen but home, in the order content.yaml writes them;
        `name` is its key in `Words.screens`, `guided` marks the hard-feelings flow."""
        return [{"name": name, "guided": name == FEELINGS} for name in self._content.screens.menu]

    @Property(bool, notify=changed)
    def at_home(self) -> bool:
        return self._place.at_home

    @Property(bool, notify=changed)
    def can_go_forward(self) -> bool:
        return self._place.can_go_forward

    @Property(bool, notify=changed)
    def can_start_again(self) -> bool:
        return self._place.can_start_again

    @Property(bool, notify=changed)
    def drifting(self) -> bool:
        return self._drifting

    @Property(bool, notify=changed)
    def larger_text(self) -> bool:
        return self._larger_text

    @Property(bool, notify=changed)
    def pictures_paused(self) -> bool:
        return self._pictures_paused

    @Property(bool, notify=changed)
    def options_open(self) -> bool:
        return self._options_open

    @Property(int, notify=changed)
    def breathe_in_ms(self) -> int:
        return self._pace.breathe_in_ms

    @Property(int, notify=changed)
    def breathe_out_ms(self) -> int:
        return self._pace.breathe_out_ms

    @Property(bool, notify=changed)
    def can_slow(self) -> bool:
        return self._pace.can_slow

    @Property(bool, notify=changed)
    def can_quicken(self) -> bool:
        return self._pace.can_quicken
