"""The room grid: one tile per room, readable from across the station, calm until a call waits.

Every room stays on screen: the grid picks the number of columns that gives the largest tiles for the
screen it has, and the tiles (words, buttons, margins) scale with it, down to a floor below which the
grid scrolls and brings each new call into view. A waiting call fills its tile with the colour of its
kind and glows slowly (one breath every few seconds, never a flash); "help now" also has a double
ring and a larger, capitalised kind line, so it is not told by colour alone. "On my way" and "Done"
sit on the tile itself, large enough to hit at once. Tiles keep their places, except that rooms
waiting on "help now" come first (the order is `kiosk.station.board.urgent_first`); when tiles move,
their buttons wait a moment, so a click aimed at one room cannot land on another.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEasingCurve, QRectF, QSize, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.console import look
from kiosk.console.elided import ElidedLabel
from kiosk.station.board import KIND_WORDS, RoomTile, format_duration, reminder_words, visit_words
from kiosk.station.calllog import StationCall, answerer_words
from kiosk.station.reminders import OnWayReminders
from kiosk.station.ringing import RELAY_WORDS
from kiosk.wire.content_protocol import ReportState
from kiosk.wire.presence import PeerStatus
from kiosk.wire.protocol import CallKind, StationState

MIN_SCALE = 0.4
STATE_BELOW_SCALE = 0.8
"""From this scale on, a tile shows its state words on a line of their own (see `_place_state`)."""
MAX_SCALE = 1.25
SCALE_STEP = 0.05
WIDEST = 1.6
TALLEST = 1.15
"""How much wider and taller than its words need a tile may grow to fill the screen."""
SPACING = 14
MARGIN = 16
QUIET_AFTER_S = 5.0
"""An online tablet not heard for this long shows how long it has been quiet (heartbeats come every 2 s)."""
CONFIRM_DONE = "Really done?"
CONFIRM_WORDS = "nobody answered yet: tap again to finish"
CONFIRM_WITHIN_MS = 6000
"""A second tap on Done within this long finishes a call nobody answered."""
HOLD_AFTER_MOVE_MS = 700
"""Buttons on tiles that just moved ignore clicks this long."""


@dataclass(frozen=True)
class Shape:
    """How the grid is laid out: columns, rows, the scale of the words and each tile's size in px."""

    columns: int
    rows: int
    scale: float
    width: int
    height: int


Needs = Callable[[float], QSize]
"""The smallest size a tile needs at a scale (measured: fonts have a floor, so it is not linear)."""


