"""Build the kiosk: content, models, QML engine and window, wired together once, for the app, preview and tests.

The models reach QML as the singletons of the `Lantern` module (`Theme`, `Words`, `Session`,
`Imagery`, `HelpCall`, `Staff`, `Speech`,
`Visit`), given per engine, so several kiosks can live in one
process, as tests need.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine, QQmlError
from PySide6.QtQuick import QQuickWindow

from kiosk.content.lastgood import LastGoodStore
from kiosk.content.source import ContentSource, ShownContent
from kiosk.helpcall.port import HelpCallService
from kiosk.session.clock import Clock, monotonic_clock, wall_clock
from kiosk.session.pin import StaffPin
from kiosk.session.reading import spoken_text
from kiosk.views import qml_module
from kiosk.views.call_model import CallModel
from kiosk.views.content_model import ContentModel
from kiosk.views.content_watch import ContentWatch
from kiosk.views.exception_log import StaffLogHandler
from kiosk.views.imagery_model import ImageryModel
from kiosk.views.lockdown import WindowLock
from kiosk.views.picture_provider import PROVIDER, PictureProvider
from kiosk.views.session_model import SessionModel
from kiosk.views.speech_model import SpeechModel
from kiosk.views.staff_model import StaffModel
from kiosk.views.theme import ThemeModel
from kiosk.views.visit_model import VisitModel
from kiosk.wire.liveness import Liveness

log = logging.getLogger(__name__)

QML_DIR = Path(__file__).resolve().parent / "qml"
MAIN_QML = QML_DIR / "Main.qml"
FALLBACK_QML = QML_DIR / "Fallback.qml"


@dataclass(frozen=True)
class KioskOptions:
    """How to build one kiosk; the clocks and `now` are injectable so tests control time; `still` stops motion.

    `clock` times durations (idle, the staff gesture, a double tap) and is monotonic; `wall_clock`
    times the PIN lockout, which must survive a restart.
    """

    content: Path
    data_dir: Path
    px_per_mm: float
    windowed: bool = False
    still: bool = False
    clock: Clock = monotonic_clock
    wall_clock: Clock = wall_clock
    now: Callable[[], datetime] = datetime.now
    main_qml: Path = MAIN_QML
    pin_hash: str | None = None
    on_exit: Callable[[], None] | None = field(default=None, compare=False)
    liveness: Liveness | None = field(default=None, compare=False)
    """Beaten from the GUI loop; the help call stops its heartbeats when the beats stop."""
    on_published_shown: Callable[[int], None] | None = field(default=None, compare=False)
    """Told the version of a published set once it is on screen (the station hears of it)."""
    voices: Mapping[str, Path] = field(default_factory=dict)
    """Piper voices for read-aloud, by language (`[kiosk.voices]`)."""


class Kiosk(QObject):
    """One kiosk window and everything behind it."""

    def __init__(self, options: KioskOptions, help_call: HelpCallService) -> None:
        super().__init__()
        self.options = options
        self._published: tuple[Path, int] | None = None
        source = ContentSource(options.content, LastGoodStore(options.data_dir / "content"))
        self.watch = ContentWatch(source, self)
        shown = self.watch.reload()
        content = shown.content
        self.provider = PictureProvider(shown.folder)
        self.theme = ThemeModel(options.px_per_mm, still=options.still, parent=self)
        self.words = ContentModel(content, self.provider.file_url, self)
        self.session = SessionModel(content, options.clock, self)
        self.imagery = ImageryModel(content, self.provider, options.now, self)
        self.call = CallModel(help_call, options.clock, options.liveness, self)
        self.staff = StaffModel(
            StaffPin(options.data_dir, options.wall_clock, options.pin_hash),
            options.clock,
            windowed=options.windowed,
            reload=self.watch.reload,
            test_call=lambda: self.call.press(CallModel.Kind.Test),
            exit_kiosk=self.exit,
            nurse_here=help_call.nurse_here,
            finish_call=help_call.clear_at_bedside,
            start_visit=lambda: self.visit.start(),
            end_visit=lambda: self.visit.end(),
            parent=self,
        )
        self.visit = VisitModel(
            content,
            options.clock,
            options.now,
            fresh_start=self._fresh_start,
            call_check=lambda: self.call.press(CallModel.Kind.Check),
            report_visit=help_call.report_visit,
            report_answer=help_call.report_check_in,
            parent=self,
        )
        help_call.add_visit_listener(self.visit.follow_order)
        self.speech = SpeechModel(self.page_text, lambda: self.session.place.paced, self, options.voices)
        self._log_handler = StaffLogHandler(self.staff.log_line)
        logging.getLogger().addHandler(self._log_handler)
        self._wire(shown)
        self.engine = QQmlApplicationEngine()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:  # the kiosk opens fullscreen on it: the QML is laid out once, at its size
            self.theme.fit(screen.size().width(), screen.size().height())
        self.window = self._load()
        self.window.widthChanged.connect(self._fit)
        self.window.heightChanged.connect(self._fit)
        self._fit()
        QTimer.singleShot(0, self.speech.start)  # after the first frame, and never waited for
        self.window_lock = WindowLock(
            self.window, locked=not options.windowed, activity=self.session.activity
        )

    @Slot(str, int)
    def follow_published(self, path: str, version: int) -> None:
        """A content set the station published has arrived, whole and checked: show it at the next
        calm moment (no open call, no breathing or grounding step under way), never under a patient."""
        self._published = (Path(path), version)
        self._show_published_if_calm()

    def _show_published_if_calm(self) -> None:
        if self._published is None or self.call.open or self.session.place.guided:
            return
        path, version = self._published
        self._published = None
        shown = self.watch.follow(path)
        if shown.origin == "file" and self.options.on_published_shown is not None:
            self.options.on_published_shown(version)

    def as_it_starts(self) -> bool:
        """Home in the clinic's first language, nothing open over it: what a fresh start shows."""
        return bool(
            self.session.at_home
            and not self.session.options_open
            and not self.call.showing
            and self.staff.closed()
            and self.words.language == self.words.content.default_language
        )

    def page_text(self) -> str:
        """What "read aloud" says now: the open call's words, then the page."""
        state = self.call.snapshot.state.value
        return spoken_text(
            self.words.content,
            self.session.place,
            self.words.language,
            picture=self.imagery.picture if self.session.place.at_home else None,
            call=getattr(self.words.content.help, state, None),
        )

    def exit(self, reason: str = "by staff, from the staff menu") -> None:
        """Unlock the window, then leave the way the owner chose (the staff menu's exit, or IT's stop signal)."""
        log.warning("The kiosk was closed %s", reason)
        self.window_lock.release()
        if self.options.on_exit is not None:
            self.options.on_exit()
        else:
            self.window.close()

    def close(self) -> None:
        """Tear down the QML first, so no binding ever sees a model that is already gone."""
        logging.getLogger().removeHandler(self._log_handler)
        self.speech.close()
        self.window_lock.release()
        self.provider.close()
        qml_module.release(self.engine)
        shiboken6.delete(self.engine)
        self.watch.blockSignals(True)
        for timer in self.findChildren(QTimer):
            timer.stop()

    def _wire(self, shown: ShownContent) -> None:
        self.watch.changed.connect(self._apply)
        self.session.changed.connect(self._session_changed)
        self.session.went_home_idle.connect(self.staff.close)
        self.imagery.changed.connect(lambda: self.theme.set_night(bool(self.imagery.night)))
        self.call.changed.connect(self._call_changed)
        self.call.changed.connect(self._show_published_if_calm)
        self.session.changed.connect(self._show_published_if_calm)
        self.words.changed.connect(lambda: self.speech.set_language(self.words.language))
        self.words.changed.connect(lambda: self.visit.set_language(self.words.language))
        self.visit.changed.connect(lambda: self.staff.set_visiting(bool(self.visit.visiting)))
        self._place = self.session.place
        self.staff.set_content(shown)
        self._call_changed()
        self._session_changed()
        self.theme.set_night(bool(self.imagery.night))

    def _apply(self, shown: ShownContent) -> None:
        """A reload: new words and pictures when the file passed the check; the staff menu hears either way."""
        self.provider.set_folder(shown.folder)
        self.words.set_content(shown.content)
        self.session.set_content(shown.content)
        self.imagery.set_content(shown.content)
        self.staff.set_content(shown)
        self.visit.set_content(shown.content)

    def _fresh_start(self) -> None:
        """A new visit: the clinic's language, text size, pictures, pace and home page; nothing read aloud."""
        self.words.set_language(self.words.content.default_language)
        self.session.fresh_start()
        self.speech.stop()
        self.staff.close()
        self.call.collapse()

    def _session_changed(self) -> None:
        self.imagery.set_showing(self.session.place.at_home and not bool(self.session.pictures_paused))
        self.theme.set_larger_text(bool(self.session.larger_text))
        self.visit.set_guided(self.session.place.guided)
        if self.session.place != self._place:
            self._place = self.session.place
            self.speech.stop()
            self.call.collapse()

    def _call_changed(self) -> None:
        self.session.set_call_open(bool(self.call.open))
        self.visit.set_call_open(bool(self.call.open))
        self.staff.set_call(self.call.snapshot)

    def _fit(self) -> None:
        self.theme.fit(self.window.width(), self.window.height())

    def _load(self) -> QQuickWindow:
        """Main.qml, or if that fails the tiny fallback: never an empty window."""
        self.engine.addImageProvider(PROVIDER, self.provider)
        qml_module.provide(
            self.engine,
            (
                self.theme,
                self.words,
                self.session,
                self.imagery,
                self.call,
                self.staff,
                self.speech,
                self.visit,
            ),
        )
        self.engine.setOutputWarningsToStandardError(False)
        self.engine.warnings.connect(_log_qml_warnings)
        for qml in (self.options.main_qml, FALLBACK_QML):
            self.engine.load(QUrl.fromLocalFile(str(qml)))
            windows = [item for item in self.engine.rootObjects() if isinstance(item, QQuickWindow)]
            if windows:
                return windows[-1]
            log.error("The kiosk screen %s did not load; trying the next one", qml.name)
        raise RuntimeError("Neither the kiosk's screens nor its fallback screen could be loaded; see the log")


def _log_qml_warnings(warnings: list[QQmlError]) -> None:
    for warning in warnings:
        log.warning("QML: %s", warning.toString())
