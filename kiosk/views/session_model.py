"""`Session` in QML: where the patient is, the pacer's pace, and the comfort switches; no timers of its own
except the one that brings the kiosk slowly home after a quiet while."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.content.model import Content
from kiosk.session import navigation
from kiosk.session.clock import Clock
from kiosk.session.idle import IdleTracker
from kiosk.session.navigation import Place, Screen
from kiosk.session.pacer import Pace

_IDLE_CHECK_MS = 1000


class SessionModel(QObject):
    """Navigation goes through the pure rules in `kiosk.session.navigation`; QML only asks to move."""

    changed = Signal()
    went_home_idle = Signal()

    def __init__(self, content: Content, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._content = content
        self._place = Place()
        self._pace = Pace.of(content.screens.feelings.breathing.breaths_per_minute)
        self._larger_text = False
        self._pictures_paused = False
        self._drifting = False
        self._call_open = False
        self._idle = IdleTracker(clock, content.schedule.return_home_after_seconds)
        self._idle_timer = QTimer(self, interval=_IDLE_CHECK_MS)
        self._idle_timer.timeout.connect(self.check_idle)
        self._idle_timer.start()

    @property
    def place(self) -> Place:
        return self._place

    def set_content(self, content: Content) -> None:
        """A content edit: keep the patient's page (fitted to the new steps) and their chosen pace."""
        self._content = content
        self._idle.after_s = content.schedule.return_home_after_seconds
        self._move(navigation.fit(self._place, self._grounding_steps))

    def set_call_open(self, call_open: bool) -> None:
        """While someone is coming the page stays put; the quiet time counts from the call's last change."""
        self._call_open = call_open
        self._idle.activity()

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
        self._move(navigation.open_screen(Screen(screen)))

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
            self.changed.emit()

    screen = Property(str, lambda self: self._place.screen.value, notify=changed)
    step = Property(str, lambda self: self._place.step.value, notify=changed)
    grounding = Property(int, lambda self: self._place.grounding, notify=changed)
    at_home = Property(bool, lambda self: self._place.at_home, notify=changed)
    can_go_forward = Property(bool, lambda self: self._place.can_go_forward, notify=changed)
    can_start_again = Property(bool, lambda self: self._place.can_start_again, notify=changed)
    drifting = Property(bool, lambda self: self._drifting, notify=changed)
    larger_text = Property(bool, lambda self: self._larger_text, notify=changed)
    pictures_paused = Property(bool, lambda self: self._pictures_paused, notify=changed)
    breathe_in_ms = Property(int, lambda self: self._pace.breathe_in_ms, notify=changed)
    breathe_out_ms = Property(int, lambda self: self._pace.breathe_out_ms, notify=changed)
    can_slow = Property(bool, lambda self: self._pace.can_slow, notify=changed)
    can_quicken = Property(bool, lambda self: self._pace.can_quicken, notify=changed)