def grid_shape(count: int, width: int, height: int, needs: Needs) -> Shape:
    """The columns that give the largest tiles for `count` rooms in `width` x `height` px (ties: the one
    that covers most of the screen); if even MIN_SCALE does not fit, as many columns as fit at it, and
    the rest scrolls."""
    count = max(count, 1)
    fitting = [
        shape for columns in range(1, count + 1) if (shape := _fit(count, columns, width, height, needs))
    ]
    if fitting:
        return max(fitting, key=lambda shape: (shape.scale, shape.width * shape.height))
    smallest = needs(MIN_SCALE)
    columns = max(1, min(count, (width - 2 * MARGIN + SPACING) // (smallest.width() + SPACING)))
    cell_width = (width - 2 * MARGIN - (columns - 1) * SPACING) // columns
    return Shape(
        columns,
        math.ceil(count / columns),
        MIN_SCALE,
        max(smallest.width(), min(cell_width, round(smallest.width() * WIDEST))),
        smallest.height(),
    )


def _fit(count: int, columns: int, width: int, height: int, needs: Needs) -> Shape | None:
    """The largest scale at which `columns` columns of tiles fit, or None."""
    rows = math.ceil(count / columns)
    cell_width = (width - 2 * MARGIN - (columns - 1) * SPACING) // columns
    cell_height = (height - 2 * MARGIN - (rows - 1) * SPACING) // rows
    for scale in _SCALES:
        need = needs(scale)
        if need.width() <= cell_width and need.height() <= cell_height:
            return Shape(
                columns,
                rows,
                scale,
                min(cell_width, round(need.width() * WIDEST)),
                min(cell_height, round(need.height() * TALLEST)),
            )
    return None


_SCALES = [
    round(MAX_SCALE - step * SCALE_STEP, 2) for step in range(round((MAX_SCALE - MIN_SCALE) / SCALE_STEP) + 1)
]
"""Largest first."""


class RoomTileView(QFrame):
    """One room. Emits the call ids to answer or finish; the console decides what that means."""

    answer = Signal(list)
    finish = Signal(list)
    visit = Signal(str, bool)
    """The room and whether to start (True) or end its visit; from the tile's right-click menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile: RoomTile | None = None
        self._on_way_s: float | None = None
        self._glow = 0.0
        self._scale = 0.0
        self._urgent = False
        self.room = _label()
        self.tablet = _label()
        self.tablet.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.kind = _label()
        self.wait = _label()
        self.state = _label(ElidedLabel())
        self.state.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.offline = _label()
        self.offline.setWordWrap(True)
        _set_colour(self.offline, look.OFFLINE)
        self.visit_note = _label()
        self.visit_note.setWordWrap(True)
        _set_colour(self.visit_note, look.QUIET)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.start_visit = QAction("Start a new visit", self)
        self.start_visit.triggered.connect(lambda: self._order_visit(start=True))
        self.end_visit = QAction("End the visit", self)
        self.end_visit.triggered.connect(lambda: self._order_visit(start=False))
        self.addActions([self.start_visit, self.end_visit])
        self.answer_button = _button("On my way", "answer", self._answer)
        self.done_button = _button("Done", "done", self._finish)
        self._confirming = QTimer(self, singleShot=True, interval=CONFIRM_WITHIN_MS)
        self._confirming.timeout.connect(self._confirm_ended)
        self._held = QTimer(self, singleShot=True, interval=HOLD_AFTER_MOVE_MS)
        self._held.timeout.connect(self._release)

        top = QHBoxLayout()
        top.addWidget(self.room, 1)
        top.addWidget(self.tablet)
        self._timing = QHBoxLayout()
        self._timing.addWidget(self.wait)
        self._state_below: bool | None = None
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self.answer_button, 3)
        self._buttons.addWidget(self.done_button, 2)
        self._rows = (top, self._timing)
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(0)
        self._layout.addLayout(top)
        self._layout.addWidget(self.kind)
        self._layout.addWidget(self.offline)
        self._layout.addWidget(self.visit_note)
        self._layout.addLayout(self._timing)
        self._layout.addStretch(1)
        self._layout.addLayout(self._buttons)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        """Words, buttons and margins at `scale` of their full size (the grid's choice)."""
        if scale == self._scale:
            return
        self._scale = scale
        self.room.setFont(look.font("room", bold=True, scale=scale))
        self.tablet.setFont(look.font("small", scale=scale))
        self.wait.setFont(look.font("wait", bold=True, scale=scale))
        self.state.setFont(look.font("body", scale=scale))
        self.offline.setFont(look.font("body", bold=True, scale=scale))
        self.visit_note.setFont(look.font("small", scale=scale))
        self._show_kind_font()
        self._place_state(scale >= STATE_BELOW_SCALE)
        side, top, bottom = max(16, round(22 * scale)), max(8, round(12 * scale)), max(8, round(16 * scale))
        self._layout.setContentsMargins(side, top, side, bottom)
        self._buttons.setSpacing(round(14 * scale))
        for button in (self.answer_button, self.done_button):
            button.setStyleSheet(
                f"font-size: {look.points('button', scale)}pt; min-height: {round(60 * scale)}px;"
                f" padding: {max(2, round(6 * scale))}px {round(16 * scale)}px;"
            )

    def show_tile(self, tile: RoomTile, now: float, on_way_s: float | None = None) -> None:
        """`on_way_s`: how long the call has been on the way, once that is past its reminder time."""
        self.tile = tile
        self._on_way_s = on_way_s
        self.room.setText(tile.label)
        self.tablet.setText(_tablet_words(tile, now))
        _set_colour(self.tablet, _tablet_colour(tile))
        call = tile.call
        urgent = call is not None and call.kind is CallKind.NOW
        if urgent != self._urgent:
            self._urgent = urgent
            self._show_kind_font()
        self.kind.setText(KIND_WORDS[call.kind] if call else "")
        self.wait.setText(format_duration(now - call.heard_mono) if call else "")
        confirming = self._confirming.isActive() and bool(tile.ringing_ids)
        if call is None:  # a quiet room: what it shows of the published content, a warning if not the newest
            words, warning = _content_words(tile)
            self.state.setText(words)
            _set_colour(self.state, look.OFFLINE if warning else look.QUIET)
        else:
            self.state.setText(CONFIRM_WORDS if confirming else _state_words(tile, on_way_s))
            _set_colour(self.state, look.TEXT)
        self.answer_button.setVisible(bool(tile.ringing_ids))
        self.done_button.setVisible(call is not None)
        offline = tile.tablet is not None and not tile.tablet.online
        self.offline.setText(
            "Tablet offline: this room cannot call"
            if offline or tile.relay_fault is None
            else f"The room's {RELAY_WORDS[tile.relay_fault]}: check it"
        )
        self.offline.setVisible(call is None and (offline or tile.relay_fault is not None))
        self.visit_note.setText(visit_words(tile.visit, now))
        self.visit_note.setVisible(bool(self.visit_note.text()))
        self.update()

    def _order_visit(self, *, start: bool) -> None:
        if self.tile is not None:
            self.visit.emit(self.tile.room, start)

    def needs(self) -> QSize:
        """The smallest size that shows everything this tile holds now (measured afresh: a hidden
        tile's layout is not told when its fonts change)."""
        for inner in (self._layout, self._buttons, *self._rows):
            inner.invalidate()
        return self._layout.minimumSize()

    def hold(self) -> None:
        """The tile just moved: its buttons ignore clicks for a moment (see the module's docstring)."""
        for button in (self.answer_button, self.done_button):
            button.setEnabled(False)
        self._held.start()

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
            fill = _mix(fill, ring, 0.14 * self._glow)
        rect = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        painter.setBrush(fill)
        painter.setPen(QPen(ring, 6 if ringing else 2))
        painter.drawRoundedRect(rect, 16, 16)
        if self._urgent:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ring, 2))
            painter.drawRoundedRect(rect.adjusted(6, 6, -6, -6), 10, 10)
        painter.end()

    def _place_state(self, below: bool) -> None:
        """A roomy tile gives the state words a line of their own under the wait; a small one keeps
        them beside it, so a full ward still fits the screen."""
        if below == self._state_below:
            return
        self._state_below = below
        self._timing.removeWidget(self.state)
        self._layout.removeWidget(self.state)
        if below:
            self._layout.insertWidget(self._layout.indexOf(self._timing) + 1, self.state)
        else:
            self._timing.addWidget(self.state, 1, Qt.AlignmentFlag.AlignBottom)

    def _show_kind_font(self) -> None:
        made = look.font("urgent" if self._urgent else "kind", bold=True, scale=self._scale)
        if self._urgent:
            made.setCapitalization(QFont.Capitalization.AllUppercase)
            made.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.kind.setFont(made)

    def _answer(self) -> None:
        if self.tile is not None:
            self.answer.emit(self.tile.ringing_ids)

    def _finish(self) -> None:
        """Done on a call nobody has answered asks once, on the tile itself (no dialog that could
        hide the rooms): the patient would read "your call is finished" though nobody came."""
        if self.tile is None:
            return
        if self.tile.ringing_ids and not self._confirming.isActive():
            self._confirming.start()
            self.done_button.setText(CONFIRM_DONE)
            self.state.setText(CONFIRM_WORDS)
            return
        self._confirm_ended()
        self.finish.emit(self.tile.open_ids)

    def _confirm_ended(self) -> None:
        self._confirming.stop()
        self.done_button.setText("Done")
        if self.tile is not None:
            self.state.setText(_state_words(self.tile, self._on_way_s))

    def _release(self) -> None:
        for button in (self.answer_button, self.done_button):
            button.setEnabled(True)


class RoomGrid(QScrollArea):
    """Tiles sized so every room fits (see `grid_shape`); re-laid out only when rooms or size change."""

    answer = Signal(list)
    finish = Signal(list)
    visit = Signal(str, bool)

    def __init__(self, reminders: OnWayReminders, parent: QWidget | None = None) -> None:
        """`reminders`: the alarm's, so a tile asks "still on the way?" just when the alarm chimes."""
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._inner = QWidget()
        self._layout = QGridLayout(self._inner)
        self._layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        self._layout.setSpacing(SPACING)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._inner)
        self.views: dict[str, RoomTileView] = {}
        self._probe = RoomTileView(self)
        self._probe.hide()
        self._probe_label = ""
        self._needed: dict[float, QSize] = {}
        self.shape = grid_shape(1, 0, 0, self._needs)
        self._placed: tuple[Shape, tuple[str, ...]] | None = None
        self._ringing: set[str] = set()
        self._reminders = reminders
        self._scroll_to = ""
        self._scroll = QTimer(self, singleShot=True, interval=0)
        self._scroll.timeout.connect(self._scroll_now)
        self.verticalScrollBar().rangeChanged.connect(self._scroll_now)
        self._pulse = QVariantAnimation(self)
        self._pulse.setDuration(look.PULSE_MS)
        self._pulse.setStartValue(0.0)
        self._pulse.setEndValue(1.0)
        self._pulse.setLoopCount(-1)
        self._pulse.setEasingCurve(QEasingCurve.Type.Linear)
        self._pulse.valueChanged.connect(self._glow)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """One small tile: the tiles shrink to the space given, so the grid never makes the window grow."""
        return self._needs(MIN_SCALE) + QSize(2 * MARGIN, 2 * MARGIN)

    def show_tiles(self, tiles: list[RoomTile], now: float | None = None) -> None:
        moment = time.monotonic() if now is None else now
        rooms = [tile.room for tile in tiles]
        metrics = QFontMetrics(look.font("room", bold=True))
        longest = max((tile.label for tile in tiles), key=metrics.horizontalAdvance, default="")
        if longest != self._probe_label:
            self._probe_label = longest
            self._needed.clear()
            self._placed = None
        if rooms != list(self.views) or self._placed is None:
            self._rebuild(rooms)
        overdue = self._reminders.overdue(moment)
        for tile in tiles:
            call = tile.call
            on_way_s = overdue.get((tile.room, call.kind)) if call is not None else None
            self.views[tile.room].show_tile(tile, moment, on_way_s)
        ringing = [tile.room for tile in tiles if tile.ringing_ids]
        if set(ringing) - self._ringing:
            self._show_room(next(room for room in ringing if room not in self._ringing))
        self._ringing = set(ringing)
        self._run_pulse(bool(ringing))

    def stop(self) -> None:
        self._pulse.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place()

    def _rebuild(self, rooms: list[str]) -> None:
        before = [room for room in self.views if room in rooms]
        kept = {room: self.views.pop(room) for room in before}
        for view in self.views.values():
            view.deleteLater()
        self.views = {room: kept.get(room) or self._new_view() for room in rooms}
        moved = [room for room in before if rooms.index(room) != before.index(room)]
        self._place()
        for room in moved:
            self.views[room].hold()

    def _new_view(self) -> RoomTileView:
        view = RoomTileView(self._inner)
        view.answer.connect(self.answer)
        view.finish.connect(self.finish)
        view.visit.connect(self.visit)
        return view

    def _place(self) -> None:
        viewport = self.viewport().size()
        self.shape = grid_shape(len(self.views), viewport.width(), viewport.height(), self._needs)
        placement = (self.shape, tuple(self.views))
        if placement == self._placed:
            return
        while self._layout.takeAt(0) is not None:
            pass
        for index, view in enumerate(self.views.values()):
            view.setFixedSize(self.shape.width, self.shape.height)
            view.set_scale(self.shape.scale)
            self._layout.addWidget(view, *divmod(index, self.shape.columns))
        self._placed = placement
        first_ringing = next((room for room in self.views if room in self._ringing), None)
        if first_ringing is not None:
            self._show_room(first_ringing)

    def _show_room(self, room: str) -> None:
        """Scrolls a big ward to `room` once the layout has settled (its size is known only after the
        events a change of layout posts)."""
        self._scroll_to = room
        self._scroll.start()

    def _scroll_now(self) -> None:
        """Again whenever the scroll range changes, since the layout may settle only later."""
        if self._scroll_to in self.views and self._scroll_to in self._ringing:
            self.ensureWidgetVisible(self.views[self._scroll_to], MARGIN, MARGIN)

    def _needs(self, scale: float) -> QSize:
        """Measured on a hidden tile with the longest room name in its fullest state: a waiting "help
        now" call, both buttons, a tablet offline for over an hour."""
        if scale not in self._needed:
            self._probe.set_scale(scale)
            self._probe.show_tile(_fullest(self._probe_label), FULLEST_WAIT_S)
            self._needed[scale] = self._probe.needs()
        return self._needed[scale]

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


