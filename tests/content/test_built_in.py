"""Lantern's built-in content is its own packaged copy, so a nurse's broken edit never leaves a kiosk blank."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from kiosk.content.check import check_content
from kiosk.content.source import built_in_content_path
from tests.content.conftest import REAL_CONTENT, REPO
from tests.fixtures.broker import RunningBroker
from tests.fixtures.kiosk_process import start_kiosk


def test_the_built_in_content_is_inside_the_package_and_not_the_file_a_nurse_edits() -> None:
    built_in = built_in_content_path()

    assert built_in.resolve() != REAL_CONTENT.resolve()
    assert built_in.is_relative_to(Path(__file__).resolve().parents[2] / "kiosk")
    result = check_content(built_in)
    assert result.content is not None, result.problems


def test_the_built_in_copy_is_the_content_lantern_ships() -> None:
    """The copy follows the example at the top of the repository; update both together."""
    built_in = built_in_content_path()
    assert built_in.read_bytes() == REAL_CONTENT.read_bytes(), (
        "kiosk/content/builtin/content.yaml differs from content.yaml: copy content.yaml over it"
    )
    for picture in (REPO / "assets").glob("*.jpg"):
        assert (built_in.parent / "assets" / picture.name).read_bytes() == picture.read_bytes(), picture.name


@pytest.mark.timeout(90)
def test_a_fresh_kiosk_with_a_broken_file_starts_on_the_built_in_content(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> None:
    broken = tmp_path / "content.yaml"
    broken.write_text(REAL_CONTENT.read_text(encoding="utf-8").replace("version: 1", "version: 1\n  oops"))
    shutil.copytree(REAL_CONTENT.parent / "assets", tmp_path / "assets")
    kiosk = start_kiosk(request, tmp_path / "data", mosquitto, "--content", str(broken))

    text = kiosk.log.read_text()
    assert f"Showing Lantern's built-in content from {built_in_content_path().parent}" in text
    assert f"{broken} does not pass the check (1 problem)" in text
    assert "Traceback" not in text
    kiosk.process.send_signal(signal.SIGTERM)
    assert kiosk.process.wait(timeout=20) == 0
