"""Console tests: a private PulseAudio with a null sink (QSoundEffect needs a device) and real consoles."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.config.deployment import (
    AnswerSettings,
    Deployment,
    EscalationTier,
    PhoneTarget,
    RoomConfig,
    StationSettings,
)
from kiosk.console.console import Console
from kiosk.console.sound import SOUNDS_DIR
from kiosk.helpcall.states import HelpCallSnapshot
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.station.core import StationCore, console_core
from kiosk.wire.timing import Timing
from tests.fixtures.audio import start_null_sink
from tests.fixtures.broker import RunningBroker
from tests.fixtures.http_receiver import receiver as receiver
from tests.helpcall.support import FAST, WAIT_S, Recorder

OFFSCREEN_ONLY_WARNING = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)
"""Qt's offscreen platform says these whenever a shown window's size hints change or a call raises
the window; xcb does not."""

ROOMS = (RoomConfig(id="11", label="Recovery 11"), RoomConfig(id="12", label="Recovery 12"))


@pytest.fixture(scope="session", autouse=True)
def null_audio_sink(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """PulseAudio with only a null sink, on a socket of its own, so sounds play into nothing."""
    process, server = start_null_sink(tmp_path_factory.mktemp("pulse"))
    os.environ["PULSE_SERVER"] = server
    yield
    process.kill()
    process.wait(timeout=WAIT_S)


ConsoleFactory = Callable[..., Console]


def click(qtbot: QtBot, button: QPushButton) -> None:
    """Click as staff do: once the button shows and takes clicks (a tile that just moved holds its
    buttons for a moment)."""
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=int(WAIT_S * 1000))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def make_console(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path) -> ConsoleFactory:
    """A real console on a real broker; close() runs at the end of the test."""

    made: list[StationCore] = []

    def make(
        broker: RunningBroker,
        site: str,
        *,
        station_id: str = "desk",
        rooms: tuple[RoomConfig, ...] = ROOMS,
        phones: tuple[PhoneTarget, ...] = (),
        escalation: tuple[EscalationTier, ...] = (),
        escalate: bool = True,
        answers: AnswerSettings | None = None,
        sounds: Path = SOUNDS_DIR,
        timing: Timing = FAST,
        stations: tuple[str, ...] = (),
        fault_repeat_s: int = 30,
        volume_percent: int = 100,
        on_way_reminder_s: int = 300,
    ) -> Console:
        """`on_way_reminder_s` skips the settings' checks, so a test can remind sooner than a clinic may."""
        deployment = Deployment(
            site=site,
            stations=stations,
            station=StationSettings(
                id=station_id,
                rooms=rooms,
                ring_repeat_seconds=10,
                escalate=escalate,
                fault_repeat_seconds=fault_repeat_s,
                volume_percent=volume_percent,
            ).model_copy(update={"on_way_reminder_seconds": on_way_reminder_s}),
            phones=phones,
            escalation=escalation,
            answers=answers,
        )
        core = console_core(deployment, tmp_path / f"{station_id}-{len(made)}", broker.url, timing=timing)
        made.append(core)
        console = Console(deployment, core, sounds=sounds)
        request.addfinalizer(console.close)
        console.start()
        console.window.resize(1600, 900)
        console.window.show()
        qtbot.waitUntil(
            lambda: "broker connected" in console.window.footer.text(), timeout=int(WAIT_S * 1000)
        )
        return console

    return make


def console_tablet(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    tmp_path: Path,
    broker: RunningBroker,
    site: str,
    room: str,
    *,
    timeout_s: float = 10.0,
) -> tuple[TabletHelpCall, Recorder[HelpCallSnapshot]]:
    """A real kiosk tablet for `room`, once it hears a console. Waits pump Qt's events (qtbot), so the
    console's own loop turns meanwhile: a plain wait would be a stuck GUI thread, the fault itself."""
    made = TabletHelpCall(
        room, tmp_path / f"tablet-{room}", broker.url, site=site, timing=FAST, receipt_timeout_s=timeout_s
    )
    seen: Recorder[HelpCallSnapshot] = Recorder()
    made.add_listener(seen)
    made.start()
    request.addfinalizer(made.stop)
    qtbot.waitUntil(lambda: made.snapshot().station_online, timeout=int(WAIT_S * 1000))
    return made, seen
