"""A real kiosk (real QML, software renderer, offscreen) on a copy of the real content, with time in the test's hands."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.helpcall.port import HelpCallService
from kiosk.session.screen_size import pixels_per_mm, reference_inches
from kiosk.views.assembly import Kiosk, KioskOptions
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.wire.liveness import Liveness
from tests.content.conftest import ContentFolder, content_folder

os.environ.setdefault("QT_TEXTTOSPEECH_ENGINE", "mock")

__all__ = ["ContentFolder", "content_folder"]

SIZE = (1280, 800)
REFERENCE_PX_PER_MM = pixels_per_mm(*SIZE, None, reference_inches(*SIZE))
DAY = datetime(2025, 6, 1, 10, 0)
NIGHT = datetime(2025, 6, 1, 23, 30)


@dataclass
class FakeClock:
    """Wall time that moves only when the test says so."""

    now: float = 1_750_000_000.0
    moment: datetime = DAY

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class KioskFactory:
    """Builds kiosks for one test and closes them after it, checking that QML never warned."""

    qtbot: QtBot
    content: Path
    data_dir: Path
    clock: FakeClock
    built: list[Kiosk] = field(default_factory=list)

    def __call__(
        self,
        help_call: HelpCallService | None = None,
        *,
        windowed: bool = False,
        content: Path | None = None,
        main_qml: Path | None = None,
        on_exit: Callable[[], None] | None = None,
        liveness: Liveness | None = None,
        on_published_shown: Callable[[int], None] | None = None,
        voices: dict[str, Path] | None = None,
    ) -> Kiosk:
        options = KioskOptions(
            content=content or self.content,
            data_dir=self.data_dir,
            px_per_mm=REFERENCE_PX_PER_MM,
            windowed=windowed,
            still=True,
            clock=self.clock,
            wall_clock=self.clock,
            now=lambda: self.clock.moment,
            on_exit=on_exit,
            liveness=liveness,
            on_published_shown=on_published_shown,
            voices=voices or {},
            **({"main_qml": main_qml} if main_qml else {}),
        )
        kiosk = Kiosk(options, help_call or RehearsalHelpCall(scripted=False))
        self.built.append(kiosk)
        kiosk.window.resize(*SIZE)
        kiosk.window.show()
        self.qtbot.waitExposed(kiosk.window)
        return kiosk


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_kiosk(
    qtbot: QtBot,
    content_folder: ContentFolder,
    tmp_path: Path,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[KioskFactory]:
    caplog.set_level(logging.WARNING, logger="kiosk.views.assembly")
    factory = KioskFactory(qtbot, content_folder.path, tmp_path / "data", clock)
    yield factory
    for kiosk in factory.built:
        kiosk.close()
    qml_warnings = [record.getMessage() for record in caplog.records if record.name == "kiosk.views.assembly"]
    assert not qml_warnings, qml_warnings


@pytest.fixture
def kiosk(make_kiosk: KioskFactory) -> Kiosk:
    return make_kiosk()


def item(kiosk: Kiosk, name: str) -> QQuickItem:
    """The one item with this objectName that is on screen now."""
    found = [
        candidate
        for candidate in items(kiosk.window.contentItem())
        if candidate.objectName() == name and candidate.isVisible() and shown_opacity(candidate) > 0
    ]
    assert len(found) == 1, f"{len(found)} visible items are named {name!r}"
    return found[0]


def items(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every item under `root`, through the visual tree (QML items need not be QObject children)."""
    for child in root.childItems():
        yield child
        yield from items(child)


def shown_opacity(candidate: QQuickItem) -> float:
    opacity = 1.0
    node: QQuickItem | None = candidate
    while node is not None:
        opacity *= node.opacity()
        node = node.parentItem()
    return opacity


def save_like_an_editor(folder: ContentFolder, old: str, new: str) -> None:
    """Write the edited file beside the old one and rename it over it (an atomic os.replace), as editors do."""
    text = folder.path.read_text(encoding="utf-8").replace(old, new, 1)
    partial = folder.folder / ".content.yaml.swp"
    partial.write_text(text, encoding="utf-8")
    partial.replace(folder.path)


def text_of(kiosk: Kiosk, name: str) -> str:
    return str(item(kiosk, name).property("text"))


def tap(kiosk: Kiosk, name: str) -> None:
    """A real tap (press and release) in the middle of the named item, where the patient sees it.

    A frame is drawn first, as it always is before a person can react, so layouts are settled.
    """
    kiosk.window.grabWindow()
    target = item(kiosk, name)
    assert target.isEnabled(), f"{name} is not enabled"
    centre = target.mapToScene(QPointF(target.width() / 2, target.height() / 2)).toPoint()
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
