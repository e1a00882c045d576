"""The console sees, room by room, which published content each tablet shows, and a room that refused
the newest version or fell behind is a warning on its tile (never an alarm)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config.deployment import RoomConfig
from kiosk.console.tiles import RoomTileView
from kiosk.publishing.contentset import ContentSet
from kiosk.station.board import room_tiles
from kiosk.station.core import StationSnapshot
from kiosk.wire.content_protocol import ContentReport, ReportState, encode
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import probe, start_station

from .test_publish import Tablet, content_folder, new_phone, publish


def test_the_station_hears_which_version_each_room_shows_and_which_refused(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, station: tuple
) -> None:
    core, seen = start_station(
        request,
        tmp_path / "console",
        mosquitto.url,
        "clinic",
        "desk",
        stations=frozenset({"desk"}),
        rooms=frozenset({"11", "12"}),
    )
    Tablet(request, tmp_path / "tablet-11", mosquitto.url, "11")
    first = publish(station, content_folder(tmp_path, "first"))
    store, publisher = station
    good = ContentSet.read(content_folder(tmp_path, "second", new_phone))
    damaged = ContentSet({**good.files, "assets/day-hills.jpg": good.files["assets/day-hills.jpg"][:20000]})
    refused = store.add(damaged, "desk")
    assert publisher.send(refused, store.read(refused), 10)

    snapshot: StationSnapshot = seen.wait_for(
        lambda snap: (
            snap.content_live == refused.version
            and any(report.room == "11" and report.version == refused.version for report in snap.content)
        ),
        "the console to hear room 11 refuse the second version",
    )

    [report] = snapshot.content
    assert (report.state, first) == (ReportState.REFUSED, 1)
    tiles = {
        tile.room: tile
        for tile in room_tiles(
            [RoomConfig(id="11", label="Recovery 11"), RoomConfig(id="12", label="Recovery 12")], snapshot
        )
    }
    assert tiles["11"].content == report and tiles["11"].content_live == refused.version
    assert tiles["12"].content is None
    assert core.snapshot().ringing is False


@pytest.mark.parametrize(
    ("report", "live", "words", "warning"),
    [
        (ContentReport(room="11", version=5, state=ReportState.SHOWING), 5, "content v5", False),
        (
            ContentReport(room="11", version=5, state=ReportState.WAITING),
            5,
            "content v5 after this patient",
            False,
        ),
        (ContentReport(room="11", version=4, state=ReportState.SHOWING), 5, "shows content v4, not v5", True),
        (
            ContentReport(room="11", version=5, state=ReportState.REFUSED, problems=("x",)),
            5,
            "refused content v5: see the log",
            True,
        ),
    ],
)
def test_a_quiet_rooms_tile_says_what_content_it_shows(
    qtbot: QtBot, report: ContentReport, live: int, words: str, warning: bool
) -> None:
    snapshot = StationSnapshot(
        calls=(), tablets=(), broker_connected=True, staff_problem=None, content=(report,), content_live=live
    )
    [tile] = room_tiles([RoomConfig(id="11", label="Recovery 11")], snapshot)
    view = RoomTileView()
    qtbot.addWidget(view)

    view.show_tile(tile, now=0.0)

    assert view.state.text() == words
    assert (view.state.property("colour") == "#e7b36a") is warning


def test_a_room_that_floods_reports_cannot_drown_another_rooms_report(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> None:
    _core, seen = start_station(
        request, tmp_path / "console", mosquitto.url, "clinic", "desk", rooms=frozenset({"11", "12"})
    )
    flooder = probe(request, mosquitto.url, "lantern/v1/clinic/content/room/12-content")
    started = time.monotonic()
    for version in range(1, 201):
        flooder.publish(
            "lantern/v1/clinic/content/room/12-content",
            encode(ContentReport(room="12", version=version, state=ReportState.SHOWING)),
        )
    honest = probe(request, mosquitto.url, "lantern/v1/clinic/content/room/11-content")

    honest.publish(
        "lantern/v1/clinic/content/room/11-content",
        encode(ContentReport(room="11", version=3, state=ReportState.SHOWING)),
    )

    seen.wait_for(lambda snap: any(report.room == "11" for report in snap.content), "room 11's report")
    taken = {report.version for snap in seen.seen for report in snap.content if report.room == "12"}
    allowed = 10 + (time.monotonic() - started) / 6 + 1  # ten at once, then one every 6 s
    assert len(taken) <= allowed, f"{len(taken)} of the flood's 200 reports were taken"
