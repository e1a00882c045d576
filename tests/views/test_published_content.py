"""A content set the station published is shown at the next calm moment, never under a patient who
is in the middle of a call or a breathing or grounding step."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.helpcall.states import PatientCallState
from kiosk.publishing.tablet_link import TabletContentLink
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.fixtures.frozen_disk import FreezableDisk
from tests.fixtures.frozen_disk import freezable_disk as freezable_disk

from .conftest import ContentFolder, KioskFactory, tap, text_of

NEW_NAME = "Bayou Infusion Clinic"


def published_set(content_folder: ContentFolder, sets: Path) -> Path:
    """Version 2 as a tablet lays a published set out, with the clinic renamed."""
    folder = sets / "v2"
    shutil.copytree(content_folder.folder, folder)
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  name: Lantern Infusion Clinic", f"  name: {NEW_NAME}", 1), encoding="utf-8"
    )
    return path


def test_a_published_set_waits_until_the_call_is_over(
    make_kiosk: KioskFactory, content_folder: ContentFolder, tmp_path: Path, qtbot: QtBot, docs_shots: Path
) -> None:
    service = RehearsalHelpCall(scripted=False)
    shown: list[int] = []
    kiosk = make_kiosk(service, on_published_shown=shown.append)
    before = kiosk.words.content.clinic.name
    service.show(PatientCallState.ON_WAY, CallKind.NOW)
    qtbot.waitUntil(lambda: bool(kiosk.call.open))

    kiosk.follow_published(str(published_set(content_folder, tmp_path / "published" / "sets")), 2)

    assert (kiosk.words.content.clinic.name, shown) == (before, [])
    service.show(PatientCallState.IDLE, None)
    qtbot.waitUntil(lambda: kiosk.words.content.clinic.name == NEW_NAME)
    assert shown == [2]
    assert text_of(kiosk, "clinic_name") == NEW_NAME
    with qtbot.waitSignal(kiosk.window.frameSwapped, timeout=5000):
        kiosk.window.update()
    kiosk.window.grabWindow().save(str(docs_shots / "published-content-shown.png"))


def test_a_published_set_waits_until_the_breathing_is_done(
    make_kiosk: KioskFactory, content_folder: ContentFolder, tmp_path: Path, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    tap(kiosk, "tile_feelings")
    kiosk.session.forward()
    assert kiosk.session.place.guided

    kiosk.follow_published(str(published_set(content_folder, tmp_path / "published" / "sets")), 2)

    assert kiosk.words.content.clinic.name != NEW_NAME
    kiosk.session.home()
    qtbot.waitUntil(lambda: kiosk.words.content.clinic.name == NEW_NAME)


def test_a_published_set_is_shown_and_recorded_without_the_gui_waiting_for_a_frozen_disk(
    make_kiosk: KioskFactory,
    content_folder: ContentFolder,
    freezable_disk: FreezableDisk,
    mosquitto: RunningBroker,
    request: pytest.FixtureRequest,
    qtbot: QtBot,
) -> None:
    """The set is already on disk for good when it arrives; showing it must not sync anything on the
    GUI thread (no last-good copy, and the 'shown' record is written beside it)."""
    data = freezable_disk.mount / "data"
    link = TabletContentLink(
        mosquitto.url, "clinic", "12", data / "published", stations=None, on_ready=lambda *_: None
    )
    link.start()
    request.addfinalizer(link.stop)
    make_kiosk.data_dir = data
    kiosk = make_kiosk(on_published_shown=link.showing)
    published = published_set(content_folder, data / "published" / "sets").parent

    freezable_disk.freeze()
    try:
        started = time.monotonic()
        kiosk.follow_published(str(published / "content.yaml"), 2)
        assert time.monotonic() - started < 1.0, "showing the set waited for the disk"
        assert kiosk.words.content.clinic.name == NEW_NAME
        tapped = time.monotonic()
        tap(kiosk, "help_now")
        assert time.monotonic() - tapped < 0.5, "the help button waited for the disk"
    finally:
        freezable_disk.thaw()
    qtbot.waitUntil(lambda: link.sets.shown() is not None, timeout=10000)
    assert link.sets.shown() == (2, published / "content.yaml")
