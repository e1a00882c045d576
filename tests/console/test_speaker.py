"""The PC's own sound at the console: no device, muted or turned down shows instead of "sound on",
and the `[station] volume_percent` setting is how loud the sounds reach the speaker.

The PulseAudio here is the tests' own null sink (conftest.py); each test puts it back as it was.
"""

from __future__ import annotations

import array
import json
import subprocess
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtMultimedia import QSoundEffect
from pytestqt.qtbot import QtBot

from kiosk.console.console import Console
from kiosk.console.sound import SOUNDS_DIR
from kiosk.console.speaker import Output, pulse_output
from kiosk.station.ringing import Sound
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, unique_site

WAIT_MS = int(WAIT_S * 1000)
SINK = "@DEFAULT_SINK@"
pytestmark = OFFSCREEN_ONLY_WARNING


def pactl(*args: str) -> None:
    subprocess.run(["pactl", *args], check=True, capture_output=True, timeout=WAIT_S)


@pytest.fixture
def sink() -> Iterator[None]:
    """The null sink unmuted at full volume again after the test, whatever the test did to it."""
    yield
    pactl("set-sink-mute", SINK, "0")
    pactl("set-sink-volume", SINK, "100%")


def sound_on(console: Console) -> bool:
    return " · sound on" in console.window.footer.text() and not console.window.banner.isVisible()


@pytest.mark.usefixtures("sink")
def test_a_muted_pc_shows_instead_of_sound_on_until_it_is_unmuted(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    console = make_console(mosquitto, unique_site())
    qtbot.waitUntil(lambda: sound_on(console), timeout=WAIT_MS)

    pactl("set-sink-mute", SINK, "1")

    qtbot.waitUntil(lambda: " · SOUND MUTED on this PC" in console.window.footer.text(), timeout=WAIT_MS)
    assert console.window.banner.isVisible()
    assert console.window.banner.text() == "SOUND MUTED on this PC: unmute it, or calls ring for nobody."
    pactl("set-sink-mute", SINK, "0")
    qtbot.waitUntil(lambda: sound_on(console), timeout=WAIT_MS)


@pytest.mark.usefixtures("sink")
def test_a_pc_turned_down_when_the_console_starts_shows_it_at_once(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    pactl("set-sink-volume", SINK, "5%")

    console = make_console(mosquitto, unique_site())

    qtbot.waitUntil(lambda: " · sound quiet (volume 5 %)" in console.window.footer.text(), timeout=WAIT_MS)
    assert console.window.banner.text() == (
        "Sound quiet on this PC (volume 5 %): turn it up, or calls may go unheard."
    )
    pactl("set-sink-volume", SINK, "20%")
    qtbot.waitUntil(lambda: sound_on(console), timeout=WAIT_MS)


def test_the_volume_setting_is_how_loud_the_sounds_reach_the_speaker(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, tmp_path: Path
) -> None:
    console = make_console(mosquitto, unique_site(), volume_percent=40)
    qtbot.waitUntil(lambda: console.player.ready, timeout=WAIT_MS)
    effects = console.player.findChildren(QSoundEffect)
    assert effects and all(effect.volume() == pytest.approx(0.4) for effect in effects)
    check = next(effect for effect in effects if effect.source().fileName() == "check.wav")
    qtbot.waitUntil(lambda: not any(effect.isPlaying() for effect in effects), timeout=WAIT_MS)

    with monitor(qtbot, tmp_path / "heard.raw") as heard:
        console.player.play([Sound.CHECK])
        qtbot.waitUntil(check.isPlaying, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not check.isPlaying(), timeout=WAIT_MS)

    assert peak(heard.read_bytes()) == pytest.approx(
        0.4 * peak(wav_samples(SOUNDS_DIR / "check.wav")), rel=0.05
    )


RATE = 22050
"""The sound files' own rate, so the recording needs no resampling."""


@contextmanager
def monitor(qtbot: QtBot, path: Path) -> Iterator[Path]:
    """What reaches the null sink while the block runs, recorded from its monitor by parec, plus 0.2 s
    more so the end of a sound is in the file."""
    args = ["--device=lantern_null.monitor", "--raw", "--format=s16le", "--channels=1", f"--rate={RATE}"]
    args.append("--latency-msec=20")  # else the null sink hands over its sound in 2 s blocks
    with path.open("wb") as out:
        recorder = subprocess.Popen(["parec", *args], stdout=out)
    try:
        qtbot.waitUntil(lambda: path.stat().st_size > 0, timeout=WAIT_MS)
        yield path
        tail = path.stat().st_size + 2 * RATE // 5
        qtbot.waitUntil(lambda: path.stat().st_size >= tail, timeout=WAIT_MS)
    finally:
        recorder.terminate()
        recorder.wait(timeout=WAIT_S)


def wav_samples(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        assert wav.getframerate() == RATE
        return wav.readframes(wav.getnframes())


def peak(raw: bytes) -> int:
    samples = array.array("h")
    samples.frombytes(raw[: len(raw) // 2 * 2])
    return max(abs(sample) for sample in samples)


def test_a_pc_without_an_audio_device_shows_no_sound_until_one_comes(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    console = make_console(mosquitto, unique_site())
    qtbot.waitUntil(lambda: sound_on(console), timeout=WAIT_MS)

    pactl("unload-module", "module-null-sink")
    try:
        qtbot.waitUntil(
            lambda: " · NO SOUND: no audio device" in console.window.footer.text(), timeout=WAIT_MS
        )
        assert console.window.banner.text().startswith("NO SOUND: this PC has no audio device.")
    finally:
        pactl("load-module", "module-null-sink", "sink_name=lantern_null")
    qtbot.waitUntil(lambda: sound_on(console), timeout=WAIT_MS)


def test_the_sink_qt_plays_to_is_the_one_read() -> None:
    def sink(name: str, mute: bool, percent: int) -> dict[str, object]:
        level = {"value_percent": f"{percent}%"}
        return {"name": name, "mute": mute, "volume": {"front-left": level, "front-right": level}}

    two = json.dumps([sink("hdmi", True, 100), sink("speakers", False, 35)]).encode()

    assert pulse_output(two, "speakers") == Output(present=True, muted=False, volume_percent=35)
    assert pulse_output(two, "headphones") is None  # which one plays is not known: no guess
    assert pulse_output(b"[]", "speakers") == Output(present=False)
