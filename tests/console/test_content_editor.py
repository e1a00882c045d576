"""The console's Content tab, as a nurse who never saw YAML uses it: change the clinic's phone number
and a resource, see each problem as she types, publish to a room, and undo it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.console import look
from kiosk.console.content_editor import ContentEditor
from kiosk.publishing.draft import Draft
from kiosk.publishing.station_link import StationPublisher
from kiosk.publishing.versions import VersionStore
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import probe
from tests.publishing.test_publish import Tablet

NEW_PHONE = "(555) 010-0777"
REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = "console-content-editor.png"


@pytest.fixture
def editor(
    qtbot: QtBot, tmp_path: Path, mosquitto: RunningBroker, request: pytest.FixtureRequest
) -> ContentEditor:
    store = VersionStore(tmp_path / "station" / "content-versions")
    request.addfinalizer(store.close)
    widget = ContentEditor(
        Draft.open(tmp_path / "station" / "content-draft", store),
        store,
        lambda: StationPublisher(mosquitto.url, "clinic", "desk"),
        "desk",
    )
    qtbot.addWidget(widget)
    widget.resize(1600, 900)
    return widget


def test_a_change_is_written_and_checked_and_a_mistake_is_shown_at_its_cell(
    editor: ContentEditor, qtbot: QtBot
) -> None:
    editor.set_words("Clinic", "phone", "", NEW_PHONE)
    editor.set_words("Screen: Free help", "Contact 1 · contact", "en", "Call or text 988, any time")
    qtbot.waitUntil(
        lambda: editor.result is not None and NEW_PHONE in editor.draft.path.read_text(encoding="utf-8")
    )
    qtbot.waitUntil(lambda: editor.status.text() == "Ready for patients: you can publish.")

    editor.set_words("Screen: Free help", "nav", "en", "Free help and support lines for every one of you")

    qtbot.waitUntil(lambda: editor.status.text() == "1 problem to fix before you publish.")
    assert "at most 32" in editor.problems.item(0).text()
    row = next(
        index for index in range(editor.table.rowCount()) if editor.table.item(index, 0).text() == "nav"
    )
    assert editor.table.item(row, 2).background().color().name() == "#5c2a22"
    assert "# yaml-language-server" in editor.draft.path.read_text(encoding="utf-8"), (
        "the file's comments stay"
    )


def test_publish_reaches_the_room_and_undo_brings_the_old_number_back(
    editor: ContentEditor,
    qtbot: QtBot,
    tmp_path: Path,
    mosquitto: RunningBroker,
    request: pytest.FixtureRequest,
    docs_shots: Path,
) -> None:
    tablet = Tablet(request, tmp_path / "tablet-12", mosquitto.url, "12")
    room_12_online = probe(request, mosquitto.url, "lantern/v1/clinic/room/12/presence")
    room_12_online.publish(
        "lantern/v1/clinic/room/12/presence", b'{"v": 1, "room": "12", "online": true}', retain=True
    )
    editor.publish()
    qtbot.waitUntil(lambda: "room 12: shows it" in editor.rooms.text(), timeout=15000)
    old = tablet.shows(1).read_text(encoding="utf-8")

    editor.set_words("Clinic", "phone", "", NEW_PHONE)
    qtbot.waitUntil(lambda: editor.status.text() == "Ready for patients: you can publish.")
    editor.publish()
    qtbot.waitUntil(
        lambda: "Version 2" in editor.rooms.text() and "room 12: shows it" in editor.rooms.text(),
        timeout=15000,
    )
    assert NEW_PHONE in tablet.shows(2).read_text(encoding="utf-8")
    editor.setStyleSheet(look.STYLE)  # as inside the console's window
    editor.set_words("Screen: Free help", "Contact 1 · contact", "en", "Call or text 988")
    qtbot.waitUntil(lambda: editor.status.text() == "Ready for patients: you can publish.")
    editor.grab().save(str(docs_shots / SCREENSHOT))

    editor.undo_last()

    qtbot.waitUntil(
        lambda: "Version 3" in editor.rooms.text() and "room 12: shows it" in editor.rooms.text(),
        timeout=15000,
    )
    assert tablet.shows(3).read_text(encoding="utf-8") == old


def test_a_picture_is_chosen_from_a_file_and_checked_before_it_can_go_out(
    editor: ContentEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    good = REPO / "assets" / "day-hills.jpg"
    half = tmp_path / "garden.jpg"
    half.write_bytes(good.read_bytes()[: good.stat().st_size // 2])

    editor.use_picture("Pictures", "Day picture 1 · picture file", half)

    assert editor.result is not None and "'assets/garden.jpg' is cut short" in str(editor.result.errors[0])
    assert editor.status.text() == "1 problem to fix before you publish."
    editor.publish()
    assert editor.rooms.text() == "Not published: 1 problem to fix first. Nothing was sent."
    editor.use_picture("Pictures", "Day picture 1 · picture file", good)
    assert editor.status.text() == "Ready for patients: you can publish."
    assert (editor.draft.folder / "assets" / "day-hills.jpg").read_bytes() == good.read_bytes()
