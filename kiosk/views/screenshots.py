"""Write a PNG of every screen and every call state, in each language, by day and by night.

The real QML is rendered (offscreen); the models are driven into each state the way a tap or the
help-call service would drive them, with motion made instant so every picture shows a settled screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop
from PySide6.QtQuick import QQuickItem

from kiosk.content.model import LANGUAGES, Language
from kiosk.helpcall.states import PatientCallState
from kiosk.session.navigation import Screen
from kiosk.session.staff import GESTURE_TAPS
from kiosk.views.assembly import Kiosk
from kiosk.views.qml_module import to_qml
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.views.session_model import SessionModel
from kiosk.wire.protocol import CallKind

log = logging.getLogger(__name__)

DAY_TIME = datetime(2025, 6, 1, 10, 0)
NIGHT_TIME = datetime(2025, 6, 1, 23, 0)
PREVIEW_PIN = "2468"
"""Set in the preview's own temporary data folder, never in the kiosk's."""
_SETTLE_MS = 5000
_IMAGE_LOADING = 2

Step = Callable[[Kiosk], None]


@dataclass
class Scene:
    """The time the kiosk believes it is; screenshots move it between day and night."""

    now: datetime = DAY_TIME

    def __call__(self) -> datetime:
        return self.now


def _place(screen: Screen, forward: int = 0) -> Step:
    def go(kiosk: Kiosk) -> None:
        kiosk.session.open(to_qml(SessionModel.Screen, screen))
        for _ in range(forward):
            kiosk.session.forward()

    return go


def pages(kiosk: Kiosk) -> Iterator[tuple[str, Step]]:
    """Every patient page, in the order a patient meets them."""
    yield "home", _place(Screen.HOME)
    yield "expect", _place(Screen.EXPECT)
    yield "feelings-1-words", _place(Screen.FEELINGS)
    yield "feelings-2-breathing", _place(Screen.FEELINGS, 1)
    steps = len(kiosk.words.content.screens.feelings.grounding.steps)
    for index in range(steps):
        yield f"feelings-3-grounding-{index + 1}", _place(Screen.FEELINGS, 2 + index)
    yield "feelings-4-finished", _place(Screen.FEELINGS, 2 + steps)
    yield "feelings-5-offer", _place(Screen.FEELINGS, 3 + steps)
    yield "after", _place(Screen.AFTER)
    yield "resources", _place(Screen.RESOURCES)


CALL_STATES = (
    (PatientCallState.CALLING, CallKind.NOW),
    (PatientCallState.RECEIVED, CallKind.NOW),
    (PatientCallState.ON_WAY, CallKind.NOW),
    (PatientCallState.DONE, CallKind.NOW),
    (PatientCallState.UNREACHABLE, CallKind.CHECK),
)


def write_all(
    kiosk: Kiosk, rehearsal: RehearsalHelpCall, scene: Scene, out: Path, size: tuple[int, int]
) -> list[Path]:
    """The whole set: both languages by day and night, a few screens turned to portrait, and the staff screens."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for language in LANGUAGES:
        for period, moment in (("day", DAY_TIME), ("night", NIGHT_TIME)):
            written += _set(kiosk, rehearsal, scene, out, f"{language}-{period}", language, moment, size)
    written += _portrait(kiosk, rehearsal, scene, out, size)
    written.append(_shoot(kiosk, out / "staff-1-pin.png", _staff_gesture))
    written.append(_shoot(kiosk, out / "staff-2-menu.png", lambda k: _enter_pin(k, PREVIEW_PIN)))
    kiosk.staff.close()
    return written


def _portrait(
    kiosk: Kiosk, rehearsal: RehearsalHelpCall, scene: Scene, out: Path, size: tuple[int, int]
) -> list[Path]:
    """The same tablet turned on its side: the home screen, the breathing pacer and a call, in English by day."""
    width, height = size
    kiosk.window.resize(height, width)
    kiosk.words.set_language("en")
    scene.now = DAY_TIME
    kiosk.imagery.check_night()
    written = [
        _shoot(kiosk, out / "portrait-1-home.png", _place(Screen.HOME)),
        _shoot(kiosk, out / "portrait-2-breathing.png", _place(Screen.FEELINGS, 1)),
        _shoot(
            kiosk, out / "portrait-3-call-on_way.png", _call(rehearsal, PatientCallState.ON_WAY, CallKind.NOW)
        ),
    ]
    _call(rehearsal, PatientCallState.IDLE, None)(kiosk)
    kiosk.window.resize(width, height)
    return written


def _staff_gesture(kiosk: Kiosk) -> None:
    for _ in range(GESTURE_TAPS):
        kiosk.staff.corner_tapped()


def _enter_pin(kiosk: Kiosk, pin: str) -> None:
    for digit in pin:
        kiosk.staff.key(digit)
    kiosk.staff.key("ok")
    _settle(kiosk, lambda: not kiosk.staff.checking)


def _set(
    kiosk: Kiosk,
    rehearsal: RehearsalHelpCall,
    scene: Scene,
    out: Path,
    prefix: str,
    language: Language,
    moment: datetime,
    size: tuple[int, int],
) -> list[Path]:
    kiosk.window.resize(*size)
    kiosk.words.set_language(language)
    scene.now = moment
    kiosk.imagery.check_night()
    written = []
    for number, (name, step) in enumerate(pages(kiosk), start=1):
        written.append(_shoot(kiosk, out / f"{prefix}-{number:02d}-{name}.png", step))
    kiosk.session.home()
    for number, (state, kind) in enumerate(CALL_STATES, start=1):
        path = out / f"{prefix}-call-{number}-{state.value}.png"
        written.append(_shoot(kiosk, path, _call(rehearsal, state, kind)))
    written.append(_shoot(kiosk, out / f"{prefix}-call-6-strip.png", _place(Screen.EXPECT)))
    kiosk.session.home()
    urgent = _call(rehearsal, PatientCallState.RECEIVED, CallKind.NOW, now_urgent=True)
    written.append(_shoot(kiosk, out / f"{prefix}-call-7-now-urgent.png", urgent))
    _call(rehearsal, PatientCallState.IDLE, None)(kiosk)
    return written


def _call(
    rehearsal: RehearsalHelpCall, state: PatientCallState, kind: CallKind | None, *, now_urgent: bool = False
) -> Step:
    def show(kiosk: Kiosk) -> None:
        rehearsal.show(state, kind, now_urgent=now_urgent)
        _settle(kiosk, lambda: kiosk.call.snapshot.state is state)

    return show


def _shoot(kiosk: Kiosk, path: Path, step: Step) -> Path:
    step(kiosk)
    _settle(kiosk, lambda: True)
    kiosk.window.grabWindow().save(str(path))
    log.info("wrote %s", path)
    return path


def _loading(kiosk: Kiosk) -> bool:
    items = kiosk.window.contentItem().findChildren(QQuickItem)
    return any(
        item.metaObject().className() == "QQuickImage" and item.property("status") == _IMAGE_LOADING
        for item in items
    )


def _settle(kiosk: Kiosk, ready: Callable[[], bool]) -> None:
    """Let queued signals, layouts and image loads finish, for at most a few seconds."""
    deadline = QDeadlineTimer(_SETTLE_MS)
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if (ready() and not _loading(kiosk)) or deadline.hasExpired():
            break
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
