"""The site's other consoles at a glance: a colleague's console that goes dark is a warning here."""

from __future__ import annotations

import re
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, WAIT_S, Child, spawn, unique_site

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


def other_console(request: pytest.FixtureRequest, broker: RunningBroker, site: str, folder: Path) -> Child:
    """Console "back" of the site, its core in a process of its own, so it can be frozen or closed."""
    args = ["-m", "tests.helpcall.station_proc", "--site", site, "--station-id", "back"]
    return spawn(request, [*args, "--broker", str(broker.url), "--data-dir", str(folder)])


def test_a_console_that_falls_silent_shows_offline_within_the_offline_time(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, stations=("desk", "back"))
    back = other_console(request, mosquitto, site, tmp_path / "back")
    footer, banner = console.window.footer, console.window.banner
    qtbot.waitUntil(lambda: footer.text().endswith(" · other consoles: back online"), timeout=WAIT_MS)
    assert not banner.isVisible()

    back.process.send_signal(signal.SIGSTOP)  # frozen or unplugged: its link stays up, no last will
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: "back OFFLINE" in footer.text(), timeout=int((FAST.silence_s + 2.5) * 1000))

    assert time.monotonic() - stopped >= FAST.silence_s - FAST.heartbeat_s - 0.1
    assert re.search(r" · other consoles: back OFFLINE 0:0\d$", footer.text()), footer.text()
    assert banner.isVisible()
    assert re.fullmatch(r"Console back OFFLINE 0:0\d: calls do not ring there\.", banner.text()), (
        banner.text()
    )

    back.process.send_signal(signal.SIGCONT)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    assert footer.text().endswith(" · other consoles: back online")


def test_a_console_closed_shows_offline_at_once(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    patient = replace(FAST, silence_s=60.0)  # only its farewell can make it offline within the wait
    console = make_console(mosquitto, site, stations=("desk", "back"), timing=patient)
    back = other_console(request, mosquitto, site, tmp_path / "back")
    footer = console.window.footer
    qtbot.waitUntil(lambda: footer.text().endswith("other consoles: back online"), timeout=WAIT_MS)

    back.send("quit")
    qtbot.waitUntil(lambda: "back OFFLINE" in footer.text(), timeout=WAIT_MS)

    banner = console.window.banner
    assert re.fullmatch(r"Console back OFFLINE 0:0\d: calls do not ring there\.", banner.text()), (
        banner.text()
    )
    assert back.process.wait(timeout=WAIT_S) == 0
