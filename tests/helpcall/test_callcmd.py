"""`lantern call` as IT runs it, and the embedded broker it falls back on, as real processes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.helpcall.callcmd import FALLBACK
from kiosk.wire.broker import LocalBroker, ensure_local_broker, find_local_broker
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import REPO, WAIT_S, start_station, unique_site, wait_until


def lantern_call(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "call", *args],
        cwd=REPO,
        env={**os.environ, "LANTERN_DATA_DIR": str(data_dir), **(env or {})},
        capture_output=True,
        text=True,
        timeout=WAIT_S * 2,
        check=False,
    )


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[list[LocalBroker]]:
    """Kill every embedded broker a test started (they are daemons built to outlive their starter)."""
    started: list[LocalBroker] = []
    yield started
    for broker in started:
        with contextlib.suppress(ProcessLookupError):
            os.kill(broker.pid, signal.SIGKILL)


def test_exit_0_when_the_station_answers(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    _, seen = start_station(request, tmp_path / "station", mosquitto.url, site)
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")

    result = lantern_call(
        tmp_path, "--room", "12", "--broker", str(mosquitto.url), "--site", site, "--timeout", "5"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "room 12 pressed 'test'" in lines[0]
    assert [line.split("  ", 1)[1] for line in lines[1:]] == [
        "calling the nurse station …",
        "the nurse station has the call",
    ]


def test_exit_1_and_the_fallback_without_a_station(mosquitto: RunningBroker, tmp_path: Path) -> None:
    args = ["--room", "12", "--kind", "now", "--broker", str(mosquitto.url), "--site", unique_site()]

    result = lantern_call(tmp_path, *args, "--timeout", "0.5")

    assert result.returncode == 1
    assert "no answer from the nurse station yet; still sending" in result.stdout
    assert FALLBACK in result.stdout


def test_bad_arguments_are_refused_in_words(tmp_path: Path) -> None:
    result = lantern_call(tmp_path, "--room", "Mrs Smith", "--broker", "http://x")
    assert result.returncode == 2
    assert "The room 'Mrs Smith' must be 1 to 32 letters, digits, '-' or '_'." in result.stderr


def test_without_a_broker_it_uses_the_embedded_one(
    request: pytest.FixtureRequest, tmp_path: Path, embedded: list[LocalBroker]
) -> None:
    broker = ensure_local_broker(tmp_path)
    embedded.append(broker)
    assert broker.engine == "mosquitto"
    assert ensure_local_broker(tmp_path) == find_local_broker(tmp_path) == broker
    site = unique_site()
    _, seen = start_station(request, tmp_path / "station", broker.url, site)
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")

    result = lantern_call(tmp_path, "--room", "4", "--site", site, "--timeout", "5")

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"using the embedded broker at {broker.url}" in result.stdout


def test_amqtt_is_the_fallback_engine(tmp_path: Path, embedded: list[LocalBroker]) -> None:
    broker = ensure_local_broker(tmp_path, use_mosquitto=False)
    embedded.append(broker)

    assert broker.engine == "amqtt"
    assert ensure_local_broker(tmp_path) == broker
    os.kill(broker.pid, signal.SIGKILL)
    wait_until(lambda: find_local_broker(tmp_path) is None, "the killed broker to be gone")
    replacement = ensure_local_broker(tmp_path)
    embedded.append(replacement)
    assert replacement.pid != broker.pid


def test_it_reads_the_settings_file_like_every_other_command(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    _, seen = start_station(request, tmp_path / "station", mosquitto.url, site, "desk")
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")
    settings = tmp_path / "lantern.toml"
    settings.write_text(f'site = "{site}"\nstations = ["desk"]\n\n[broker]\nurl = "{mosquitto.url}"\n')

    result = lantern_call(tmp_path, "--room", "12", "--timeout", "5", env={"LANTERN_CONFIG": str(settings)})

    assert result.returncode == 0, result.stdout + result.stderr
    assert "the nurse station has the call" in result.stdout


def test_a_password_on_the_command_line_is_refused(tmp_path: Path) -> None:
    result = lantern_call(tmp_path, "--room", "12", "--broker", "mqtts://12:secret@broker.clinic.lan:8883")

    assert result.returncode == 2
    assert "Do not put the broker password on the command line" in result.stderr
    assert "LANTERN_BROKER_PASSWORD" in result.stderr


def test_it_sends_only_the_call_it_makes(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """Two calls nobody answered stay in its outbox; a third, once a station runs, is the only one sent."""
    site = unique_site()
    args = ["--room", "12", "--broker", str(mosquitto.url), "--site", site]
    assert [lantern_call(tmp_path, *args, "--timeout", "0.3").returncode for _ in range(2)] == [1, 1]
    station, seen = start_station(request, tmp_path / "station", mosquitto.url, site)
    seen.wait_for(lambda s: s.broker_connected, "the station to connect")

    assert lantern_call(tmp_path, *args, "--timeout", "5").returncode == 0

    assert len(station.history()) == 1


def test_a_station_that_rings_for_nobody_is_no_receipt(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    _, seen = start_station(request, tmp_path / "station", mosquitto.url, site, rings=False)
    seen.wait_for(lambda s: s.broker_connected, "the headless station to connect")

    result = lantern_call(
        tmp_path, "--room", "12", "--broker", str(mosquitto.url), "--site", site, "--timeout", "1"
    )

    assert result.returncode == 1, result.stdout
    assert "ring for nobody" in result.stdout
    assert FALLBACK in result.stdout
