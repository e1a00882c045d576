"""The ring policy on Qt's clock: plays what is due and wakes exactly when the next sound is."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from kiosk.console.sound import SoundPlayer
from kiosk.console.wake import WakeTimer
from kiosk.station.core import StationSnapshot
from kiosk.station.ringing import RingPolicy, RingState, Sound


class Alarm(QObject):
    """`sounded` fires for every sound due, whether or not the speaker works; tests and views watch it."""

    sounded = Signal(object)
    state_changed = Signal(object)

    def __init__(
        self,
        repeat_s: float,
        player: SoundPlayer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._policy = RingPolicy(repeat_s)
        self.player = player
        self._snapshot: StationSnapshot | None = None
        self._state = RingState(ringing=False, silenced_until=None)
        self._timer = WakeTimer(self._evaluate, self)

    @property
    def state(self) -> RingState:
        return self._state

    def update(self, snapshot: StationSnapshot) -> None:
        self._snapshot = snapshot
        self._evaluate()

    def silence(self) -> None:
        self._policy.silence(time.time())
        self._evaluate()

    def stop(self) -> None:
        self._timer.stop()

    def _evaluate(self) -> None:
        if self._snapshot is None:
            return
        now = time.time()
        sounds: list[Sound] = self._policy.update(self._snapshot, now)
        if sounds:
            self.player.play(sounds)
        for sound in sounds:
            self.sounded.emit(sound)
        state = self._policy.state(now)
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
        self._timer.wake_at(self._policy.next_at(), now)
