"""`Speech` in QML: read the page aloud where a speech engine has a voice for the language, else hide.

The engine is `QT_TEXTTOSPEECH_ENGINE` when set (tests use Qt's "mock"), else the first one that
starts; an engine that fails, or has no voice for the patient's language, hides the button.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import Property, QLocale, QObject, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine
from PySide6.QtTextToSpeech import QTextToSpeech

from kiosk.views import qml_module

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

ENGINE_ENV = "QT_TEXTTOSPEECH_ENGINE"
_LOCALES = {"en": QLocale.Language.English, "es": QLocale.Language.Spanish}


def open_engine() -> QTextToSpeech | None:
    """A working speech engine, or None when this machine has none."""
    wanted = os.environ.get(ENGINE_ENV, "").strip()
    engines = [wanted] if wanted else [name for name in QTextToSpeech.availableEngines() if name != "mock"]
    for name in engines:
        engine = QTextToSpeech(name)
        if engine.state() != QTextToSpeech.State.Error:
            return engine
        log.info("Speech engine %r is not usable: %s", name, engine.errorString())
        engine.deleteLater()
    return None


@QmlNamedElement("Speech")
@QmlSingleton
class SpeechModel(QObject):  # type: ignore[operator]  # PySide6\'s stub: QmlNamedElement is a decorator factory
    """`Speech` in QML."""

    changed = Signal()

    def __init__(
        self, engine: QTextToSpeech | None, page_text: Callable[[], str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._page_text = page_text
        self._language = "en"
        self._available = False
        self._present = False
        if engine is not None:
            engine.setParent(self)
            engine.stateChanged.connect(self.changed)
            self._present = any(self._choose_locale(language) for language in _LOCALES.values())
        self.set_language("en")

    @staticmethod
    def create(engine: QQmlEngine) -> SpeechModel:
        return qml_module.instance(SpeechModel, engine)

    def set_language(self, language: str) -> None:
        """Pick a voice for the language; without one the button hides rather than reading in the wrong one."""
        self.stop()
        self._language = language
        self._available = self._engine is not None and self._choose_locale(_LOCALES[language])
        self.changed.emit()

    @Slot()
    def toggle(self) -> None:
        if self.speaking:
            self.stop()
        elif self._available and self._engine is not None:
            self._engine.say(self._page_text())

    @Slot()
    def stop(self) -> None:
        if self._engine is not None and self._engine.state() != QTextToSpeech.State.Ready:
            self._engine.stop()

    def _choose_locale(self, language: QLocale.Language) -> bool:
        assert self._engine is not None
        for locale in self._engine.availableLocales():
            if locale.language() == language:
                self._engine.setLocale(locale)
                return bool(self._engine.availableVoices())
        return False

    @Property(bool, notify=changed)
    def present(self) -> bool:
        """A voice exists in some language: without one the button is left out, not just hidden."""
        return self._present

    @Property(bool, notify=changed)
    def available(self) -> bool:
        return self._available

    @Property(bool, notify=changed)
    def speaking(self) -> bool:
        return self._engine is not None and self._engine.state() == QTextToSpeech.State.Speaking
