"""The log and report tab: recent calls, response times per room and per shift, a chart, CSV export."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.config.deployment import StationSettings
from kiosk.console.chart import BarChart
from kiosk.station.board import KIND_WORDS, STATE_WORDS, format_duration, room_label
from kiosk.station.calllog import StationCall
from kiosk.station.core import StationCore
from kiosk.station.report import Report, ReportRow, Times, build_report, write_csv
from kiosk.wire.storage import StorageError

PERIODS = {"Last 24 hours": 1, "Last 7 days": 7, "Last 30 days": 30}
HISTORY_COLUMNS = ["Received", "Room", "Call", "Answered", "Done", "Now"]


class ReportView(QWidget):
    """Reads the call log when shown or asked; never on every snapshot of a busy ward."""

    def __init__(self, core: StationCore, station: StationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._core = core
        self._station = station
        self.report = Report((), ())
        self.period = QComboBox()
        self.period.addItems(list(PERIODS))
        self.period.setCurrentText("Last 7 days")
        self.period.currentTextChanged.connect(self.refresh)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(self._ask_export)
        self.note = QLabel()
        self.note.setProperty("role", "soft")
        self.history = _table(HISTORY_COLUMNS)
        self.by_room = _table(["Room", *_TIME_COLUMNS])
        self.by_shift = _table(["Shift", *_TIME_COLUMNS])
        self.chart = BarChart()

        controls = QHBoxLayout()
        controls.addWidget(_heading("Calls and response times"))
        controls.addStretch(1)
        controls.addWidget(self.note)
        controls.addWidget(self.period)
        controls.addWidget(self.export_button)
        report = QVBoxLayout()
        report.addWidget(_heading("Time to answer, by room"))
        report.addWidget(self.chart)
        report.addWidget(self.by_room)
        report.addWidget(_heading("By shift, newest first"))
        report.addWidget(self.by_shift)
        report.addStretch(1)
        report_inner = QWidget()
        report_inner.setLayout(report)
        report_area = QScrollArea()
        report_area.setWidgetResizable(True)
        report_area.setWidget(report_inner)
        history = QVBoxLayout()
        history.addWidget(_heading("Calls"))
        history.addWidget(self.history, 1)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        columns.addLayout(history, 5)
        columns.addWidget(report_area, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addLayout(controls)
        layout.addLayout(columns, 1)

    def refresh(self) -> None:
        since = time.time() - PERIODS[self.period.currentText()] * 86_400
        try:
            calls = self._core.received_since(since)
        except StorageError as error:
            self.note.setText(str(error))
            return
        self.note.setText("Answered = to “On my way”. Done = to “Done”. Test calls are left out.")
        self.report = build_report(calls, self._station.rooms, self._station.shifts)
        _fill(self.history, [self._history_row(call) for call in reversed(calls)], fit=False)
        _fill(self.by_room, [_report_row(row) for row in self.report.by_room])
        _fill(self.by_shift, [_report_row(row) for row in reversed(self.report.by_shift)])
        self.chart.set_rows([(row.label, row.answered) for row in self.report.by_room if row.calls])

    def export_to(self, path: Path) -> None:
        """Write the report shown; a disk that refuses is told here, not raised."""
        try:
            with path.open("w", newline="", encoding="utf-8") as out:
                write_csv(self.report, out)
        except OSError as error:
            self.note.setText(f"Could not write {path}: {error.strerror or error}.")
        else:
            self.note.setText(f"Saved {path}.")

    def _ask_export(self) -> None:
        name = f"lantern-response-times-{datetime.now():%Y-%m-%d}.csv"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export response times", name, "CSV files (*.csv)")
        if chosen:
            self.export_to(Path(chosen))

    def _history_row(self, call: StationCall) -> list[str]:
        return [
            f"{datetime.fromtimestamp(call.received_at):%a %d %b %H:%M}",
            room_label(call.room, self._station.rooms),
            KIND_WORDS[call.kind],
            _after(call, call.acknowledged_at),
            _after(call, call.cleared_at),
            STATE_WORDS[call.state],
        ]


_TIME_COLUMNS = ["Calls", "Answered\nmedian", "Answered\n90 %", "Done\nmedian", "Done\n90 %"]


def _report_row(row: ReportRow) -> list[str]:
    return [row.label, str(row.calls), *_times(row.answered), *_times(row.finished)]


def _times(times: Times) -> list[str]:
    return ["–" if value is None else format_duration(value) for value in (times.median, times.p90)]


def _after(call: StationCall, moment: float | None) -> str:
    return "–" if moment is None else format_duration(moment - call.received_at)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


def _table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: Sequence[list[str]], *, fit: bool = True) -> None:
    """`fit`: as tall as its rows, for tables inside the report's own scroll area."""
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    if fit:
        table.setFixedHeight(table.horizontalHeader().height() + table.verticalHeader().length() + 4)
