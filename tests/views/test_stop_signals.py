"""IT can stop a fullscreen kiosk from its terminal (Ctrl+C) or with systemctl stop (SIGTERM)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.fixtures.broker import RunningBroker
from tests.fixtures.kiosk_process import start_kiosk


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_real_kiosk_stops_on_a_signal(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, number: signal.Signals
) -> None:
    kiosk = start_kiosk(request, tmp_path / "data", mosquitto)

    kiosk.process.send_signal(number)

    assert kiosk.process.wait(timeout=20) == 0
    assert f"The kiosk was closed by IT, with {number.name}" in kiosk.log.read_text()
