"""The console's Content tab: a nurse changes what patients read without seeing YAML, checks it as
she types, looks at it as a tablet will show it, publishes it to every room and can undo it.

Each screen's texts are a table, one row per text and one column per language, side by side. Every
change is written to the station's draft (`kiosk.publishing.draft`) and checked a moment later with
the same check as `lantern check`; a problem is listed in words and its cell is marked. "Publish"
keeps the draft as a new version and sends it (on a thread of its own: the console keeps ringing),
then lists, room by room, what each tablet did with it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QProcess, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.console import look
from kiosk.content.check import CheckResult
from kiosk.publishing.contentset import ContentSet, SetError
from kiosk.publishing.draft import CLINIC_FIELDS, Draft, Field
from kiosk.publishing.station_link import StationPublisher
from kiosk.publishing.versions import VersionStore
from kiosk.wire.content_protocol import ContentReport, Manifest, ReportState

CHECK_AFTER_MS = 400
WAIT_FOR_ROOMS_S = 120.0
TABLETS = {
    '7" tablet, 1024x600': ("1024x600", "7"),
    '10.1" tablet, 1280x800': ("1280x800", "10.1"),
    '12.1" tablet, 1280x800': ("1280x800", "12.1"),
    '10.1" tablet upright, 800x1280': ("800x1280", "10.1"),
}
PROBLEM_FILL = QColor("#5C2A22")


@dataclass(frozen=True)
class Row:
    field: Field
    group: str
    label: str


class ContentEditor(QWidget):
    published = Signal(object, object)
    """(manifest or None, room reports or words of a failure), from the publishing thread."""
    checked = Signal(int, object)
    """(which edit, its CheckResult), from the checking thread: the console keeps ringing meanwhile."""

    def __init__(
        self,
        draft: Draft,
        store: VersionStore,
        publisher: Callable[[], StationPublisher],
        station: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.draft = draft
        self._store = store
        self._publisher = publisher
        self._station = station
        self._rows: list[Row] = []
        self._filling = False
        self._preview: QProcess | None = None
        self.result: CheckResult | None = None

        self.groups = QListWidget()
        self.groups.setFont(look.font("body"))
        self.groups.currentTextChanged.connect(self._show_group)
        self.table = QTableWidget()
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(160)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._edited)
        self.problems = QListWidget()
        self.problems.setFont(look.font("body"))
        self.problems.setWordWrap(True)
        self.status = QLabel()
        self.status.setFont(look.font("kind", bold=True))
        self.rooms = QLabel()
        self.rooms.setWordWrap(True)
        self.rooms.setFont(look.font("body"))
        self.tablet = QComboBox()
        self.tablet.addItems(list(TABLETS))
        self.preview_button = _button("Preview as a tablet shows it", self.preview)
        self.publish_button = _button("Publish to every room", self.publish)
        self.undo_button = _button("Undo the last publish", self.undo_last)
        self.start_over_button = _button("Start over from what is live", self.start_over)
        self.picture_button = _button("Choose a picture file…", self._choose_picture)
        self.picture_button.setEnabled(False)
        self.table.currentCellChanged.connect(self._cell_chosen)
        self._checker = QTimer(self, singleShot=True, interval=CHECK_AFTER_MS)
        self._checker.timeout.connect(self._check_beside)
        self._edits = 0
        self.published.connect(self._show_published)
        gone = self._gone = threading.Event()
        """Set when the tab is destroyed: a publish still waiting for the rooms stops telling it."""
        self.destroyed.connect(lambda *_: gone.set())
        self.checked.connect(self._show_checked)

        actions = QHBoxLayout()
        for widget in (
            self.tablet,
            self.preview_button,
            self.publish_button,
            self.undo_button,
            self.start_over_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        split = QSplitter()
        split.addWidget(self.groups)
        split.addWidget(self.table)
        split.setStretchFactor(1, 4)
        split.setSizes([320, 1280])
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(split, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.rooms)
        self.reload()

    # What the nurse does.

    def set_words(self, group: str, label: str, language: str, words: str) -> None:
        """Type into one cell, as a nurse would (tests use it; the table calls `_edited`)."""
        self.groups.setCurrentItem(self.groups.findItems(group, Qt.MatchFlag.MatchExactly)[0])
        row = next(index for index, row in enumerate(self._visible()) if row.label == label)
        cell = self.table.item(row, self._column(language))
        assert cell is not None, f"{group} · {label} has no {language or 'value'} cell"
        cell.setText(words)

    def use_picture(self, group: str, label: str, picture: Path) -> None:
        """Put a picture file in the place of one of the content's pictures (the file dialog calls it)."""
        row = next(row for row in self._rows if row.group == group and row.label == label)
        self.draft.use_picture(row.field.location, picture)
        self.reload()

    def check_now(self) -> CheckResult:
        self._edits += 1
        self._show_checked(self._edits, self.draft.check())
        assert self.result is not None
        return self.result

    def preview(self) -> None:
        """The draft in the kiosk's own window, at the size of the chosen tablet; calls reach no one."""
        size, inches = TABLETS[self.tablet.currentText()]
        if self._preview is not None:
            self._preview.kill()
        self._preview = QProcess(self)
        self._preview.start(
            sys.executable,
            ["-m", "kiosk.cli", "preview", str(self.draft.path), "--size", size, "--inches", inches],
        )

    def publish(self) -> None:
        """Check the draft in full, keep it as a new version and send it; never on the GUI thread."""
        if self._checker.isActive():
            self._checker.stop()
        try:
            content = ContentSet.read(self.draft.path)
        except SetError as error:
            self._show_problems(self.check_now())
            self.rooms.setText(
                f"Not published: {_problems(len(error.problems))} to fix first. Nothing was sent."
            )
            return
        self._send(lambda: self._store.add(content, self._station))

    def undo_last(self) -> None:
        """Send the version before the newest again, as a new version."""
        history = self._store.history()
        if len(history) < 2:
            self.rooms.setText("There is no earlier version to go back to.")
            return
        self._send(lambda: self._store.roll_back_to(history[-2].version, self._station))

    def start_over(self) -> None:
        self.draft.start_over(self._store)
        self.reload()

    def reload(self) -> None:
        fields = self.draft.fields()
        navs: dict[str | int, str] = {"home": "Home"}
        navs |= {
            field.location[1]: field.values.get("en") or next(iter(field.values.values()), "")
            for field in fields
            if len(field.location) == 3 and field.location[0] == "screens" and field.location[2] == "nav"
        }
        self._rows = [Row(field, *_names(field, navs)) for field in fields]
        languages = sorted({language for row in self._rows for language in row.field.values if language})
        self._languages = ["", *languages]
        self.table.setColumnCount(1 + len(self._languages))
        self.table.setHorizontalHeaderLabels(["", "Value", *languages])
        current = self.groups.currentItem().text() if self.groups.currentItem() else None
        self.groups.clear()
        self.groups.addItems(list(dict.fromkeys(row.group for row in self._rows)))
        found = self.groups.findItems(current, Qt.MatchFlag.MatchExactly) if current else []
        self.groups.setCurrentItem(found[0] if found else self.groups.item(0))
        self.check_now()

    # Inside.

    def _send(self, keep: Callable[[], Manifest]) -> None:
        manifest = keep()
        self.rooms.setText(f"Sending version {manifest.version} ({manifest.summary})…")
        self.publish_button.setEnabled(False)
        self.undo_button.setEnabled(False)
        threading.Thread(target=self._send_on_a_thread, args=(manifest,), name="publish", daemon=True).start()

    def _send_on_a_thread(self, manifest: Manifest) -> None:
        publisher = self._publisher()
        publisher.start()
        try:
            if not publisher.wait_connected(10) or not publisher.send(
                manifest, self._store.read(manifest), 60
            ):
                self._tell(manifest, "The broker did not take it. It is kept; publish again later.")
                return
            self._tell(manifest, publisher.reports())

            def settled(reports: dict[str, ContentReport]) -> bool:
                self._tell(manifest, dict(reports))
                return self._gone.is_set() or publisher.settled(manifest.version)

            publisher.wait_for(settled, WAIT_FOR_ROOMS_S)
            self._tell(manifest, publisher.reports())
        finally:
            publisher.stop()

    def _tell(self, manifest: Manifest, news: object) -> None:
        """From the publishing thread to the tab, while there is a tab (the console may have closed)."""
        if self._gone.is_set():
            return
        try:
            self.published.emit(manifest, news)
        except RuntimeError:  # the tab was deleted between the check and the emit
            self._gone.set()

    def _show_published(self, manifest: Manifest, news: object) -> None:
        self.publish_button.setEnabled(True)
        self.undo_button.setEnabled(True)
        if isinstance(news, str):
            self.rooms.setText(news)
            return
        assert isinstance(news, dict)
        lines = [f"Version {manifest.version} ({manifest.summary}):"]
        for room, report in sorted(news.items()):
            if report.version != manifest.version:
                lines.append(f"room {room}: not yet")
            elif report.state is ReportState.SHOWING:
                lines.append(f"room {room}: shows it")
            elif report.state is ReportState.WAITING:
                lines.append(f"room {room}: shows it once the patient's call or breathing step is over")
            else:
                lines.append(
                    f"room {room}: refused it and keeps the last words: {'; '.join(report.problems)}"
                )
        self.rooms.setText("\n".join(lines))

    def _cell_chosen(self, row: int, _column: int, _previous_row: int, _previous_column: int) -> None:
        rows = self._visible()
        self.picture_button.setEnabled(0 <= row < len(rows) and rows[row].field.location[-1] == "file")

    def _choose_picture(self) -> None:
        rows, row = self._visible(), self.table.currentRow()
        if not 0 <= row < len(rows):
            return
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose a picture", "", "Pictures (*.jpg *.jpeg *.png)"
        )
        if chosen:
            self.use_picture(rows[row].group, rows[row].label, Path(chosen))

    def _check_beside(self) -> None:
        """Check the draft on a thread of its own (new pictures take a moment to decode)."""
        self._edits += 1
        edit = self._edits
        threading.Thread(
            target=lambda: self.checked.emit(edit, self.draft.check()), name="content-check", daemon=True
        ).start()

    def _show_checked(self, edit: int, result: CheckResult) -> None:
        if edit != self._edits:
            return  # a later edit's check is on its way
        self.result = result
        self._fields_changed()
        self._show_problems(result)

    def _visible(self) -> list[Row]:
        group = self.groups.currentItem().text() if self.groups.currentItem() else ""
        return [row for row in self._rows if row.group == group]

    def _column(self, language: str) -> int:
        return 1 + self._languages.index(language)

    def _show_group(self, _group: str) -> None:
        self._filling = True
        rows = self._visible()
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            name = QTableWidgetItem(row.label)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(index, 0, name)
            for language in self._languages:
                cell = QTableWidgetItem(row.field.values.get(language, ""))
                if language not in row.field.values:
                    cell.setFlags(Qt.ItemFlag.NoItemFlags)
                self.table.setItem(index, self._column(language), cell)
        self.table.setColumnHidden(1, not any("" in row.field.values for row in rows))
        self._filling = False
        self._mark_cells()

    def _edited(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() == 0:
            return
        row = self._visible()[cell.row()]
        language = self._languages[cell.column() - 1]
        self.draft.set_text(row.field.location, language, cell.text())
        self._checker.start()

    def _fields_changed(self) -> None:
        """After a change the lines move: take every field's lines again, keep the table as it is."""
        fields = {field.location: field for field in self.draft.fields()}
        self._rows = [
            Row(fields[row.field.location], row.group, row.label)
            for row in self._rows
            if row.field.location in fields
        ]

    def _show_problems(self, result: CheckResult) -> None:
        self.problems.clear()
        for problem in result.problems:
            item = QListWidgetItem(f"Line {problem.line}: {problem.message}")
            item.setForeground(look.OFFLINE if problem.severity == "warning" else look.TEXT)
            self.problems.addItem(item)
        errors = len(result.errors)
        self.status.setText(
            "Ready for patients: you can publish."
            if not errors
            else f"{_problems(errors)} to fix before you publish."
        )
        self._mark_cells()

    def _mark_cells(self) -> None:
        problems = self.result.problems if self.result else ()
        for index, row in enumerate(self._visible()):
            for language, lines in row.field.lines.items():
                cell = self.table.item(index, self._column(language))
                if cell is None:
                    continue
                here = [problem for problem in problems if problem.line in lines]
                cell.setBackground(PROBLEM_FILL if any(p.severity == "error" for p in here) else QBrush())
                cell.setToolTip("\n".join(problem.message for problem in here))


def _names(field: Field, navs: dict[str | int, str]) -> tuple[str, str]:
    """The group a field is listed under (a screen by the name on its button), and its name there."""
    location = field.location
    if location in CLINIC_FIELDS or len(location) == 1:
        return "Clinic", str(location[-1])
    if location[0] == "screens" and len(location) > 2:
        return f"Screen: {navs.get(location[1], location[1])}", _part_names(location[2:])
    return _GROUPS.get(str(location[0]), str(location[0])), _part_names(location[1:])


_GROUPS = {"help": "Call for help", "ui": "Buttons", "imagery": "Pictures"}
_LISTS = {
    "items": "Contact",
    "sections": "Section",
    "day": "Day picture",
    "night": "Night picture",
    "steps": "Step",
}
_PARTS = {"file": "picture file"}


def _part_names(parts: tuple[str | int, ...]) -> str:
    """("items", 2, "contact") -> "Contact 3 · contact": lists counted from 1, as a nurse counts."""
    words: list[str] = []
    for index, part in enumerate(parts):
        if isinstance(part, int):
            continue
        following = parts[index + 1] if index + 1 < len(parts) else None
        words.append(
            f"{_LISTS.get(part, part)} {following + 1}"
            if isinstance(following, int)
            else _PARTS.get(part, part.replace("_", " "))
        )
    return " · ".join(words)


def _problems(count: int) -> str:
    return "1 problem" if count == 1 else f"{count} problems"


def _button(text: str, clicked: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(clicked)
    return button
