"""`[station] volume_percent`: how loud the console rings, with a floor no setting can go below."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.deployment import Deployment, DeploymentError, check_deployment


def station_file(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "lantern.toml"
    path.write_text(f'site = "clinic"\n\n[station]\nid = "desk"\n{line}\n', encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DeploymentError) as raised:
        check_deployment(path, file="lantern.toml")
    return [str(problem) for problem in raised.value.problems]


def test_full_volume_unless_set() -> None:
    assert Deployment().station.volume_percent == 100


@pytest.mark.parametrize("percent", [20, 55, 100])
def test_any_volume_from_the_floor_to_full(tmp_path: Path, percent: int) -> None:
    deployment = check_deployment(station_file(tmp_path, f"volume_percent = {percent}"), file="lantern.toml")

    assert deployment.station.volume_percent == percent


def test_below_the_floor_or_above_full_is_refused_at_its_line(tmp_path: Path) -> None:
    assert problems(station_file(tmp_path, "volume_percent = 19")) == [
        "lantern.toml:5:18: This number is too small: it must be at least 20."
    ]
    assert problems(station_file(tmp_path, "volume_percent = 0")) == [
        "lantern.toml:5:18: This number is too small: it must be at least 20."
    ]
    assert problems(station_file(tmp_path, "volume_percent = 101")) == [
        "lantern.toml:5:18: This number is too large: it must be at most 100."
    ]
