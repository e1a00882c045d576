"""The room grid: one tile per room, readable from across the station, calm until a call waits.

A waiting call fills its tile with the colour of its kind and glows slowly (one breath every few
seconds, never a flash); "On my way" and "Done" sit on the tile itself, large enough to hit at once.
Tiles keep their places, so staff learn where each room is.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.console import look
from kiosk.station.board import KIND_WORDS, RoomTile, format_duration
from kiosk.wire.protocol import StationState

TILE_WIDTH = 340
TILE_HEIGHT = (250, 320)
"""Tiles stretch to fill the screen's height within these bounds; a big ward scrolls."""
SPACING = 18
MARGIN = 24
QUIET_AFTER_S = 5.0
CONFIRM_DONE = "Really done? Nobody answered"
CONFIRM_WITHIN_MS = 6000
"""A second tap on Done within this long finishes a call nobody answered."""
"""An online tablet not heard for this long shows how long it has been quiet (heartbeats come every 2 s)."""


class RoomTileView(QFrame):
    """One room. Emits the call ids to answer or finish; the console decides what that means."""

    answer = Signal(list)
    finish = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile: RoomTile | None = None
        self._glow = 0.0
        self.setFixedHeight(TILE_HEIGHT[0])
        self.setMinimumWidth(TILE_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.room = _label(look.font("room", bold=True))
        self.tablet = _label(look.font("small"))
        self.tablet.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.kind = _label(look.font("kind", bold=True))
        self.wait = _label(look.font("wait", bold=True))
        self.state = _label(look.font("body"))
        self.offline = _label(look.font("body", bold=True))
        self.offline.setText("Tablet offline: this room cannot call")
        _set_colour(self.offline, look.OFFLINE)
        self.answer_button = _button("On my way", "answer", self._answer)
        self.done_button = _button("Done", "done", self._finish)
        self._confirming = QTimer(self, singleShot=True, interval=CONFIRM_WITHIN_MS)
        self._confirming.timeout.connect(self._show_done)

        top = QHBoxLayout()
        top.addWidget(self.room, 1)
        top.addWidget(self.tablet)
        timing = QHBoxLayout()
        timing.addWidget(self.wait)
        timing.addWidget(self.state, 1, Qt.AlignmentFlag.AlignBottom)
        buttons = QHBoxLayout()
        buttons.setSpacing(14)
        buttons.addWidget(self.answer_button, 3)
        buttons.addWidget(self.done_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 22, 18)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.kind)
        layout.addWidget(self.offline)
        layout.addLayout(timing)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_tile(self, tile: RoomTile, now: float) -> None:
        self.tile = tile
        self.room.setText(tile.label)
        self.tablet.setText(_tablet_words(tile, now))
        _set_colour(self.tablet, _tablet_colour(tile))
        call = tile.call
        self.kind.setText(KIND_WORDS[call.kind] if call else "")
        self.wait.setText(format_duration(now - call.heard_mono) if call else "")
        self.state.setText(_state_words(tile))
        self.answer_button.setVisible(bool(tile.ringing_ids))
        self.done_button.setVisible(call is not None)
        self.offline.setVisible(call is None and tile.tablet is not None and not tile.tablet.online)
        self.update()

    def set_glow(self, glow: float) -> None:
        """0 … 1, from the grid's one shared slow pulse, so every waiting tile breathes together."""
        self._glow = glow
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill, ring = _colours(self.tile)
        ringing = bool(self.tile and self.tile.ringing_ids)
        if ringing:
            fill = _mix(fill, ring, 0.18 * self._glow)
        rect = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        painter.setBrush(fill)
        painter.setPen(QPen(ring, 6 if ringing else 2))
        painter.drawRoundedRect(rect, 16, 16)
        painter.end()

    def _answer(self) -> None:
        if self.tile is not None:
            self.answer.emit(self.tile.ringing_ids)

    def _finish(self) -> None:
        """Done on a call nobody has answered asks once, on the button itself (no dialog that could
        hide the rooms): the patient would read "your call is finished" though nobody came."""
        if self.tile is None:
            return
        if self.tile.ringing_ids and not self._confirming.isActive():
            self._confirming.start()
            self._show_done()
            return
        self._confirming.stop()
        self._show_done()
        self.finish.emit(self.tile.open_ids)

    def _show_done(self) -> None:
        self.done_button.setText(CONFIRM_DONE if self._confirming.isActive() else "Done")


