"""`Imagery` in QML: day or night, and which calm picture is behind the home screen.

The pictures change only while they can be seen and are not paused (WCAG 2.2.2), so a hidden
home screen costs nothing. Night comes from the content's schedule and is checked again exactly when
it next changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.content.model import Content, Picture
from kiosk.session.night import is_night, next_change
from kiosk.views import qml_module
from kiosk.views.picture_provider import PictureProvider

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

_LONGEST_NIGHT_WAIT_MS = 60_000


@QmlNamedElement("Imagery")
@QmlSingleton
class ImageryModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`Imagery` in QML."""

    changed = Signal()

    def __init__(
        self,
        content: Content,
        provider: PictureProvider,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._content = content
        self._provider = provider
        self._now = now
        self._index = 0
        self._night = False
        self._rotate = QTimer(self)
        self._rotate.timeout.connect(self.next_picture)
        self._night_timer = QTimer(self, singleShot=True)
        self._night_timer.timeout.connect(self.check_night)
        self.set_content(content)

    @staticmethod
    def create(engine: QQmlEngine) -> ImageryModel:
        return qml_module.instance(ImageryModel, engine)

    @property
    def rotating(self) -> bool:
        return self._rotate.isActive()

    @property
    def picture(self) -> Picture:
        pictures = self._pictures()
        return pictures[self._index % len(pictures)]

    def set_content(self, content: Content) -> None:
        self._content = content
        self._rotate.setInterval(content.imagery.seconds_per_picture * 1000)
        self.check_night()
        self.changed.emit()

    def set_showing(self, showing: bool) -> None:
        """Rotate only while the pictures are on screen and not paused."""
        if showing and not self._rotate.isActive():
            self._rotate.start()
        elif not showing:
            self._rotate.stop()

    @Slot()
    def next_picture(self) -> None:
        self._index = (self._index + 1) % len(self._pictures())
        self.changed.emit()
        self._prefetch_next()

    def _prefetch_next(self) -> None:
        """The picture after this one is decoded ahead, so the change never waits on the GUI thread."""
        pictures = self._pictures()
        self._provider.prefetch(pictures[(self._index + 1) % len(pictures)].file)

    @Slot()
    def check_night(self) -> None:
        now = self._now()
        night = is_night(self._content.schedule, now.time())
        wait_ms = (next_change(self._content.schedule, now) - now).total_seconds() * 1000
        self._night_timer.start(int(min(max(wait_ms, 1000), _LONGEST_NIGHT_WAIT_MS)))
        if night != self._night:
            self._night = night
            self.changed.emit()
        self._prefetch_next()

    def _pictures(self) -> list[Picture]:
        return self._content.imagery.night if self._night else self._content.imagery.day

    @Property(bool, notify=changed)
    def night(self) -> bool:
        return self._night

    @Property(str, notify=changed)
    def source(self) -> str:
        return self._provider.url(self.picture.file)

    @Property(int, notify=changed)
    def crossfade_ms(self) -> int:
        return round(self._content.imagery.crossfade_seconds * 1000)
