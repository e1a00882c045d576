"""The log and report tab reads the real call log; the CSV a manager opens holds rooms, never names."""

from __future__ import annotations

import csv
import time
import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.console.report_view import MAX_CALL_ROWS
from kiosk.console.window import REPORT_TAB
from kiosk.station.calllog import CallLog, StationCall
from kiosk.wire.protocol import CallKind, StationState, Topics
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, click
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, call_json, mosquitto_pub, unique_site

pytestmark = OFFSCREEN_ONLY_WARNING


def test_answered_calls_show_in_the_log_the_report_and_the_csv(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, tmp_path: Path
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site)
    mosquitto_pub(
        mosquitto, Topics(site).room("12", "call"), "-m", call_json(str(uuid.uuid4()), kind="check")
    )
    view = console.window.grid.views["12"]
    qtbot.waitUntil(view.answer_button.isVisible, timeout=int(WAIT_S * 1000))
    click(qtbot, view.answer_button)
    qtbot.waitUntil(
        lambda: view.done_button.isVisible() and not view.answer_button.isVisible(),
        timeout=int(WAIT_S * 1000),
    )
    click(qtbot, view.done_button)
    qtbot.waitUntil(
        lambda: not console.core.snapshot().calls, timeout=int(WAIT_S * 1000)
    )  # written off the GUI thread
    report = console.window.report

    console.window.tabs.setCurrentIndex(REPORT_TAB)

    assert report.history.rowCount() == 1
    assert [report.history.item(0, column).text() for column in range(1, 7)] == [
        "Recovery 12",
        "Check on me",
        "0:00",
        "console desk",
        "0:00",
        "Done",
    ]
    assert [report.by_kind.item(row, 1).text() for row in range(2)] == ["0", "1"]
    assert [report.by_room.item(row, 0).text() for row in range(report.by_room.rowCount())] == [
        "Recovery 11",
        "Recovery 12",
    ]
    assert report.by_room.item(1, 1).text() == "1"
    assert [label for label, _ in report.chart.rows] == ["Recovery 12"]

    assert report.calls_shown.text() == "1 call"
    report.room.setCurrentIndex(report.room.findData("11"))
    assert report.history.rowCount() == 0, "room 11's history has no call"
    report.room.setCurrentIndex(report.room.findData("12"))
    assert report.history.rowCount() == 1
    assert "Calls this shift: 1" in report.handover.toPlainText()

    target = tmp_path / "times.csv"
    report.export_to(target)
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert [row[:4] for row in rows[1:5]] == [
        ["kind", "now", "Help now", "0"],
        ["kind", "check", "Check on me", "1"],
        ["room", "11", "Recovery 11", "0"],
        ["room", "12", "Recovery 12", "1"],
    ]
    assert rows[5][0] == "shift" and rows[5][3] == "1"
    assert report.note.text() == f"Saved {target}."
    every_call = tmp_path / "calls.csv"
    report.export_calls_to(every_call)
    calls = list(csv.DictReader(every_call.open(encoding="utf-8")))
    assert [(row["room"], row["kind"], row["answered_by"], row["state"]) for row in calls] == [
        ("12", "check", "desk", "done")
    ]
    report.export_to(tmp_path / "missing" / "times.csv")
    assert report.note.text().startswith(f"Could not write {tmp_path / 'missing' / 'times.csv'}: ")


def test_a_busy_month_lists_the_newest_calls_and_exports_them_all(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, tmp_path: Path
) -> None:
    console = make_console(mosquitto, unique_site())
    log = CallLog(console.core.call_log_path)
    start = time.time() - 20 * 86_400
    for n in range(MAX_CALL_ROWS + 100):
        pressed = start + n * 600
        made = StationCall(
            str(uuid.uuid4()), "12", CallKind.CHECK, pressed, pressed, StationState.RECEIVED, pressed
        )
        log.save(
            made.advanced(StationState.ON_WAY, pressed + 30, "desk").advanced(StationState.DONE, pressed + 90)
        )
    log.close()
    report = console.window.report
    report.period.setCurrentText("Last 30 days")

    console.window.tabs.setCurrentIndex(REPORT_TAB)

    assert report.history.rowCount() == MAX_CALL_ROWS
    assert (
        report.calls_shown.text()
        == f"the newest {MAX_CALL_ROWS} of {MAX_CALL_ROWS + 100} calls (the CSV has them all)"
    )
    assert report.by_kind.item(1, 1).text() == str(MAX_CALL_ROWS + 100)
    target = tmp_path / "calls.csv"
    report.export_calls_to(target)
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == MAX_CALL_ROWS + 100
