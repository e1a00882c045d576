"""The calls and response-times tab: a summary by kind, room and shift, every call (or one room's
history), the shift handover list, and CSV exports of the summary and of every call."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config.deployment import StationSettings
from kiosk.console.chart import BarChart
from kiosk.station.board import KIND_WORDS, STATE_WORDS, format_duration, room_label, room_order
from kiosk.station.call_sheet import CallLine, call_lines, write_calls_csv
from kiosk.station.calllog import StationCall
from kiosk.station.core import StationCore
from kiosk.station.handover import build_handover, handover_text
from kiosk.station.report import ReportRow, Times, build_report, check_in_rows, write_csv
from kiosk.station.shifts import ShiftClock
from kiosk.wire.storage import StorageError

PERIODS = {"Last 24 hours": 1, "Last 7 days": 7, "Last 30 days": 30}
CALL_COLUMNS = ["Pressed", "Room", "Call", "Answered after", "Answered by", "Done after", "Now", "Note"]
SUMMARY_TAB, CALLS_TAB, HANDOVER_TAB = 0, 1, 2
MAX_CALL_ROWS = 500
"""The call list shows the newest this many (a month of a busy ward would hold up the screen); the
CSV has every call."""
HANDOVER_SHIFTS = {"This shift so far": False, "Last shift": True}
EXPLAINED = (
    "Times run from the press. Answered = to “On my way” or “a nurse is here”; Done = to “Done”. "
    "Test calls are left out of the figures."
)


class ReportView(QWidget):
    """Reads the call log when shown or asked; never on every snapshot of a busy ward."""

    def __init__(self, core: StationCore, station: StationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._core = core
        self._station = station
        self._clock = ShiftClock(station.shifts)
        self._lines: list[CallLine] = []
        self.report = build_report((), station.rooms, station.shifts)
        self.period = _choices(list(PERIODS))
        self.period.setCurrentText("Last 7 days")
        self.room = QComboBox()
        self.handover_shift = _choices(list(HANDOVER_SHIFTS))
        self.export_calls_button = QPushButton("Export every call (CSV)…")
        self.export_calls_button.clicked.connect(self._ask_export_calls)
        self.export_button = QPushButton("Export summary (CSV)…")
        self.export_button.clicked.connect(self._ask_export)
        self.note = _soft(EXPLAINED)
        self.note.setWordWrap(True)
        self.by_kind = _table(["Call", *_TIME_COLUMNS])
        self.by_room = _table(["Room", *_TIME_COLUMNS])
        self.check_ins = _table(["Shift", "Room", "Not great", "Asked for someone"])
        self.by_shift = _table(["Shift", *_TIME_COLUMNS])
        self.chart = BarChart()
        self.history = _table(CALL_COLUMNS, stretch=True)
        self.calls_shown = _soft("")
        self.handover = QPlainTextEdit()
        self.handover.setReadOnly(True)
        self.handover.setProperty("role", "handover")

        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self._summary_page(), "Summary")
        self.pages.addTab(self._calls_page(), "Every call")
        self.pages.addTab(self._handover_page(), "Shift handover")
        controls = QHBoxLayout()
        controls.setSpacing(14)
        controls.addWidget(_field("Period"))
        controls.addWidget(self.period)
        controls.addStretch(1)
        controls.addWidget(self.export_calls_button)
        controls.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(controls)
        layout.addWidget(self.note)
        layout.addWidget(self.pages, 1)
        for changed in (
            self.period.currentIndexChanged,
            self.room.currentIndexChanged,
            self.handover_shift.currentIndexChanged,
            self.pages.currentChanged,
        ):
            changed.connect(self.refresh)

    def refresh(self) -> None:
        now = time.time()
        since = now - PERIODS[self.period.currentText()] * 86_400
        handover_from = self._clock.before(self._clock.start_of(now)).timestamp()
        try:
            logged = self._core.received_since(min(since, handover_from))
        except StorageError as error:
            self.note.setText(str(error))
            return
        self.note.setText(EXPLAINED)
        calls = [call for call in logged if call.received_at >= since]
        self.report = build_report(calls, self._station.rooms, self._station.shifts)
        self._lines = call_lines(calls, self._station.rooms)
        _fill(self.by_kind, [_report_row(row) for row in self.report.by_kind])
        _fill(self.by_room, [_report_row(row) for row in self.report.by_room])
        _fill(self.by_shift, [_report_row(row) for row in reversed(self.report.by_shift)])
        self.chart.set_rows([(row.label, row.answered) for row in self.report.by_room if row.calls])
        answers = check_in_rows(self._core.check_ins_since(since), self._station.rooms, self._station.shifts)
        _fill(
            self.check_ins, [[row.shift, row.room, str(row.not_great), str(row.someone)] for row in answers]
        )
        self._offer_rooms(calls)
        chosen = self.room.currentData()
        shown = [line for line in self._lines if chosen is None or line.call.room == chosen]
        _fill(self.history, [_call_row(line) for line in shown[:MAX_CALL_ROWS]], fit=False)
        self.calls_shown.setText(_calls_shown(len(shown)))
        self._show_handover(logged, now)

    def export_to(self, path: Path) -> None:
        """The summary shown, by kind, room and shift."""
        self._export(path, lambda out: write_csv(self.report, out))

    def export_calls_to(self, path: Path) -> None:
        """Every call of the period, one row each, for a manager's own spreadsheet."""
        self._export(path, lambda out: write_calls_csv(self._lines, out))

    def _export(self, path: Path, write: Callable[[TextIO], None]) -> None:
        """A disk that refuses is told here, not raised."""
        try:
            with path.open("w", newline="", encoding="utf-8") as out:
                write(out)
        except OSError as error:
            self.note.setText(f"Could not write {path}: {error.strerror or error}.")
        else:
            self.note.setText(f"Saved {path}.")

    def _ask_export(self) -> None:
        self._ask("Export the summary", "lantern-response-times", self.export_to)

    def _ask_export_calls(self) -> None:
        self._ask("Export every call", "lantern-calls", self.export_calls_to)

    def _ask(self, title: str, stem: str, export: Callable[[Path], None]) -> None:
        name = f"{stem}-{datetime.now():%Y-%m-%d}.csv"
        chosen, _ = QFileDialog.getSaveFileName(self, title, name, "CSV files (*.csv)")
        if chosen:
            export(Path(chosen))

    def _offer_rooms(self, calls: Sequence[StationCall]) -> None:
        """Every configured room, and any other that called, keeping the room chosen."""
        rooms = room_order(self._station.rooms, (call.room for call in calls))
        wanted: list[str | None] = [None, *rooms]
        if [self.room.itemData(index) for index in range(self.room.count())] == wanted:
            return
        chosen = self.room.currentData()
        self.room.blockSignals(True)
        self.room.clear()
        self.room.addItem("All rooms", None)
        for room in rooms:
            self.room.addItem(room_label(room, self._station.rooms), room)
        self.room.setCurrentIndex(max(self.room.findData(chosen), 0))
        self.room.blockSignals(False)

    def _show_handover(self, logged: Sequence[StationCall], now: float) -> None:
        known = {call.id: call for call in logged}
        known.update({call.id: call for call in self._core.snapshot().calls})
        last = HANDOVER_SHIFTS[self.handover_shift.currentText()]
        handover = build_handover(known.values(), self._station.rooms, self._clock, now, last_shift=last)
        self.handover.setPlainText("\n".join(handover_text(handover, now)))

    def _summary_page(self) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 12, 12, 12)
        for heading, content in (
            ("By kind of call", [self.by_kind]),
            ("Time to answer, by room", [self.chart, self.by_room]),
            ("By shift, newest first", [self.by_shift]),
            ('Check-ins answered "not great" or "someone", by shift and room', [self.check_ins]),
        ):
            column.addWidget(_heading(heading))
            for widget in content:
                column.addWidget(widget)
            column.addSpacing(12)
        column.addStretch(1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area

    def _calls_page(self) -> QWidget:
        return _page(_row_of(_field("Room"), self.room, self.calls_shown), self.history)

    def _handover_page(self) -> QWidget:
        hint = _soft("open calls first, then the shift's calls by kind and the longest waits")
        return _page(_row_of(self.handover_shift, hint), self.handover)


_TIME_COLUMNS = ["Calls", "Answered\nmedian", "Answered\n90 %", "Done\nmedian", "Done\n90 %"]


def _report_row(row: ReportRow) -> list[str]:
    return [row.label, str(row.calls), *_times(row.answered), *_times(row.finished)]


def _times(times: Times) -> list[str]:
    return ["–" if value is None else format_duration(value) for value in (times.median, times.p90)]


def _call_row(line: CallLine) -> list[str]:
    call = line.call
    return [
        f"{datetime.fromtimestamp(call.waited_from):%a %d %b %H:%M:%S}",
        line.room_label,
        KIND_WORDS[call.kind],
        _duration(call.answer_wait_s),
        line.answered_by or "–",
        _duration(call.finish_wait_s),
        STATE_WORDS[call.state],
        line.note,
    ]


def _calls_shown(count: int) -> str:
    if count > MAX_CALL_ROWS:
        return f"the newest {MAX_CALL_ROWS} of {count} calls (the CSV has them all)"
    return "1 call" if count == 1 else f"{count} calls"


def _duration(seconds: float | None) -> str:
    return "–" if seconds is None else format_duration(seconds)


def _soft(text: str) -> QLabel:
    return _label(text, "soft")


def _field(text: str) -> QLabel:
    return _label(text, "field")


def _heading(text: str) -> QLabel:
    return _label(text, "heading")


def _label(text: str, role: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", role)
    return label


def _choices(items: list[str]) -> QComboBox:
    box = QComboBox()
    box.addItems(items)
    return box


def _row_of(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(14)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _page(top: QHBoxLayout, body: QWidget) -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 12, 0, 0)
    column.addLayout(top)
    column.addWidget(body, 1)
    return page


def _table(columns: list[str], *, stretch: bool = False) -> QTableWidget:
    """`stretch`: the last column takes the spare width (a note column), else it stays empty."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setStretchLastSection(stretch)
    return table


def _fill(table: QTableWidget, rows: Sequence[list[str]], *, fit: bool = True) -> None:
    """`fit`: as tall as its rows and as wide as its columns, for tables inside the summary's own
    scroll area (no empty band beside a narrow table)."""
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.resizeColumnsToContents()  # once: a header that sizes to contents redoes it on every item
    header = table.horizontalHeader()
    if header.stretchLastSection():  # sized to contents above, so stretch it again
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)
    if fit:
        table.setFixedHeight(table.horizontalHeader().height() + table.verticalHeader().length() + 4)
        table.setFixedWidth(table.horizontalHeader().length() + 4)
