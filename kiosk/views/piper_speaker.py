"""Read-aloud in a Piper neural voice the clinic installed (an `.onnx` model and its `.onnx.json`).
Used only inside the speech helper process.

Piper turns each sentence into PCM on a worker thread (onnxruntime lets go of the GIL while it runs),
and `paplay` plays it as it comes: the first sentence sounds after a fraction of a second, the
helper's loop stays free to hear "stop", and a stop is one SIGKILL of the player, which ends the sound
at once whatever the sound server does; a hung sound server hangs only that child.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from piper import PiperVoice

CALM_LENGTH_SCALE = 1.35
"""Piper's phoneme lengths: above 1 is slower. With en_US-joe-medium a page reads at about 148 words
a minute with the pauses below, against 245 at 1 without them."""
SENTENCE_PAUSE_S = 0.6
"""Silence after each sentence, a breath between ideas."""
VOLUME = 0.8
"""Softer than Piper's full-scale normalised output."""


class UnusableVoiceError(Exception):
    """Why a configured Piper voice cannot be used; for staff, in the log."""


def player_command(sample_rate: int) -> list[str]:
    """`paplay` (PulseAudio, or PipeWire's pulse server) reading raw 16-bit mono PCM from stdin."""
    paplay = shutil.which("paplay")
    if paplay is None:
        raise UnusableVoiceError("paplay is not installed (apt-get install pulseaudio-utils)")
    return [
        paplay,
        "--raw",
        "--format=s16le",
        f"--rate={sample_rate}",
        "--channels=1",
        "--client-name=Lantern",
    ]


def load_voice(model: Path) -> PiperVoice:
    """The voice in `model`, or UnusableVoiceError saying why not (no piper-tts, no file, a broken one)."""
    try:
        from piper import PiperVoice
    except ImportError:
        raise UnusableVoiceError("piper-tts is not installed (pip install 'lantern-kiosk[voice]')") from None
    for needed in (model, model.with_name(model.name + ".json")):
        if not needed.is_file():
            raise UnusableVoiceError(f"{needed} does not exist")
    try:
        return PiperVoice.load(model)
    except Exception as error:  # onnxruntime and json raise many kinds for a damaged file
        raise UnusableVoiceError(f"{model} cannot be loaded: {error}") from None


class PiperSpeaker(QObject):
    """One Piper voice for one language."""

    speaking = Signal(bool)
    _played = Signal(int, bool)
    """From the worker thread: run number, and whether sound now plays (True) or has ended (False)."""

    def __init__(self, voice: PiperVoice, language: str) -> None:
        super().__init__()
        self.name = "piper"
        self._voice = voice
        self._language = language
        self._command = player_command(voice.config.sample_rate)
        self._run = 0
        self._player: subprocess.Popen[bytes] | None = None
        self._speaking = False
        self._played.connect(self._on_played)

    def languages(self) -> set[str]:
        return {self._language}

    def say(self, text: str, language: str) -> None:
        self.stop()
        self._run += 1
        player = subprocess.Popen(
            self._command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._player = player
        threading.Thread(target=self._play, args=(self._run, text, player), daemon=True).start()

    def stop(self) -> None:
        """SIGKILL the player: the sound ends now, and the worker's next write fails and ends it too."""
        self._run += 1
        if self._player is not None:
            self._player.kill()
            self._player.wait()
            self._player = None
        self._set_speaking(False)

    def _play(self, run: int, text: str, player: subprocess.Popen[bytes]) -> None:
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=CALM_LENGTH_SCALE, volume=VOLUME)
        pause = bytes(2 * int(self._voice.config.sample_rate * SENTENCE_PAUSE_S))
        stdin: IO[bytes] | None = player.stdin
        assert stdin is not None
        try:
            for number, chunk in enumerate(self._voice.synthesize(text, config)):
                stdin.write(chunk.audio_int16_bytes + pause)
                stdin.flush()
                if number == 0:
                    self._played.emit(run, True)
        except OSError:  # the player was killed by a stop, or died
            pass
        finally:
            with contextlib.suppress(OSError):
                stdin.close()  # the player plays what it has, then ends
            player.wait()
            self._played.emit(run, False)

    def _on_played(self, run: int, playing: bool) -> None:
        if run == self._run:
            self._set_speaking(playing)

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking.emit(speaking)
