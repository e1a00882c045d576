"""The console's window: a header that says how the ward is, a warning band, the rooms, the log.

Slots here only pass clicks on and redraw from the models; what a click means lives in the station
core and the ring policy.
"""

from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config.deployment import StationSettings
from kiosk.console import look
from kiosk.console.alarm import Alarm
from kiosk.console.bridge import Problems, StationBridge
from kiosk.console.elided import ElidedLabel
from kiosk.console.report_view import ReportView
from kiosk.console.sound import SoundPlayer
from kiosk.console.speaker import SoundWarning, SpeakerWatch
from kiosk.console.tiles import RoomGrid
from kiosk.station.board import (
    MAX_UNKNOWN_TILES,
    format_duration,
    headline,
    room_tiles,
    unknown_calling_rooms,
)
from kiosk.station.consoles import consoles_words, dark_consoles, pager_words
from kiosk.station.core import StationSnapshot
from kiosk.station.ringing import LOST_BROKER, SILENCE_S
from kiosk.wire.protocol import StationState

ROOMS_TAB, REPORT_TAB = 0, 1


class ConsoleWindow(QMainWindow):
    def __init__(
        self,
        station: StationSettings,
        bridge: StationBridge,
        alarm: Alarm,
        speaker: SpeakerWatch,
        problems: Problems,
        where: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lantern · Nurse station")
        self._station = station
        self._bridge = bridge
        self._alarm = alarm
        self._speaker = speaker
        self._problems = problems
        self._where = where
        self.confirm_close = True
        self._seen_calls: tuple[tuple[str, StationState], ...] = ()
        self._ringing: set[str] = set()
        self._banner_fill = look.PROBLEM

        self.summary = ElidedLabel()
        self.summary.setFont(look.font("kind", bold=True))
        self.clock = QLabel()
        self.clock.setFont(look.font("kind"))
        self.silence_button = QPushButton()
        self.silence_button.setMinimumSize(250, 60)
        self.silence_button.setProperty("role", "silence")
        self.silence_button.clicked.connect(alarm.silence)
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.setMinimumSize(180, 60)
        self.acknowledge_button.setProperty("role", "silence")
        self.acknowledge_button.clicked.connect(alarm.acknowledge_faults)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setFont(look.font("banner", bold=True))
        self.banner.setContentsMargins(24, 14, 24, 14)
        self.banner.setStyleSheet(f"background: {look.css(look.PROBLEM)}; color: {look.css(look.TEXT)};")
        self.grid = RoomGrid(alarm.reminders)
        self.grid.answer.connect(bridge.acknowledge)
        self.grid.finish.connect(bridge.clear)
        self.grid.visit.connect(bridge.order_visit)
        self.report = ReportView(bridge.core, station)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.grid, "Rooms")
        self.tabs.addTab(_scrolling(self.report), "Calls and response times")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.footer = QLabel()
        self.footer.setProperty("role", "soft")
        self.footer.setWordWrap(True)
        self.footer.setContentsMargins(24, 6, 24, 8)

        header = QHBoxLayout()
        header.setContentsMargins(24, 10, 24, 4)
        header.addWidget(self.summary, 1)
        header.addWidget(self.acknowledge_button)
        header.addSpacing(12)
        header.addWidget(self.silence_button)
        header.addSpacing(24)
        header.addWidget(self.clock)
        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addLayout(header)
        body.addWidget(self.banner)
        body.addWidget(self.tabs, 1)
        body.addWidget(self.footer)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)
        self.setStyleSheet(look.STYLE)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self._toggle_fullscreen)

        self._second = QTimer(self)
        self._second.setInterval(1000)
        self._second.timeout.connect(self._redraw)
        self._second.start()
        bridge.changed.connect(self._redraw)
        alarm.state_changed.connect(self._redraw)
        problems.changed.connect(self._redraw)
        speaker.changed.connect(self._redraw)
        self._redraw()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """A console closed by mistake rings for nobody, so staff confirm; the program itself does not ask."""
        if self.confirm_close and not _confirmed(self):
            event.ignore()
            return
        self._second.stop()
        self.grid.stop()
        super().closeEvent(event)

    def _redraw(self) -> None:
        """Everything on screen from the models and the clock; cheap enough for once a second."""
        now = time.monotonic()
        snapshot = self._bridge.snapshot
        tiles = room_tiles(self._station.rooms, snapshot)
        self.grid.show_tiles(tiles, now)
        ringing = {call_id for tile in tiles for call_id in tile.ringing_ids}
        if ringing - self._ringing:
            self._bring_rooms_forward()
        self._ringing = ringing
        labels = {room.id: room.label for room in self._station.rooms}
        self.summary.setText(headline(snapshot.calls, self._alarm.state.faults, now, labels))
        self.clock.setText(f"{datetime.now():%H:%M}")
        self._show_faults()
        self._show_silence(now)
        self._show_banner(snapshot, now)
        link = "connected" if snapshot.broker_connected else "NOT connected"
        strangers = unknown_calling_rooms(self._station.rooms, snapshot)
        unshown = len(strangers) - MAX_UNKNOWN_TILES
        listed = ", ".join(strangers[:MAX_UNKNOWN_TILES]) + (f" and {unshown} more" if unshown > 0 else "")
        unknown = f" · calling but not in the settings: {listed}" if strangers else ""
        sound = _sound_words(self._alarm.player, self._speaker.warning)
        others = consoles_words(snapshot, now)
        paging = pager_words(snapshot, self._bridge.core.station_id)
        consoles = "".join(f" · {words}" for words in (paging, others) if words)
        self.footer.setText(f"{self._where} · broker {link} · {sound}{consoles}{unknown}")
        if self.tabs.currentIndex() == REPORT_TAB and self._history_changed(snapshot):
            self.report.refresh()

    def _show_faults(self) -> None:
        state = self._alarm.state
        self.acknowledge_button.setVisible(bool(state.faults))
        self.acknowledge_button.setEnabled(state.unacknowledged)
        self.acknowledge_button.setText("Seen" if state.unacknowledged else "Seen · quiet until it changes")

    def _show_silence(self, now: float) -> None:
        state = self._alarm.state
        self.silence_button.setEnabled(state.ringing and state.silenced_until is None)
        if state.silenced_until is not None:
            self.silence_button.setText(f"Silenced · {format_duration(state.silenced_until - now)}")
        else:
            self.silence_button.setText(f"Silence {SILENCE_S:.0f} s")

    def _show_banner(self, snapshot: StationSnapshot, now: float) -> None:
        """The lost broker first; a dark console's line is redrawn here, so its time since counts up."""
        lines = list(self._problems.texts)
        if not snapshot.broker_connected:
            lines.insert(0, LOST_BROKER)
        dark = dark_consoles(snapshot, now)
        if dark:
            lines.append(dark)
        self.banner.setVisible(bool(lines))
        self.banner.setText("\n".join(lines))
        fill = look.LOST if not snapshot.broker_connected else look.PROBLEM
        if fill != self._banner_fill:
            self._banner_fill = fill
            self.banner.setStyleSheet(f"background: {look.css(fill)}; color: {look.css(look.TEXT)};")

    def _tab_shown(self) -> None:
        if self.tabs.currentIndex() == REPORT_TAB:
            self.report.refresh()

    def _history_changed(self, snapshot: StationSnapshot) -> bool:
        seen = tuple((call.id, call.state) for call in snapshot.calls)
        changed, self._seen_calls = seen != self._seen_calls, seen
        return changed

    def _bring_rooms_forward(self) -> None:
        """A new call shows over anything staff were doing here: dialogs close (unsaved choices are
        cheap to redo; a missed call is not) and the rooms come back."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self.tabs.setCurrentIndex(ROOMS_TAB)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def _toggle_fullscreen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()


def _scrolling(inner: QWidget) -> QScrollArea:
    """However wide its tables, a tab scrolls instead of making the window wider than the screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


def _sound_words(player: SoundPlayer, warning: SoundWarning | None) -> str:
    """What the PC does to the sound comes first: a muted PC plays every loaded sound to nobody."""
    if warning is not None:
        return warning.footer
    if player.ready:
        return "sound on"
    return "NO SOUND" if player.problem else "sound loading"


def _confirmed(parent: QWidget) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setText("Close the nurse-station console?")
    box.setInformativeText("Calls will not show or ring on this computer until it is started again.")
    keep = box.addButton("Keep it open", QMessageBox.ButtonRole.RejectRole)
    close = box.addButton("Close the console", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is close
