"""Write a PNG of every screen and every call state, in each language, by day and by night.

The real QML is rendered (offscreen); the models are driven into each state the way a tap or the
help-call service would drive them, with motion made instant so every picture shows a settled screen.
A page taller than the screen is shown whole: a screen per scroll position, one under another, so
the card a nurse added at the bottom is in it too. When the nurse's file does not
pass the check, every picture carries a banner saying whose content it shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtQuick import QQuickItem

from kiosk.content.model import FEELINGS, HOME, Language
from kiosk.helpcall.states import PatientCallState
from kiosk.session.staff import GESTURE_TAPS
from kiosk.views.assembly import Kiosk
from kiosk.views.rehearsal import RehearsalHelpCall
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


def place(screen: str, forward: int = 0) -> Step:
    def go(kiosk: Kiosk) -> None:
        kiosk.session.open(screen)
        for _ in range(forward):
            kiosk.session.forward()

    return go


def pages(kiosk: Kiosk) -> Iterator[tuple[str, Step]]:
    """Every patient page, in the order a patient meets them: home, then each tile's screen in turn."""
    yield "home", place(HOME)
    steps = len(kiosk.words.content.screens.feelings.grounding.steps)
    for name in kiosk.words.content.screens.menu:
        if name != FEELINGS:
            yield name, place(name)
            continue
        yield "feelings-1-words", place(FEELINGS)
        yield "feelings-2-breathing", place(FEELINGS, 1)
        for index in range(steps):
            yield f"feelings-3-grounding-{index + 1}", place(FEELINGS, 2 + index)
        yield "feelings-4-finished", place(FEELINGS, 2 + steps)
        yield "feelings-5-offer", place(FEELINGS, 3 + steps)


CALL_STATES = (
    (PatientCallState.CALLING, CallKind.NOW),
    (PatientCallState.RECEIVED, CallKind.NOW),
    (PatientCallState.ON_WAY, CallKind.NOW),
    (PatientCallState.DONE, CallKind.NOW),
    (PatientCallState.UNREACHABLE, CallKind.CHECK),
)


@dataclass
class Camera:
    """Takes the pictures: whole pages, with the banner when the content shown is not the nurse's file."""

    notice: str | None = None

    def shoot(self, kiosk: Kiosk, path: Path, step: Step) -> Path:
        step(kiosk)
        settle(kiosk, lambda: True)
        picture = _whole_page(kiosk)
        if self.notice:
            picture = _with_banner(picture, self.notice)
        picture.save(str(path))
        log.info("wrote %s", path)
        return path


def write_all(
    kiosk: Kiosk,
    rehearsal: RehearsalHelpCall,
    scene: Scene,
    out: Path,
    size: tuple[int, int],
    notice: str | None = None,
) -> list[Path]:
    """The whole set: every language by day and night, a few screens turned to portrait, and the staff screens."""
    camera = Camera(notice)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for language in kiosk.words.content.languages:
        for period, moment in (("day", DAY_TIME), ("night", NIGHT_TIME)):
            written += _set(
                camera, kiosk, rehearsal, scene, out, f"{language}-{period}", language, moment, size
            )
    written += _portrait(camera, kiosk, rehearsal, scene, out, size)
    written.append(camera.shoot(kiosk, out / "staff-1-pin.png", _staff_gesture))
    written.append(camera.shoot(kiosk, out / "staff-2-menu.png", lambda k: _enter_pin(k, PREVIEW_PIN)))
    kiosk.staff.close()
    return written


def _portrait(
    camera: Camera, kiosk: Kiosk, rehearsal: RehearsalHelpCall, scene: Scene, out: Path, size: tuple[int, int]
) -> list[Path]:
    """The same tablet turned on its side: the home screen, the breathing pacer and a call, in English by day."""
    width, height = size
    kiosk.window.resize(height, width)
    kiosk.words.set_language(kiosk.words.content.default_language)
    scene.now = DAY_TIME
    kiosk.imagery.check_night()
    written = [
        camera.shoot(kiosk, out / "portrait-1-home.png", place(HOME)),
        camera.shoot(kiosk, out / "portrait-2-breathing.png", place(FEELINGS, 1)),
        camera.shoot(
            kiosk,
            out / "portrait-3-call-on_way.png",
            show_call(rehearsal, PatientCallState.ON_WAY, CallKind.NOW),
        ),
    ]
    show_call(rehearsal, PatientCallState.IDLE, None)(kiosk)
    kiosk.window.resize(width, height)
    return written


def _staff_gesture(kiosk: Kiosk) -> None:
    for _ in range(GESTURE_TAPS):
        kiosk.staff.corner_tapped()


def _enter_pin(kiosk: Kiosk, pin: str) -> None:
    for digit in pin:
        kiosk.staff.key(digit)
    kiosk.staff.key("ok")
    settle(kiosk, lambda: not kiosk.staff.checking)


