"""The log and report tab reads the real call log; the CSV a manager opens holds rooms, never names."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.console.window import REPORT_TAB
from kiosk.wire.protocol import Topics
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
    assert [report.history.item(0, column).text() for column in range(1, 6)] == [
        "Recovery 12",
        "Check on me",
        "0:00",
        "0:00",
        "Done",
    ]
    assert [report.by_room.item(row, 0).text() for row in range(report.by_room.rowCount())] == [
        "Recovery 11",
        "Recovery 12",
    ]
    assert report.by_room.item(1, 1).text() == "1"
    assert [label for label, _ in report.chart.rows] == ["Recovery 12"]
    target = tmp_path / "times.csv"
    report.export_to(target)
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert [row[:4] for row in rows[1:3]] == [
        ["room", "11", "Recovery 11", "0"],
        ["room", "12", "Recovery 12", "1"],
    ]
    assert rows[3][0] == "shift" and rows[3][3] == "1"
    assert report.note.text() == f"Saved {target}."
    report.export_to(tmp_path / "missing" / "times.csv")
    assert report.note.text().startswith(f"Could not write {tmp_path / 'missing' / 'times.csv'}: ")
