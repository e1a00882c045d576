"""Write the console's alert sounds as 16-bit PCM WAV files, so every sound Lantern makes is its own.

In the spirit of IEC 60601-1-8: a medium-priority call is a burst of 3 pulses, a high-priority call a
burst of 3 + 2 faster pulses; the tone has a few harmonics so staff can tell where it comes from, and
soft edges so it never clicks. A tablet that goes offline gets a gentle falling two-note chime instead,
so nobody mistakes it for a patient's call, and a call left "on the way" too long one single soft
chime, quieter still, since it only asks. Run `python -m kiosk.console.sounds.make_sounds` after a
change and commit the WAV files; the tests check that the committed files match this script.
"""

from __future__ import annotations

import argparse
import math
import struct
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

RATE = 22_050
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Note:
    """One tone: its pitch, length, harmonic strengths and edges; `decay_s` makes a chime ring out."""

    hz: float
    seconds: float
    harmonics: tuple[float, ...] = (1.0, 0.5, 0.35, 0.2)
    attack_s: float = 0.02
    release_s: float = 0.03
    decay_s: float | None = None


def pulse(hz: float) -> Note:
    """A 150 ms alarm pulse (IEC 60601-1-8 asks for 75–200 ms, rise time 10–20 % of it)."""
    return Note(hz, 0.15)


def chime(hz: float) -> Note:
    """A soft bell-like note: fewer harmonics, a slow exponential fade."""
    return Note(hz, 0.45, harmonics=(1.0, 0.25, 0.08), attack_s=0.01, release_s=0.08, decay_s=0.18)


# (note, silence after it in seconds), in order.
Pattern = Sequence[tuple[Note, float]]

MEDIUM: Pattern = [(pulse(523.25), 0.2), (pulse(523.25), 0.2), (pulse(523.25), 0.0)]
_HIGH_GAP = 0.1
HIGH: Pattern = [
    (pulse(659.25), _HIGH_GAP),
    (pulse(659.25), _HIGH_GAP),
    (pulse(659.25), 2 * _HIGH_GAP + 0.15),
    (pulse(659.25), _HIGH_GAP),
    (pulse(659.25), 0.0),
]
OFFLINE: Pattern = [(chime(783.99), 0.05), (chime(587.33), 0.0)]
REMINDER: Pattern = [(chime(659.25), 0.0)]

SOUNDS: dict[str, tuple[Pattern, float]] = {
    "check.wav": (MEDIUM, 0.5),
    "now.wav": (HIGH, 0.55),
    "offline.wav": (OFFLINE, 0.35),
    "reminder.wav": (REMINDER, 0.25),
}


def render(pattern: Pattern, peak: float) -> list[int]:
    """Samples of a whole pattern, with a short silence at the end so players never cut the tail."""
    samples: list[float] = []
    for note, gap in pattern:
        samples += _note(note)
        samples += [0.0] * round(gap * RATE)
    samples += [0.0] * round(0.05 * RATE)
    loudest = max(abs(sample) for sample in samples)
    return [round(sample / loudest * peak * 32767) for sample in samples]


def _note(note: Note) -> list[float]:
    count = round(note.seconds * RATE)
    total = sum(note.harmonics)
    out = []
    for i in range(count):
        t = i / RATE
        tone = sum(
            strength * math.sin(2 * math.pi * note.hz * (n + 1) * t)
            for n, strength in enumerate(note.harmonics)
        )
        out.append(tone / total * _envelope(note, t))
    return out


def _envelope(note: Note, t: float) -> float:
    """Raised-cosine edges (no clicks) and, for a chime, an exponential fade."""
    edge = 1.0
    if t < note.attack_s:
        edge = 0.5 - 0.5 * math.cos(math.pi * t / note.attack_s)
    left = note.seconds - t
    if left < note.release_s:
        edge = min(edge, 0.5 - 0.5 * math.cos(math.pi * max(left, 0.0) / note.release_s))
    fade = math.exp(-t / note.decay_s) if note.decay_s else 1.0
    return edge * fade


def write_wav(path: Path, samples: list[int]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=HERE, help="default: next to this script")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (pattern, peak) in SOUNDS.items():
        write_wav(args.out / name, render(pattern, peak))
        print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