def _set(
    camera: Camera,
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
        written.append(camera.shoot(kiosk, out / f"{prefix}-{number:02d}-{name}.png", step))
    kiosk.session.home()
    for number, (state, kind) in enumerate(CALL_STATES, start=1):
        path = out / f"{prefix}-call-{number}-{state.value}.png"
        written.append(camera.shoot(kiosk, path, show_call(rehearsal, state, kind)))
    written.append(
        camera.shoot(kiosk, out / f"{prefix}-call-6-strip.png", place(kiosk.words.content.screens.menu[0]))
    )
    kiosk.session.home()
    urgent = show_call(rehearsal, PatientCallState.RECEIVED, CallKind.NOW, now_urgent=True)
    written.append(camera.shoot(kiosk, out / f"{prefix}-call-7-now-urgent.png", urgent))
    show_call(rehearsal, PatientCallState.IDLE, None)(kiosk)
    written += _visit(camera, kiosk, out, prefix)
    return written


def _visit(camera: Camera, kiosk: Kiosk, out: Path, prefix: str) -> list[Path]:
    """A visit 20 minutes in, with the time line and the clock turned on, then its check-in."""
    if kiosk.words.content.visit is None:
        return []
    written = [camera.shoot(kiosk, out / f"{prefix}-visit-1-time-line.png", show_visit(asking=False))]
    written.append(camera.shoot(kiosk, out / f"{prefix}-visit-2-check-in.png", show_visit(asking=True)))
    end_visit(kiosk)
    return written


def show_visit(*, asking: bool) -> Step:
    """Home 20 minutes into a visit with the time line and the clock on, and the check-in if `asking`."""

    def show(kiosk: Kiosk) -> None:
        content = kiosk.words.content
        assert content.visit is not None, "the content has no visit section"
        language, larger = kiosk.words.language, kiosk.session.larger_text
        shown = content.visit.model_copy(
            update={
                "show_resting_time": True,
                "show_clock": True,
                "check_in": content.visit.check_in.model_copy(update={"every_minutes": 15}),
            }
        )
        kiosk.visit.set_content(content.model_copy(update={"visit": shown}))
        kiosk.visit.begin(rested_s=20 * 60, ask_now=asking)  # a visit starts fresh: the shot keeps its own
        kiosk.words.set_language(language)
        if kiosk.session.larger_text != larger:
            kiosk.session.toggle_larger_text()
        kiosk.visit.tick()
        place(HOME)(kiosk)

    return show


def end_visit(kiosk: Kiosk) -> None:
    kiosk.visit.end()
    kiosk.visit.set_content(kiosk.words.content)


def show_call(
    rehearsal: RehearsalHelpCall, state: PatientCallState, kind: CallKind | None, *, now_urgent: bool = False
) -> Step:
    def show(kiosk: Kiosk) -> None:
        rehearsal.show(state, kind, now_urgent=now_urgent)
        settle(kiosk, lambda: kiosk.call.snapshot.state is state)

    return show


def _whole_page(kiosk: Kiosk) -> QImage:
    """The window as a picture; a page that scrolls as one screen per scroll position, one under another,
    each exactly as the patient sees it (with its arrows), so nothing in the picture is made up."""
    frame = kiosk.window.grabWindow()
    flick = _scrolling(kiosk)
    if flick is None:
        return frame
    view = int(flick.height())
    extra = int(flick.property("contentHeight")) - view
    frames = [frame]
    step = int(view * 0.8)
    for offset in [*range(step, extra, step), extra]:
        flick.setProperty("contentY", offset)
        settle(kiosk, lambda: True)
        frames.append(kiosk.window.grabWindow())
    flick.setProperty("contentY", 0)
    seam = max(4, frame.height() // 100)
    whole = QImage(frame.width(), len(frames) * (frame.height() + seam) - seam, frame.format())
    whole.fill(QColor("#0b0f14"))
    painter = QPainter(whole)
    for index, shown in enumerate(frames):
        painter.drawImage(0, index * (frame.height() + seam), shown)
    painter.end()
    return whole


def _scrolling(kiosk: Kiosk) -> QQuickItem | None:
    """The page's scrolling part, when its words are taller than the screen."""
    for item in _visual_tree(kiosk.window.contentItem()):
        if (
            item.metaObject().className() == "QQuickFlickable"
            and _shown(item)
            and item.property("contentHeight") > item.height() + 1
        ):
            return item
    return None


def _visual_tree(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every item under `root` (items a Loader made are in the visual tree, not among its QObject children)."""
    for child in root.childItems():
        yield child
        yield from _visual_tree(child)


def _shown(item: QQuickItem) -> bool:
    node: QQuickItem | None = item
    while node is not None:
        if not node.isVisible() or node.opacity() == 0:
            return False
        node = node.parentItem()
    return True


def _with_banner(picture: QImage, notice: str) -> QImage:
    """The picture under a band no one can miss, saying it is not of the nurse's file."""
    letters = max(16, picture.width() // 48)
    band = QRect(0, 0, picture.width(), letters * 4)
    marked = QImage(picture.width(), band.height() + picture.height(), picture.format())
    painter = QPainter(marked)
    painter.fillRect(band, QColor("#8a1c1c"))
    font = QFont()
    font.setPixelSize(letters)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#fff4e0"))
    painter.drawText(
        band.adjusted(16, 0, -16, 0), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap, notice
    )
    painter.drawImage(0, band.height(), picture)
    painter.end()
    return marked


def _loading(kiosk: Kiosk) -> bool:
    items = kiosk.window.contentItem().findChildren(QQuickItem)
    return any(
        item.metaObject().className() == "QQuickImage" and item.property("status") == _IMAGE_LOADING
        for item in items
    )


def settle(kiosk: Kiosk, ready: Callable[[], bool]) -> None:
    """Let queued signals, layouts and image loads finish, for at most a few seconds."""
    deadline = QDeadlineTimer(_SETTLE_MS)
    while True:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if (ready() and not _loading(kiosk)) or deadline.hasExpired():
            break
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
