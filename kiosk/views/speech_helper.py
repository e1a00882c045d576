"""`python -m kiosk.views.speech_helper`: read-aloud in a process of its own.

Speech engines can hang: speech-dispatcher's client blocks inside `spd_open`/`spd_execute_command`,
holding the GIL, when its daemon or its espeak-ng module hangs (it does when no sound server works).
In the kiosk's own process that froze the screen and the help call with it. Here it can only freeze
this process, which the kiosk kills and starts again.

One JSON object per line on stdin (`{"say": TEXT, "language": "en"}`, `{"stop": true}`) and on stdout
(`{"event": "ready", "languages": {"en": true, "es": false}}`, `{"event": "speaking", "on": true}`).
The engine is `QT_TEXTTOSPEECH_ENGINE` when set (tests use Qt's "mock"), else the first that starts.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSocketNotifier
from PySide6.QtTextToSpeech import QTextToSpeech

ENGINE_ENV = "QT_TEXTTOSPEECH_ENGINE"
PREFERRED = {
    "es": (QLocale.Country.UnitedStates, QLocale.Country.Mexico),
    "en": (QLocale.Country.UnitedStates,),
}
"""A US clinic's Spanish speakers mostly hear Latin American Spanish; Spain's voice comes last."""
CALM_RATE = -0.3
"""Qt's rate runs from -1 to 1 (0 is the engine's normal pace, about 175 words a minute for espeak-ng):
slower, for a drowsy listener."""
CALM_PITCH = -0.1


def open_engine() -> QTextToSpeech | None:
    wanted = os.environ.get(ENGINE_ENV, "").strip()
    engines = [wanted] if wanted else [name for name in QTextToSpeech.availableEngines() if name != "mock"]
    for name in engines:
        engine = QTextToSpeech(name)
        if engine.state() != QTextToSpeech.State.Error:
            engine.setRate(CALM_RATE)
            engine.setPitch(CALM_PITCH)
            return engine
        engine.deleteLater()
    return None


def locale_for(engine: QTextToSpeech, language: str) -> QLocale | None:
    """The engine's best locale with a voice for the language, if any."""
    wanted = QLocale(language).language()
    found = [locale for locale in engine.availableLocales() if locale.language() == wanted]
    preferred = PREFERRED.get(language, ())
    found.sort(
        key=lambda locale: preferred.index(locale.territory()) if locale.territory() in preferred else 99
    )
    for locale in found:
        engine.setLocale(locale)
        if engine.availableVoices():
            return locale
    return None


class Helper(QObject):
    def __init__(self, engine: QTextToSpeech) -> None:
        super().__init__()
        self._engine = engine
        spoken = {QLocale.languageToCode(locale.language()) for locale in engine.availableLocales()}
        self._locales = {language: locale_for(engine, language) for language in sorted(spoken)}
        self._speaking = False
        engine.stateChanged.connect(self._state_changed)
        self._input = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, self)
        self._input.activated.connect(self._command)
        say(
            {
                "event": "ready",
                "languages": {language: locale is not None for language, locale in self._locales.items()},
            }
        )

    def _command(self) -> None:
        line = sys.stdin.readline()
        if not line:
            QCoreApplication.quit()
            return
        command: dict[str, Any] = json.loads(line)
        if "say" in command:
            locale = self._locales.get(str(command.get("language")))
            if locale is not None:
                self._engine.setLocale(locale)
                self._engine.say(str(command["say"]))
        elif command.get("stop"):
            self._engine.stop()
            self._state_changed()

    def _state_changed(self) -> None:
        speaking = self._engine.state() == QTextToSpeech.State.Speaking
        if speaking != self._speaking:
            self._speaking = speaking
            say({"event": "speaking", "on": speaking})


def say(event: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    engine = open_engine()
    if engine is None:
        say({"event": "ready", "languages": {}})
        return 0
    _helper = Helper(engine)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