FULLEST_WAIT_S = 3723.0
"""1:02:03, the widest wait and quiet time a tile shows in practice."""


def _fullest(label: str) -> RoomTile:
    call = StationCall("", "", CallKind.NOW, 0.0, 0.0, StationState.RECEIVED, 0.0, heard_mono=0.0)
    return RoomTile("", label, True, PeerStatus("", online=False, last_heard=0.0), (call,))


def _tablet_words(tile: RoomTile, now: float) -> str:
    """Short, so it fits beside the room's name: how the room's tablet was last heard."""
    tablet = tile.tablet
    if tablet is None:
        return "no tablet"
    quiet = now - tablet.last_heard
    if not tablet.online:
        return f"offline {format_duration(quiet)}"
    if tile.relay_fault is not None:
        return "relay fault"
    return f"quiet {format_duration(quiet)}" if quiet >= QUIET_AFTER_S else "online"


def _content_words(tile: RoomTile) -> tuple[str, bool]:
    """What a quiet room shows of the published content, and whether that needs looking at."""
    live, report = tile.content_live, tile.content
    if report is None:
        return (
            (f"has not got content v{live}", True)
            if live and tile.tablet and tile.tablet.online
            else ("", False)
        )
    if report.state is ReportState.REFUSED:
        return f"refused content v{report.version}: see the log", True
    if live and report.version < live:
        return f"shows content v{report.version}, not v{live}", True
    if report.state is ReportState.WAITING:
        return f"content v{report.version} after this patient", False
    return f"content v{report.version}", False


def _tablet_colour(tile: RoomTile) -> QColor:
    if tile.tablet is not None and (not tile.tablet.online or tile.relay_fault is not None):
        return look.OFFLINE
    return look.TEXT_SOFT if tile.call else look.QUIET


def _state_words(tile: RoomTile, on_way_s: float | None) -> str:
    call = tile.call
    if call is None:
        return ""
    more = len(tile.calls) - 1
    if call.state is StationState.HERE:
        words = "a nurse is with the patient"
    elif call.state is StationState.ON_WAY and on_way_s is not None:
        words = reminder_words(call, on_way_s)
    elif call.state is StationState.ON_WAY:
        words = (
            f"nurse on the way · said {answerer_words(call.acknowledged_by)}"
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


def _label(label: QLabel | None = None) -> QLabel:
    label = QLabel() if label is None else label
    label.setStyleSheet("background: transparent;")
    return label


def _button(text: str, role: str, clicked: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", role)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.clicked.connect(clicked)
    return button
