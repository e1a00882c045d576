"""The committed alert sounds are what the script makes, with the pulse patterns staff learn."""

from __future__ import annotations

import itertools
import wave
from pathlib import Path

import pytest

from kiosk.console.sound import SOUNDS_DIR
from kiosk.console.sounds import make_sounds


def samples(path: Path) -> list[int]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, make_sounds.RATE)
        raw = wav.readframes(wav.getnframes())
    return [int.from_bytes(raw[i : i + 2], "little", signed=True) for i in range(0, len(raw), 2)]


def bursts(values: list[int]) -> list[tuple[float, float]]:
    """(start, length) in seconds of each stretch louder than a tenth of the peak, 10 ms windows."""
    window = make_sounds.RATE // 100
    peak = max(abs(v) for v in values)
    loud = [max(abs(v) for v in values[i : i + window]) > peak / 10 for i in range(0, len(values), window)]
    found: list[tuple[float, float]] = []
    start = None
    for index, on in enumerate([*loud, False]):
        if on and start is None:
            start = index
        elif not on and start is not None:
            found.append((start / 100, (index - start) / 100))
            start = None
    return found


def test_the_committed_files_are_what_the_script_makes(tmp_path: Path) -> None:
    make_sounds.main(["--out", str(tmp_path)])

    for name in make_sounds.SOUNDS:
        made, committed = samples(tmp_path / name), samples(SOUNDS_DIR / name)
        assert len(made) == len(committed)
        assert max(abs(a - b) for a, b in zip(made, committed, strict=True)) <= 1


@pytest.mark.parametrize(
    ("name", "pulses", "gaps"), [("check.wav", 3, [0.2, 0.2]), ("now.wav", 5, [0.1, 0.1, 0.35, 0.1])]
)
def test_medium_is_three_pulses_and_high_is_three_plus_two(name: str, pulses: int, gaps: list[float]) -> None:
    found = bursts(samples(SOUNDS_DIR / name))

    assert len(found) == pulses
    assert all(0.11 <= length <= 0.17 for _, length in found)
    measured = [round(b[0] - (a[0] + a[1]), 2) for a, b in itertools.pairwise(found)]
    assert measured == pytest.approx(gaps, abs=0.04)


def test_sounds_start_and_end_softly_and_stay_below_full_scale() -> None:
    for name in make_sounds.SOUNDS:
        values = samples(SOUNDS_DIR / name)
        assert abs(values[0]) < 200 and abs(values[-1]) < 200
        assert max(abs(v) for v in values) <= 0.6 * 32767
        attack = values[: make_sounds.RATE // 500]  # the first 2 ms rise softly: no click
        assert max(abs(v) for v in attack) < 0.2 * max(abs(v) for v in values)


def test_the_offline_chime_is_two_notes_not_a_pulse_train() -> None:
    found = bursts(samples(SOUNDS_DIR / "offline.wav"))

    assert len(found) == 2 and all(length >= 0.2 for _, length in found)
