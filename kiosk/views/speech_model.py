"""`Speech` in QML: read the page aloud through the speech helper process, never on this thread.

The engine runs in `python -m kiosk.views.speech_helper`, talked to over a pipe with QProcess, which
never blocks: a speech engine that hangs (speech-dispatcher with no working sound server does) can
freeze only the helper. A helper that does not answer in time is killed and started again later;
meanwhile the button is left out. The kiosk starts without waiting for it, and "Stop reading" shows
only while the helper says speech really plays. Piper voices configured for some languages are handed
to the helper; one it cannot use is reported in the log for staff, and that language reads with espeak-ng.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QObject, QProcess, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton, QQmlEngine

from kiosk.views import qml_module

QML_IMPORT_NAME = "Lantern"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

START_WITHIN_MS = 10_000
ANSWER_WITHIN_MS = 5_000
RESTART_AFTER_MS = 60_000


@QmlNamedElement("Speech")
@QmlSingleton
class SpeechModel(QObject):  # type: ignore[operator]  # PySide6's stub: QmlNamedElement is a decorator factory
    """`Speech` in QML."""

    changed = Signal()

    def __init__(
        self,
        page_text: Callable[[], str],
        paced: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
        voices: Mapping[str, Path] | None = None,
    ) -> None:
        super().__init__(parent)
        self._page_text = page_text
        self._voices = dict(voices or {})
        self._paced = paced
        self._guiding = False
        self._language = "en"
        self._languages: dict[str, bool] = {}
        self._speaking = False
        self._closing = False
        self._process = QProcess(self)
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self._process.readyReadStandardOutput.connect(self._read)
        self._process.finished.connect(self._ended)
        self._process.errorOccurred.connect(self._ended)
        self._answer = QTimer(self, singleShot=True)
        self._answer.timeout.connect(self._hung)
        self._restart = QTimer(self, singleShot=True, interval=RESTART_AFTER_MS)
        self._restart.timeout.connect(self.start)

    @staticmethod
    def create(engine: QQmlEngine) -> SpeechModel:
        return qml_module.instance(SpeechModel, engine)

    def start(self) -> None:
        """Start the helper; its answer comes later, and the kiosk does not wait for it."""
        voices = [f"--voice={language}={path}" for language, path in sorted(self._voices.items())]
        self._process.start(sys.executable, ["-m", "kiosk.views.speech_helper", *voices])
        self._answer.start(START_WITHIN_MS)

    def close(self) -> None:
        """SIGKILL, which a hung engine cannot ignore, then a short wait for the kernel to reap it."""
        self._closing = True
        self._answer.stop()
        self._restart.stop()
        self._process.kill()
        self._process.waitForFinished(1000)

    def set_language(self, language: str) -> None:
        """A voice for the language, or the button hides rather than reading in the wrong one."""
        self.stop()
        self._language = language
        self.changed.emit()

    @Slot()
    def toggle(self) -> None:
        if self._speaking or self._guiding:
            self.stop()
        elif self._available():
            self._say(self._page_text())
            self._set_guiding(self._paced())

    @Slot(str)
    def cue(self, words: str) -> None:
        """A breath's words, spoken in time with the pacer once the patient asked for the voice; a cue
        that comes while the page is still being read is left out rather than cutting it off."""
        if self._guiding and not self._speaking and self._available():
            self._say(words)

    def _say(self, words: str) -> None:
        """The helper answers "speaking" soon, or it is taken as hung."""
        self._send({"say": words, "language": self._language})
        self._answer.start(ANSWER_WITHIN_MS)

    @Slot()
    def stop(self) -> None:
        if self._speaking:
            self._send({"stop": True})
            self._set_speaking(False)
        self._set_guiding(False)

    def _set_guiding(self, guiding: bool) -> None:
        if guiding != self._guiding:
            self._guiding = guiding
            self.changed.emit()

    def _available(self) -> bool:
        return (
            self._languages.get(self._language, False)
            and self._process.state() is QProcess.ProcessState.Running
        )

    def _send(self, command: dict[str, object]) -> None:
        self._process.write((json.dumps(command) + "\n").encode())

    def _read(self) -> None:
        while self._process.canReadLine():
            line = bytes(self._process.readLine().data()).decode(errors="replace").strip()
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "ready":
                self._answer.stop()
                self._languages = {
                    str(name): bool(ok) for name, ok in dict(event.get("languages", {})).items()
                }
                self._log_ready(event)
                self.changed.emit()
            elif event.get("event") == "speaking":
                self._answer.stop()
                self._set_speaking(bool(event.get("on")))

    def _log_ready(self, event: dict[str, Any]) -> None:
        engines = dict(event.get("engines") or {})
        log.info(
            "Read aloud is ready for %s",
            ", ".join(f"{name} ({engines.get(name, '?')})" for name, ok in self._languages.items() if ok)
            or "no language",
        )
        for language, why in dict(event.get("fallbacks") or {}).items():
            log.warning("The Piper voice for %s is not used, so espeak-ng reads it: %s", language, why)

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.changed.emit()

    def _hung(self) -> None:
        log.warning("The speech helper did not answer in time; read aloud is off and it starts again later")
        self._process.kill()

    def _ended(self) -> None:
        if self._closing or self._process.state() is not QProcess.ProcessState.NotRunning:
            return
        self._answer.stop()
        self._languages = {}
        self._set_speaking(False)
        self._set_guiding(False)
        self.changed.emit()
        self._restart.start()

    @Property(bool, notify=changed)
    def present(self) -> bool:
        """A voice exists in some language: without one the button is left out, not just hidden."""
        return any(self._languages.values())

    @Property(bool, notify=changed)
    def available(self) -> bool:
        return self._available()

    @Property(bool, notify=changed)
    def speaking(self) -> bool:
        return self._speaking

    @Property(bool, notify=changed)
    def on(self) -> bool:
        """Speaking, or waiting to speak the pacer's next breath: the button offers to stop."""
        return self._speaking or self._guiding
