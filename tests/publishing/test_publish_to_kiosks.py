"""`lantern content publish` at the station reaches three real kiosk processes on a real Mosquitto:
it ends with 0 once every online room shows the new version, and a kiosk started later gets it too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.broker import RunningBroker
from tests.fixtures.kiosk_process import start_kiosk
from tests.helpcall.support import REPO, wait_until

from .test_publish import NEW_PHONE, content_folder, new_phone

SETTINGS = 'site = "clinic"\nstations = ["desk"]\n[station]\nid = "desk"\n'


def lantern(tmp_path: Path, broker: RunningBroker, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "content", "--broker", str(broker.url), *arguments],
        cwd=REPO,
        env={
            "LANTERN_DATA_DIR": str(tmp_path / "station"),
            "LANTERN_CONFIG": str(tmp_path / "lantern.toml"),
            "PATH": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.timeout(180)
def test_a_publish_reaches_three_kiosks_and_one_started_later(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> None:
    (tmp_path / "lantern.toml").write_text(SETTINGS, encoding="utf-8")
    config = ("--config", str(tmp_path / "lantern.toml"))
    kiosks = {
        room: start_kiosk(request, tmp_path / f"kiosk-{room}", mosquitto, *config, room=room)
        for room in ("11", "12", "14")
    }

    published = lantern(tmp_path, mosquitto, "publish", str(content_folder(tmp_path, "edited", new_phone)))

    assert published.returncode == 0, published.stdout + published.stderr
    assert sorted(published.stdout.splitlines()) == [
        f"room {room}: shows version 1" for room in ("11", "12", "14")
    ]
    for room, kiosk in kiosks.items():
        shown = tmp_path / f"kiosk-{room}" / "published" / "sets" / "v1" / "content.yaml"
        assert NEW_PHONE in shown.read_text(encoding="utf-8")
        wait_until(
            lambda kiosk=kiosk, shown=shown: f"Showing the content of {shown}" in kiosk.log.read_text(),
            f"room {room}",
        )
    late = start_kiosk(request, tmp_path / "kiosk-15", mosquitto, *config, room="15")
    wait_until(
        lambda: "published/sets/v1/content.yaml" in late.log.read_text(), "the late kiosk to show version 1"
    )
    versions = lantern(tmp_path, mosquitto, "versions")
    assert "   1  " in versions.stdout and "from desk  First version." in versions.stdout
