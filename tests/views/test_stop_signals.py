"""IT can stop a fullscreen kiosk from its terminal (Ctrl+C) or with systemctl stop (SIGTERM)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import REPO, wait_until


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_real_kiosk_stops_on_a_signal(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, number: signal.Signals
) -> None:
    env = dict(os.environ, LANTERN_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    log = tmp_path / "kiosk.stderr"
    with log.open("w") as stderr:
        kiosk = subprocess.Popen(
            [sys.executable, "main.py", "--room", "12", "--broker", f"mqtt://127.0.0.1:{mosquitto.port}"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    request.addfinalizer(kiosk.kill)
    wait_until(lambda: "The kiosk is showing for room 12" in log.read_text(), "the kiosk to show", timeout=30)

    kiosk.send_signal(number)

    assert kiosk.wait(timeout=20) == 0
    assert f"The kiosk was closed by IT, with {number.name}" in log.read_text()
