"""`Visit` in QML: a fresh start for each patient, the gentle check-in, and the calm line about time.

The rules are Qt-free (`kiosk.session.visit`, `kiosk.session.checkin`); this model only ticks them
once a second on the injected clocks and turns their answers into words in the patient's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Property, QLocale, QObject, Qt, QTime, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.content.model import Content, Language
from kiosk.session.checkin import CheckIns
from kiosk.session.clock import Clock
from kiosk.session.visit import Resting, Visit, gently
from kiosk.views import qml_module
from kiosk.wire.protocol import Feeling

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

_TICK_MS = 1000
REPORT_EVERY_S = 60.0
"""How often the station hears how long the visit has run, so its tile stays true after a restart."""


@QmlNamedElement("Visit")
@QmlSingleton
class VisitModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """The visit's state for QML; the kiosk gives it what a fresh start, a check call and telling the
    station mean."""

    changed = Signal()
    fresh = Signal()
    """A visit began: every page goes back to its top."""
    _ordered = Signal(bool)

    def __init__(
        self,
        content: Content,
        clock: Clock,
        now: Callable[[], datetime],
        *,
        fresh_start: Callable[[], None],
        call_check: Callable[[], None],
        report_visit: Callable[[int | None], None],
        report_answer: Callable[[Feeling], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._now = now
        self._fresh_start = fresh_start
        self._call_check = call_check
        self._report_visit = report_visit
        self._report_answer = report_answer
        self._content = content
        self._language: Language = content.default_language
        self._visit: Visit | None = None
        self._checkins = CheckIns(every_s=None, shown_for_s=90)
        self._call_open = False
        self._guided = False
        self._reported_at: float | None = None
        self._shown: dict[str, Any] = {}
        self.set_content(content)
        self._timer = QTimer(self, interval=_TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self._ordered.connect(self._follow, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def create(engine: QQmlEngine) -> VisitModel:
        return qml_module.instance(VisitModel, engine)

    def set_content(self, content: Content) -> None:
        self._content = content
        settings = content.visit
        every = settings.check_in.every_minutes if settings else 0
        self._checkins.every_s = every * 60.0 if every else None
        self._checkins.shown_for_s = float(settings.check_in.shown_for_seconds) if settings else 90.0
        if self._language not in content.languages:
            self._language = content.default_language
        self.tick()

    def set_language(self, language: Language) -> None:
        self._language = language
        self.tick()

    def set_call_open(self, call_open: bool) -> None:
        if call_open != self._call_open:
            self._call_open = call_open
            self._checkins.call_changed(self._clock())
            self.tick()

    def set_guided(self, guided: bool) -> None:
        self._guided = guided
        self.tick()

    @property
    def visit(self) -> Visit | None:
        return self._visit

    @Slot()
    def start(self) -> None:
        """Staff began a visit: the last patient's choices go, and the clock of this rest starts."""
        self.begin()

    def begin(self, *, rested_s: float = 0.0, ask_now: bool = False) -> None:
        """A visit as if begun `rested_s` ago; `ask_now` makes the check-in due (for the screenshots)."""
        now = self._clock()
        minutes = self._content.visit.ends_after_minutes if self._content.visit else 120
        self._visit = Visit(started_at=now - rested_s, lasts_s=minutes * 60.0)
        self._checkins.visit_started(now - (self._checkins.every_s or 0.0) if ask_now else now)
        self._report(now)
        self._fresh_start()
        self.fresh.emit()
        log.info("A visit began")
        self.tick()

    @Slot()
    def end(self) -> None:
        if self._visit is None:
            return
        self._visit = None
        self._checkins.visit_ended()
        log.info("The visit ended")
        self._report(self._clock())
        self.tick()

    def follow_order(self, start: bool) -> None:
        """A known station started or ended this room's visit (from the network's thread)."""
        self._ordered.emit(start)

    @Slot(bool)
    def _follow(self, start: bool) -> None:
        if start:
            self.start()
        else:
            self.end()

    @Slot(str)
    def answer(self, answer: str) -> None:
        """A tap on one of the check-in's answers; "someone" is a check call, like the check button."""
        if not self._shown.get("checking_in"):
            return
        chosen = Feeling(answer)
        self._checkins.answered(self._clock())
        self._report_answer(chosen)
        if chosen is Feeling.SOMEONE:
            self._call_check()
        self.tick()

    @Slot()
    def tick(self) -> None:
        now = self._clock()
        if self._visit is not None and self._visit.over(now):
            log.info("The visit ended by itself after %.0f minutes", self._visit.lasts_s / 60)
            self.end()
            return
        if self._visit is not None and (
            self._reported_at is None or now - self._reported_at >= REPORT_EVERY_S
        ):
            self._report(now)
        shown = {
            "checking_in": self._checkins.showing(now, call_open=self._call_open, guided=self._guided),
            "resting_line": self._resting_line(now),
            "clock_line": self._clock_line(),
            "visiting": self._visit is not None,
            "language": self._language,
        }
        if shown != self._shown:
            self._shown = shown
            self.changed.emit()

    def _report(self, now: float) -> None:
        self._reported_at = now if self._visit is not None else None
        self._report_visit(None if self._visit is None else int(self._visit.resting_s(now)))

    def _resting_line(self, now: float) -> str:
        settings = self._content.visit
        if self._visit is None or settings is None or not settings.show_resting_time:
            return ""
        resting = gently(self._visit.resting_s(now))
        words = getattr(settings.resting, resting.words.value).in_language(self._language)
        return str(
            words.replace("{minutes}", str(resting.minutes)) if resting.words is Resting.MINUTES else words
        )

    def _clock_line(self) -> str:
        settings = self._content.visit
        if settings is None or not settings.show_clock:
            return ""
        now = self._now()
        time = QLocale(self._language).toString(QTime(now.hour, now.minute), QLocale.FormatType.ShortFormat)
        return str(settings.clock.in_language(self._language).replace("{time}", time))

    def _words(self) -> dict[str, str]:
        settings = self._content.visit
        if settings is None:
            return {}
        words = settings.check_in.words
        return {name: getattr(words, name).in_language(self._language) for name in type(words).model_fields}

    @Property(bool, notify=changed)
    def visiting(self) -> bool:
        return bool(self._shown.get("visiting"))

    @Property(bool, notify=changed)
    def checking_in(self) -> bool:
        return bool(self._shown.get("checking_in"))

    @Property(str, notify=changed)
    def question(self) -> str:
        return self._words().get("question", "")

    @Property("QVariantList", notify=changed)  # type: ignore[arg-type]  # QML needs the C++ type name
    def answers(self) -> list[dict[str, str]]:
        """The check-in's three answers, gentlest first; `answer` goes back to `Visit.answer`."""
        words = self._words()
        return [{"answer": answer.value, "label": words[answer.value]} for answer in Feeling if words]

    @Property(str, notify=changed)
    def resting_line(self) -> str:
        return str(self._shown.get("resting_line", ""))

    @Property(str, notify=changed)
    def clock_line(self) -> str:
        return str(self._shown.get("clock_line", ""))