class RoomGrid(QScrollArea):
    """Tiles in as many columns as fit; re-laid out only when rooms come or the width changes."""

    answer = Signal(list)
    finish = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inner = QWidget()
        self._layout = QGridLayout(self._inner)
        self._layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self._layout.setSpacing(SPACING)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._inner)
        self.views: dict[str, RoomTileView] = {}
        self._placement: tuple[int, tuple[str, ...]] = (0, ())
        self._pulse = QVariantAnimation(self)
        self._pulse.setDuration(look.PULSE_MS)
        self._pulse.setStartValue(0.0)
        self._pulse.setEndValue(1.0)
        self._pulse.setLoopCount(-1)
        self._pulse.setEasingCurve(QEasingCurve.Type.Linear)
        self._pulse.valueChanged.connect(self._glow)

    def show_tiles(self, tiles: list[RoomTile], now: float | None = None) -> None:
        moment = time.monotonic() if now is None else now
        rooms = [tile.room for tile in tiles]
        if rooms != list(self.views):
            self._rebuild(rooms)
        for tile in tiles:
            self.views[tile.room].show_tile(tile, moment)
        self._run_pulse(any(tile.ringing_ids for tile in tiles))

    def stop(self) -> None:
        self._pulse.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place()

    def _rebuild(self, rooms: list[str]) -> None:
        kept = {room: self.views.pop(room) for room in rooms if room in self.views}
        for view in self.views.values():
            view.deleteLater()
        self.views = {room: kept.get(room) or self._new_view() for room in rooms}
        self._place()

    def _new_view(self) -> RoomTileView:
        view = RoomTileView(self._inner)
        view.answer.connect(self.answer)
        view.finish.connect(self.finish)
        return view

    def _place(self) -> None:
        """As many columns as fit; rows as tall as the screen allows, so a small ward needs no scrolling."""
        viewport = self.viewport()
        columns = max(1, (viewport.width() - 2 * MARGIN + SPACING) // (TILE_WIDTH + SPACING))
        rows = max(1, math.ceil(len(self.views) / columns))
        fitting = (viewport.height() - 2 * MARGIN - (rows - 1) * SPACING) // rows
        height = min(max(fitting, TILE_HEIGHT[0]), TILE_HEIGHT[1])
        placement = (columns, tuple(self.views))
        if placement != self._placement:
            while self._layout.takeAt(0) is not None:
                pass
            for index, view in enumerate(self.views.values()):
                self._layout.addWidget(view, *divmod(index, columns))
            self._placement = placement
        for view in self.views.values():
            view.setFixedHeight(height)

    def _run_pulse(self, ringing: bool) -> None:
        running = self._pulse.state() is QVariantAnimation.State.Running
        if ringing and not running:
            self._pulse.start()
        elif not ringing and running:
            self._pulse.stop()

    def _glow(self, phase: float) -> None:
        glow = 0.5 - 0.5 * math.cos(2 * math.pi * phase)
        for view in self.views.values():
            if view.tile and view.tile.ringing_ids:
                view.set_glow(glow)


def _tablet_words(tile: RoomTile, now: float) -> str:
    """Short, so it fits beside the room's name: how the room's tablet was last heard."""
    tablet = tile.tablet
    if tablet is None:
        return "no tablet"
    quiet = now - tablet.last_heard
    if not tablet.online:
        return f"offline {format_duration(quiet)}"
    return f"quiet {format_duration(quiet)}" if quiet >= QUIET_AFTER_S else "online"


def _tablet_colour(tile: RoomTile) -> QColor:
    if tile.tablet is not None and not tile.tablet.online:
        return look.OFFLINE
    return look.TEXT_SOFT if tile.call else look.QUIET


def _state_words(tile: RoomTile) -> str:
    call = tile.call
    if call is None:
        return ""
    more = len(tile.calls) - 1
    if call.state is StationState.HERE:
        words = "a nurse is with the patient"
    elif call.state is StationState.ON_WAY:
        words = (
            f"nurse on the way · said at {call.acknowledged_by}"
            if call.acknowledged_by
            else "nurse on the way"
        )
    else:
        words = "waiting"
    return f"{words} · {more} more" if more else words


def _colours(tile: RoomTile | None) -> tuple[QColor, QColor]:
    call = tile.call if tile else None
    if call is None:
        return look.SURFACE, look.LINE
    if call.state in (StationState.ON_WAY, StationState.HERE):
        return look.ON_WAY_FILL
    return look.CALL_FILL[call.kind]


def _mix(base: QColor, toward: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        base.redF() + (toward.redF() - base.redF()) * amount,
        base.greenF() + (toward.greenF() - base.greenF()) * amount,
        base.blueF() + (toward.blueF() - base.blueF()) * amount,
    )


def _set_colour(label: QLabel, colour: QColor) -> None:
    """Style sheets are costly to re-apply every second; only a real change is applied."""
    if label.property("colour") != colour.name():
        label.setProperty("colour", colour.name())
        label.setStyleSheet(f"color: {colour.name()}; background: transparent;")


def _label(font: QFont) -> QLabel:
    label = QLabel()
    label.setFont(font)
    label.setStyleSheet("background: transparent;")
    return label


def _button(text: str, role: str, clicked: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", role)
    button.setMinimumHeight(64)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.clicked.connect(clicked)
    return button
