"""`python -m kiosk.views.speech_helper [--voice en=/path/en_US-….onnx …]`: read-aloud in a process of its own.

Speech engines can hang: speech-dispatcher's client blocks inside `spd_open`/`spd_execute_command`,
holding the GIL, when its daemon or its espeak-ng module hangs (it does when no sound server works).
In the kiosk's own process that froze the screen and the help call with it. Here it can only freeze
this process, which the kiosk kills and starts again.

Each language speaks with its Piper voice when one is configured and loads, else with Qt's engine.
One JSON object per line on stdin (`{"say": TEXT, "language": "en"}`, `{"stop": true}`) and on stdout:
`{"event": "ready", "languages": {"en": true, "es": false}, "engines": {"en": "piper"},
"fallbacks": {"es": "why its Piper voice is not used"}}`, then `{"event": "speaking", "on": true}`.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, SignalInstance

from kiosk.views.piper_speaker import PiperSpeaker, UnusableVoiceError, load_voice
from kiosk.views.qt_speaker import QtSpeaker, open_engine


class Speaker(Protocol):
    """What the helper needs of an engine."""

    name: str
    speaking: SignalInstance

    def languages(self) -> set[str]: ...
    def say(self, text: str, language: str) -> None: ...
    def stop(self) -> None: ...


class Helper(QObject):
    def __init__(self, speakers: dict[str, Speaker], fallbacks: dict[str, str]) -> None:
        super().__init__()
        self._speakers = speakers
        self._speaking: set[Speaker] = set()
        for speaker in set(speakers.values()):
            speaker.speaking.connect(functools.partial(self._speaking_changed, speaker))
        self._input = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, self)
        self._input.activated.connect(self._command)
        say(
            {
                "event": "ready",
                "languages": {language: True for language in sorted(speakers)},
                "engines": {language: speaker.name for language, speaker in sorted(speakers.items())},
                "fallbacks": fallbacks,
            }
        )

    def _command(self) -> None:
        line = sys.stdin.readline()
        if not line:
            QCoreApplication.quit()
            return
        command: dict[str, Any] = json.loads(line)
        if "say" in command:
            speaker = self._speakers.get(str(command.get("language")))
            if speaker is not None:
                self._stop_all(but=speaker)
                speaker.say(str(command["say"]), str(command["language"]))
        elif command.get("stop"):
            self._stop_all()

    def _stop_all(self, but: Speaker | None = None) -> None:
        for speaker in self._speakers.values():
            if speaker is not but:
                speaker.stop()

    def _speaking_changed(self, speaker: Speaker, on: bool) -> None:
        was = bool(self._speaking)
        (self._speaking.add if on else self._speaking.discard)(speaker)
        if bool(self._speaking) != was:
            say({"event": "speaking", "on": not was})


def piper_speakers(voices: dict[str, Path]) -> tuple[dict[str, Speaker], dict[str, str]]:
    """A speaker for each configured voice that loads; for the others, why not."""
    speakers: dict[str, Speaker] = {}
    fallbacks: dict[str, str] = {}
    for language, model in voices.items():
        try:
            speakers[language] = PiperSpeaker(load_voice(model), language)
        except UnusableVoiceError as error:
            fallbacks[language] = str(error)
    return speakers, fallbacks


def say(event: dict[str, object]) -> None:
    """One event to the kiosk; if the kiosk has gone (its end of the pipe closed), the helper goes too."""
    try:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        os._exit(0)


def voice_setting(written: str) -> tuple[str, Path]:
    language, _, path = written.partition("=")
    return language, Path(path)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.views.speech_helper")
    parser.add_argument(
        "--voice", type=voice_setting, action="append", default=[], help="LANGUAGE=MODEL.onnx"
    )
    args = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    speakers, fallbacks = piper_speakers(dict(args.voice))
    engine = open_engine()
    if engine is not None:
        qt = QtSpeaker(engine)
        speakers = {language: qt for language in qt.languages()} | speakers
    _helper = Helper(speakers, fallbacks)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
