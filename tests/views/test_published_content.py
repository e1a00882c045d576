"""A content set the station published is shown at the next calm moment, never under a patient who
is in the middle of a call or a breathing or grounding step."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.helpcall.states import PatientCallState
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.wire.protocol import CallKind

from .conftest import ContentFolder, KioskFactory, tap, text_of
from .test_screens import SCREENSHOTS

NEW_NAME = "Bayou Infusion Clinic"


def published_set(content_folder: ContentFolder, tmp_path: Path) -> Path:
    folder = tmp_path / "published" / "v2"
    shutil.copytree(content_folder.folder, folder)
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  name: Lantern Infusion Clinic", f"  name: {NEW_NAME}", 1), encoding="utf-8"
    )
    return path


def test_a_published_set_waits_until_the_call_is_over(
    make_kiosk: KioskFactory, content_folder: ContentFolder, tmp_path: Path, qtbot: QtBot
) -> None:
    service = RehearsalHelpCall(scripted=False)
    shown: list[int] = []
    kiosk = make_kiosk(service, on_published_shown=shown.append)
    before = kiosk.words.content.clinic.name
    service.show(PatientCallState.ON_WAY, CallKind.NOW)
    qtbot.waitUntil(lambda: bool(kiosk.call.open))

    kiosk.follow_published(str(published_set(content_folder, tmp_path)), 2)

    assert (kiosk.words.content.clinic.name, shown) == (before, [])
    service.show(PatientCallState.IDLE, None)
    qtbot.waitUntil(lambda: kiosk.words.content.clinic.name == NEW_NAME)
    assert shown == [2]
    assert text_of(kiosk, "clinic_name") == NEW_NAME
    with qtbot.waitSignal(kiosk.window.frameSwapped, timeout=5000):
        kiosk.window.update()
    kiosk.window.grabWindow().save(str(SCREENSHOTS / "published-content-shown.png"))


def test_a_published_set_waits_until_the_breathing_is_done(
    make_kiosk: KioskFactory, content_folder: ContentFolder, tmp_path: Path, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    tap(kiosk, "tile_feelings")
    kiosk.session.forward()
    assert kiosk.session.place.guided

    kiosk.follow_published(str(published_set(content_folder, tmp_path)), 2)

    assert kiosk.words.content.clinic.name != NEW_NAME
    kiosk.session.home()
    qtbot.waitUntil(lambda: kiosk.words.content.clinic.name == NEW_NAME)
