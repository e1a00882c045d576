"""A visit between a real kiosk and a real console over a real Mosquitto: started and ended from the
room's tile, each check-in answer carried to the tile and the report, "someone" as a real check call."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.console.console import Console
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.views.assembly import Kiosk, KioskOptions
from kiosk.wire.protocol import CallKind, Feeling
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory
from tests.content.conftest import ContentFolder, content_folder
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, WAIT_S, unique_site
from tests.views.conftest import REFERENCE_PX_PER_MM, FakeClock, tap

__all__ = ["content_folder"]
WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


@pytest.fixture
def visit_pair(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    tmp_path: Path,
    make_console: ConsoleFactory,
    content_folder: ContentFolder,
) -> tuple[Kiosk, Console, FakeClock]:
    site = unique_site()
    console = make_console(mosquitto, site)
    tablet = TabletHelpCall(
        "12", tmp_path / "tablet", mosquitto.url, site=site, timing=FAST, stations=frozenset({"desk"})
    )
    tablet.start()
    request.addfinalizer(tablet.stop)
    content_folder.replace_line(content_folder.line_of("every_minutes:"), "    every_minutes: 15")
    clock = FakeClock()
    options = KioskOptions(
        content=content_folder.path,
        data_dir=tmp_path / "kiosk",
        px_per_mm=REFERENCE_PX_PER_MM,
        still=True,
        clock=clock,
    )
    kiosk = Kiosk(options, tablet)
    request.addfinalizer(kiosk.close)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitUntil(lambda: tablet.snapshot().station_online, timeout=WAIT_MS)
    return kiosk, console, clock


def note(console: Console) -> str:
    return console.window.grid.views["12"].visit_note.text()


def answer_check_in(kiosk: Kiosk, clock: FakeClock, feeling: Feeling) -> None:
    clock.advance(15 * 60)
    kiosk.visit.tick()
    assert kiosk.visit.checking_in
    tap(kiosk, f"check_in_{feeling.value}")


def test_the_console_starts_and_ends_a_visit_and_hears_every_answer(
    visit_pair: tuple[Kiosk, Console, FakeClock], qtbot: QtBot
) -> None:
    kiosk, console, clock = visit_pair
    tile = console.window.grid.views["12"]
    kiosk.words.toggle_language()

    tile.start_visit.trigger()

    qtbot.waitUntil(lambda: bool(kiosk.visit.visiting), timeout=WAIT_MS)
    assert kiosk.words.language == "en"
    qtbot.waitUntil(lambda: note(console).startswith("visit "), timeout=WAIT_MS)

    answer_check_in(kiosk, clock, Feeling.OK)
    qtbot.waitUntil(lambda: "felt OK" in note(console), timeout=WAIT_MS)
    answer_check_in(kiosk, clock, Feeling.NOT_GREAT)
    qtbot.waitUntil(lambda: "felt not great" in note(console), timeout=WAIT_MS)
    assert not console.core.snapshot().calls  # a quiet note, not an alarm
    answer_check_in(kiosk, clock, Feeling.SOMEONE)
    qtbot.waitUntil(lambda: "felt asked for someone" in note(console), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: [call.kind for call in console.core.snapshot().calls] == [CallKind.CHECK], timeout=WAIT_MS
    )
    feelings = [feeling for _room, feeling, _at in console.core.check_ins_since(0)]
    assert feelings == [Feeling.OK, Feeling.NOT_GREAT, Feeling.SOMEONE]

    tile.end_visit.trigger()
    qtbot.waitUntil(lambda: not kiosk.visit.visiting, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: note(console) == "", timeout=WAIT_MS)


def test_the_report_counts_check_ins_that_asked_for_care_by_shift_and_room(
    visit_pair: tuple[Kiosk, Console, FakeClock], qtbot: QtBot
) -> None:
    kiosk, console, clock = visit_pair
    kiosk.visit.start()
    for feeling in (Feeling.NOT_GREAT, Feeling.OK, Feeling.NOT_GREAT):
        answer_check_in(kiosk, clock, feeling)
    qtbot.waitUntil(lambda: len(console.core.check_ins_since(0)) == 3, timeout=WAIT_MS)
    report = console.window.report
    report.refresh()
    table = report.check_ins
    assert table.rowCount() == 1
    assert [table.item(0, column).text() for column in (1, 2, 3)] == ["Recovery 12", "2", "0"]
