"""The kiosk's first frame: the last home screen, with live help buttons, before the rest is built.

Building the kiosk (pydantic, the content check, the QML) takes about half a second on a tablet. For
that time a patient would see the desktop or black. Instead, as Android shows a task's snapshot, the
kiosk shows a picture of its own home screen taken at the previous start, in a plain raster window that
needs only QtGui. Its help buttons are live: a tap is kept and handed to the real help call the moment
that exists (well before the QML is up), and the pressed button is ringed at once. The picture is used
only for the screen size it was taken at and never while the kiosk runs windowed.

The snapshot is taken after the kiosk's first real frame, while home shows and no call is open, and
written by a thread of its own: the GUI thread never waits on the disk.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRasterWindow,
)

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickWindow

log = logging.getLogger(__name__)
_shown: FirstFrame | None = None

PICTURE = "first-frame.png"
KEEP_AFTER_MS = 4000
"""Pictures decode and icons paint after the first frame; by then home is whole."""
LAYOUT = "first-frame.json"

Press = Callable[[str], object]
"""Takes a call's kind by its wire name ("check", "now"): the protocol module is not loaded yet."""


class FirstFrame(QRasterWindow):
    """The snapshot, fullscreen, with its help buttons' places; taps are kept until a help call takes them."""

    def __init__(self, picture: QImage, buttons: dict[str, QRect], ring: QColor) -> None:
        super().__init__()
        self._picture = picture
        self._ring = ring
        self._buttons = buttons
        self._pressed: list[str] = []
        self._press: Press | None = None

    @property
    def pressed(self) -> list[str]:
        return list(self._pressed)

    def hand_over(self, press: Press) -> None:
        """The real help call is up: the taps so far go to it now, and any later tap straight away."""
        self._press = press
        for kind in self._pressed:
            press(kind)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.drawImage(0, 0, self._picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._ring, max(4, self._picture.width() // 200)))
        for kind in set(self._pressed):
            painter.drawRoundedRect(QRectF(self._buttons[kind]).adjusted(-6, -6, 6, 6), 14, 14)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """A touch arrives here too: Qt turns a touch no one takes into a mouse press and release."""
        point = event.position().toPoint()
        for kind, place in self._buttons.items():
            if place.contains(point):
                self._pressed.append(kind)
                if self._press is not None:
                    self._press(kind)
                self.update()
                return


def show(folder: Path) -> None:
    """Show the snapshot taken at this screen's size, fullscreen, if there is one; `take` gives it to the kiosk."""
    global _shown
    _shown = _shown or _open(folder)


def application() -> QGuiApplication:
    """The process's one QGuiApplication: the first frame makes it early, and the kiosk goes on with it."""
    existing = QGuiApplication.instance()
    return existing if isinstance(existing, QGuiApplication) else QGuiApplication(sys.argv[:1])


def take() -> FirstFrame | None:
    """The first frame on screen, for the kiosk to hand its help call to and close once it draws itself."""
    global _shown
    frame, _shown = _shown, None
    return frame


def _open(folder: Path) -> FirstFrame | None:
    try:  # read before Qt starts: with nothing kept, the kiosk makes its own application as before
        layout = json.loads((folder / LAYOUT).read_text(encoding="utf-8"))
        size = tuple(layout["size"])
        buttons = {str(kind): QRect(*place) for kind, place in layout["buttons"].items()}
        ring = QColor(layout["ring"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    app = application()
    screen = app.primaryScreen()
    if screen is None or size != (screen.size().width(), screen.size().height()):
        return None
    picture = QImage(str(folder / PICTURE))
    if picture.isNull() or (picture.width(), picture.height()) != size:
        return None
    frame = FirstFrame(picture, buttons, ring)
    frame.setFlags(frame.flags() | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    frame.setGeometry(screen.geometry())
    frame.showFullScreen()
    app.processEvents()  # painted now, before the heavy imports
    return frame


def snapshot(window: QQuickWindow) -> tuple[QImage, dict[str, QRectF]]:
    """The window as drawn now, and its help buttons' places (after the grab, which settles the layout)."""
    picture = window.grabWindow()
    return picture, help_places(window)


def help_places(window: QQuickWindow) -> dict[str, QRectF]:
    """Where each help button is on the window, by its call kind (the buttons are named `help_KIND`)."""
    places: dict[str, QRectF] = {}
    pending = [window.contentItem()]
    while pending:
        item = pending.pop()
        pending.extend(item.childItems())
        name = item.objectName()
        if (
            name.startswith("help_")
            and item.isVisible()
            and item.metaObject().className().startswith("HelpButton")
        ):
            places[name.removeprefix("help_")] = item.mapRectToScene(
                QRectF(0, 0, item.width(), item.height())
            )
    return places


def keep(folder: Path, window: QQuickWindow, ring: str) -> threading.Thread:
    """Write the window's snapshot for the next start, on a thread of its own (a stalled disk holds only it)."""
    picture, buttons = snapshot(window)
    layout = {
        "size": [picture.width(), picture.height()],
        "buttons": {
            kind: [round(place.x()), round(place.y()), round(place.width()), round(place.height())]
            for kind, place in buttons.items()
        },
        "ring": ring,
    }

    def write() -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial = folder / f"{PICTURE}.partial.png"
            if not picture.save(str(partial)):
                raise OSError(f"cannot write {partial}")
            partial.replace(folder / PICTURE)
            (folder / f"{LAYOUT}.partial").write_text(json.dumps(layout), encoding="utf-8")
            (folder / f"{LAYOUT}.partial").replace(folder / LAYOUT)
        except OSError as error:
            log.warning("The first frame for the next start was not kept: %s", error)

    thread = threading.Thread(target=write, name="first-frame", daemon=True)
    thread.start()
    return thread
