"""Read-aloud through Qt TextToSpeech (espeak-ng behind speech-dispatcher on a tablet): every language
the engine has a voice for, in a calm voice. Used only inside the speech helper process."""

from __future__ import annotations

import os

from PySide6.QtCore import QLocale, QObject, Signal
from PySide6.QtTextToSpeech import QTextToSpeech

ENGINE_ENV = "QT_TEXTTOSPEECH_ENGINE"
PREFERRED = {
    "es": (QLocale.Country.UnitedStates, QLocale.Country.Mexico, QLocale.Country.LatinAmerica),
    "en": (QLocale.Country.UnitedStates,),
}
"""A US clinic's Spanish speakers mostly hear Latin American Spanish; Spain's voice comes last.
speech-dispatcher offers espeak-ng's Spanish as es_419 (Latin America) and es_ES."""
PREFERRED_VOICES = {"en": "English (America)", "es": "Spanish (Latin America)"}
"""espeak-ng's plain regional voices as speech-dispatcher names them: its first en_US voice is
"English (Caribbean)", and the "+Name" ones are variants."""
CALM_RATE = -0.5
"""Qt's rate runs from -1 to 1. With espeak-ng through speech-dispatcher, a page reads at about 203
words a minute at 0, 166 at -0.3 and 142 at -0.5: slow, for a drowsy listener."""
CALM_PITCH = -0.1


def open_engine() -> QTextToSpeech | None:
    """`QT_TEXTTOSPEECH_ENGINE` when set (tests use Qt's "mock"), else the first engine that starts."""
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


class QtSpeaker(QObject):
    """One Qt engine for all its languages; `speaking` follows the engine's own state."""

    speaking = Signal(bool)

    def __init__(self, engine: QTextToSpeech) -> None:
        super().__init__()
        self.engine = engine
        self.name = engine.engine()
        spoken = {QLocale.languageToCode(locale.language()) for locale in engine.availableLocales()}
        self._locales = {
            language: locale
            for language in sorted(spoken)
            if (locale := locale_for(engine, language)) is not None
        }
        self._speaking = False
        engine.stateChanged.connect(self._state_changed)

    def languages(self) -> set[str]:
        return set(self._locales)

    def say(self, text: str, language: str) -> None:
        locale = self._locales.get(language)
        if locale is None:
            return
        self.engine.setLocale(locale)
        preferred = [
            voice for voice in self.engine.availableVoices() if voice.name() == PREFERRED_VOICES.get(language)
        ]
        if preferred:
            self.engine.setVoice(preferred[0])
        self.engine.say(text)

    def stop(self) -> None:
        self.engine.stop()
        self._state_changed()

    def _state_changed(self) -> None:
        speaking = self.engine.state() == QTextToSpeech.State.Speaking
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking.emit(speaking)
