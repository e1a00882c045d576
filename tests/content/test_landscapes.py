"""The pictures are the project's own: painted by assets/make_landscapes.py, the same from the same seed, and small."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (ROOT / "assets", ROOT / "kiosk" / "content" / "builtin" / "assets")


@pytest.fixture(scope="module")
def painter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_landscapes", ROOT / "assets" / "make_landscapes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_the_painter_gives_the_same_picture_every_time_and_a_different_one_per_scene(
    painter: ModuleType,
) -> None:
    """Painted small, so the check is quick; the full size runs the same code on a finer canvas."""
    small = {name: np.asarray(painter.paint(name, 96, 54)) for name in painter.PICTURES}
    assert all(np.array_equal(small[name], np.asarray(painter.paint(name, 96, 54))) for name in small)
    assert len({picture.tobytes() for picture in small.values()}) == len(small)


@pytest.mark.parametrize("folder", SHIPPED, ids=["assets", "built-in"])
def test_every_shipped_picture_is_painted_1920_wide_small_and_never_near_white(
    painter: ModuleType, folder: Path
) -> None:
    total = 0
    for name in painter.PICTURES:
        path = folder / f"{name}.jpg"
        total += path.stat().st_size
        with Image.open(path) as picture:
            assert picture.size == (1920, 1080), name
            assert path.stat().st_size < 200_000, name
            assert np.mean(np.asarray(picture)) / 255 < 0.75, name
    assert total < 2_000_000
    assert (SHIPPED[0] / "day-hills.jpg").read_bytes() == (SHIPPED[1] / "day-hills.jpg").read_bytes()
