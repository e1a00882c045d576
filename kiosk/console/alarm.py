"""The ring policy on Qt's clock: plays what is due, wakes exactly when the next sound is, and tells
the station core, from the GUI thread itself, that this alarm is live and which calls it rings.

The station's receipts wait for that word (`AlarmGate`): if the GUI thread stops, the beats stop,
and within seconds the tablets learn that nobody hears them here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.console.sound import SoundPlayer
from kiosk.console.wake import WakeTimer
from kiosk.station.alarm_gate import AlarmGate
from kiosk.station.core import StationSnapshot
from kiosk.station.reminders import OnWayReminders
from kiosk.station.ringing import Fault, RingPolicy, RingState, Sound, faults_of
from kiosk.wire.liveness import BEAT_EVERY_S


class Alarm(QObject):
    """`sounded` fires for every sound due, whether or not the speaker works; tests and views watch it."""

    sounded = Signal(object)
    state_changed = Signal(object)

    def __init__(
        self,
        repeat_s: float,
        player: SoundPlayer,
        gate: AlarmGate,
        labels: dict[str, str],
        fault_repeat_s: float,
        reminder_s: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._policy = RingPolicy(repeat_s, fault_repeat_s=fault_repeat_s, reminder_s=reminder_s)
        self.player = player
        self._gate = gate
        self._labels = labels
        self._snapshot: StationSnapshot | None = None
        self._extra: tuple[Fault, ...] = ()
        self._state = RingState(ringing=False, silenced_until=None)
        self._timer = WakeTimer(self._evaluate, self)
        self._beat = QTimer(self, interval=round(BEAT_EVERY_S * 1000))
        self._beat.timeout.connect(self._tell_gate)
        self._beat.start()

    @property
    def state(self) -> RingState:
        return self._state

    @property
    def reminders(self) -> OnWayReminders:
        """The calls on the way and since when, as this alarm times their reminders; the tiles show them."""
        return self._policy.reminders

    def update(self, snapshot: StationSnapshot) -> None:
        self._snapshot = snapshot
        self._evaluate()

    def set_faults(self, faults: Sequence[Fault]) -> None:
        """Faults the snapshot cannot know (phone alerts failing)."""
        self._extra = tuple(faults)
        self._evaluate()

    def silence(self) -> None:
        self._policy.silence(time.monotonic())
        self._evaluate()

    def acknowledge_faults(self) -> None:
        self._policy.acknowledge_faults()
        self._evaluate()

    def stop(self) -> None:
        self._timer.stop()
        self._beat.stop()

    def _evaluate(self) -> None:
        if self._snapshot is None:
            return
        now = time.monotonic()
        faults = faults_of(self._snapshot, self._labels, self._extra)
        sounds: list[Sound] = self._policy.update(self._snapshot, now, faults)
        if sounds:
            self.player.play(sounds)
        self._tell_gate()
        for sound in sounds:
            self.sounded.emit(sound)
        state = self._policy.state(now)
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)
        self._timer.wake_at(self._policy.next_at(), now)

    def _tell_gate(self) -> None:
        """This loop turns, and these calls ring here now: the receipts for them may go."""
        ringing = self._snapshot.calls if self._snapshot is not None else ()
        self._gate.rang(call.id for call in ringing if call.ringing)
