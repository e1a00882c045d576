"""Plays the console's WAV files with QSoundEffect, one after another, and says so when it cannot.

If the audio device fails the console still shows every call and its ring state; staff are told in
words that the sound is not working, because a silent console must never look like a quiet ward.

Players live as long as the program (`shared_player`): a QSoundEffect deleted while it plays on the
audio thread crashes the program (seen with Qt 6.11 as a segmentation fault when a console closed
during a chime, and with 6.12 as a socket notifier spinning the GUI thread).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtMultimedia import QSoundEffect

from kiosk.station.ringing import Sound

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parent / "sounds"


@cache
def shared_player(folder: Path = SOUNDS_DIR) -> SoundPlayer:
    """The one player for these sounds in this program (see above for why it is never deleted)."""
    return SoundPlayer(folder)


class SoundPlayer(QObject):
    """One QSoundEffect per sound, loaded once; sounds asked for while one plays wait their turn."""

    problem_changed = Signal(object)

    def __init__(self, folder: Path = SOUNDS_DIR, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: list[Sound] = []
        self._effects: dict[Sound, QSoundEffect] = {}
        self._problem: str | None = None
        for sound in Sound:
            effect = QSoundEffect(self)
            effect.statusChanged.connect(self._on_status)
            effect.playingChanged.connect(self._play_next)
            effect.setSource(QUrl.fromLocalFile(str(folder / f"{sound.value}.wav")))
            self._effects[sound] = effect

    @property
    def problem(self) -> str | None:
        return self._problem

    @property
    def ready(self) -> bool:
        """Every sound is loaded and the device took it: what "sound on" at the foot of the window means."""
        return all(effect.status() is QSoundEffect.Status.Ready for effect in self._effects.values())

    def set_volume(self, percent: int) -> None:
        """The `[station] volume_percent` setting, as a share of the files' own level; the PC's volume
        applies on top."""
        for effect in self._effects.values():
            effect.setVolume(percent / 100)

    def play(self, sounds: list[Sound]) -> None:
        self._queue += sounds
        self._play_next()

    def drop_queued(self) -> None:
        """A console that closes takes its waiting sounds with it: this player outlives it, and the
        next console must not ring out the last one's backlog. A sound playing plays out."""
        self._queue.clear()

    def _play_next(self) -> None:
        """Play the first queued sound once nothing plays; a sound still loading keeps its place."""
        while self._queue and not any(effect.isPlaying() for effect in self._effects.values()):
            effect = self._effects[self._queue[0]]
            if effect.status() in (QSoundEffect.Status.Null, QSoundEffect.Status.Loading):
                return
            sound = self._queue.pop(0)
            if effect.status() is QSoundEffect.Status.Ready:
                effect.play()
                return
            log.warning("Sound %s cannot be played; the ring still shows", sound)

    def _on_status(self) -> None:
        broken = [
            sound for sound, effect in self._effects.items() if effect.status() is QSoundEffect.Status.Error
        ]
        problem = (
            "The console cannot play its alarm sound: check the speaker. Calls still show on screen."
            if broken
            else None
        )
        if problem != self._problem:
            if broken:
                log.error("The console cannot play these sounds: %s", ", ".join(broken))
            self._problem = problem
            self.problem_changed.emit(problem)
        self._play_next()
