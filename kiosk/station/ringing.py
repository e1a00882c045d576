"""When the console sounds, and which sound: pure, so the rules can be tested with a made-up clock.

- An unanswered call sounds at once and again every `repeat_s` until someone answers it; the most
  urgent kind sets the pattern ("help now" = high priority, "check on me" and tests = medium). Calls
  are merged per room and kind: a room that calls twice, or a thousand times, rings as one call.
- Silencing pauses the sound for `silence_s`; it never answers or clears a call, and a new room or
  kind calling ends the pause, because nobody has heard that one yet.
- A fault (a tablet gone silent, a room's nurse-call relay not confirming, the broker lost, another
  console with this station's id, phone alerts failing) sounds its own gentle chime at once and
  again every `fault_repeat_s` until staff acknowledge it; a fault that clears and comes back sounds
  again. Another of the site's consoles gone offline is a fault too: calls ring for nobody there.
  Tablets that fall silent because the broker is gone are one fault, the broker's.
- A call left "on the way" too long sounds a soft reminder (`OnWayReminders`), which is no ring.

Every `now` is `time.monotonic()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kiosk.station.calllog import Waiting
from kiosk.station.core import StationSnapshot
from kiosk.station.reminders import OnWayReminders
from kiosk.wire.protocol import CallKind, RelayFault

SILENCE_S = 60.0
FAULT_REPEAT_S = 30.0
ON_WAY_REMINDER_S = 300.0

RELAY_WORDS = {
    RelayFault.NO_ANSWER: "nurse-call relay does not confirm",
    RelayFault.WRONG_STATE: "nurse-call relay reports the wrong state",
    RelayFault.UNAVAILABLE: "nurse-call relay cannot be reached",
}
"""A room's own nurse call may not ring while its relay is in fault: staff check it."""

LOST_BROKER = "No connection to the broker: calls cannot reach this console."
DUPLICATE_ID = "Another console uses this station's id: calls may be missed."


class Sound(StrEnum):
    """The console's sounds; the values name the WAV files in kiosk/console/sounds/."""

    CHECK = "check"
    NOW = "now"
    OFFLINE = "offline"
    REMINDER = "reminder"


_CALL_SOUND = {CallKind.CHECK: Sound.CHECK, CallKind.TEST: Sound.CHECK, CallKind.NOW: Sound.NOW}
_URGENCY = [Sound.CHECK, Sound.NOW]


@dataclass(frozen=True)
class Fault:
    """Something wrong that is not a call; `key` names it (it may come back), `words` are for staff."""

    key: str
    words: str


@dataclass(frozen=True)
class RingState:
    """What staff see about the sound: a call ringing, until when it is silenced, faults to acknowledge,
    rooms and kinds still on the way past their reminder time."""

    ringing: bool
    silenced_until: float | None
    faults: tuple[Fault, ...] = ()
    unacknowledged: bool = False
    reminding: tuple[Waiting, ...] = ()


def faults_of(snapshot: StationSnapshot, label: dict[str, str], extra: Sequence[Fault] = ()) -> list[Fault]:
    """The faults a snapshot shows, worst first; `label` names rooms as staff know them."""
    # Two consoles with one id take the broker connection from each other, so the duplicate is
    # named even while the broker looks lost: it is the cause.
    duplicate = [Fault("duplicate", DUPLICATE_ID)] if snapshot.duplicate_id else []
    if not snapshot.broker_connected:
        return [*duplicate, Fault("broker", LOST_BROKER), *extra]
    faults = [*duplicate, *extra]
    faults += [
        Fault(f"offline:{tablet.peer}", f"{label.get(tablet.peer, f'Room {tablet.peer}')}: tablet offline")
        for tablet in snapshot.tablets
        if not tablet.online
    ]
    faults += [
        Fault(f"relay:{room}", f"{label.get(room, f'Room {room}')}: {RELAY_WORDS[fault]}")
        for room, fault in snapshot.relay_faults
    ]
    faults += [
        Fault(f"console:{station.peer}", f"Console {station.peer} offline: calls do not ring there")
        for station in snapshot.stations
        if not station.online
    ]
    return faults


class RingPolicy:
    """Feed it every snapshot (and call again at `next_at`); it answers with the sounds to play now."""

    def __init__(
        self,
        repeat_s: float,
        silence_s: float = SILENCE_S,
        fault_repeat_s: float = FAULT_REPEAT_S,
        reminder_s: float = ON_WAY_REMINDER_S,
    ) -> None:
        self.reminders = OnWayReminders(reminder_s)
        self._repeat_s = repeat_s
        self._silence_s = silence_s
        self._fault_repeat_s = fault_repeat_s
        self._ringing: set[tuple[str, CallKind]] = set()
        self._sounded_at: float | None = None
        self._silenced_until: float | None = None
        self._faults: tuple[Fault, ...] = ()
        self._acknowledged: set[str] = set()
        self._fault_sounded_at: float | None = None

    def update(self, snapshot: StationSnapshot, now: float, faults: Iterable[Fault] = ()) -> list[Sound]:
        """The sounds due now, in the order to play them; calling again at once returns none."""
        reminder = [Sound.REMINDER] if self.reminders.update(snapshot.calls, now) else []
        return [*self._call_sound(snapshot, now), *self._fault_sound(tuple(faults), now), *reminder]

    def silence(self, now: float) -> None:
        if self._ringing:
            self._silenced_until = now + self._silence_s

    def acknowledge_faults(self) -> None:
        """Staff saw every fault on screen now: they stop sounding until one is new again."""
        self._acknowledged = {fault.key for fault in self._faults}

    def state(self, now: float) -> RingState:
        return RingState(
            bool(self._ringing),
            self._silenced_until if self._silenced(now) else None,
            self._faults,
            bool(self._unacknowledged()),
            tuple(sorted(self.reminders.overdue(now))),
        )

    def next_at(self) -> float | None:
        """When a call, a fault or a reminder sounds again, so the caller can wake just then."""
        moments = []
        reminder = self.reminders.next_at()
        if reminder is not None:
            moments.append(reminder)
        if self._ringing and self._sounded_at is not None:
            repeat = self._sounded_at + self._repeat_s
            moments.append(max(repeat, self._silenced_until or repeat))
        if self._unacknowledged() and self._fault_sounded_at is not None:
            moments.append(self._fault_sounded_at + self._fault_repeat_s)
        return min(moments, default=None)

    def _call_sound(self, snapshot: StationSnapshot, now: float) -> list[Sound]:
        ringing = {(call.room, call.kind): _CALL_SOUND[call.kind] for call in snapshot.calls if call.ringing}
        unheard = set(ringing) - self._ringing
        self._ringing = set(ringing)
        if unheard:
            self._silenced_until = None
        if not ringing:
            self._sounded_at = self._silenced_until = None
            return []
        repeat_due = self._sounded_at is None or now >= self._sounded_at + self._repeat_s
        if self._silenced(now) or not (unheard or repeat_due):
            return []
        self._sounded_at = now
        return [max(ringing.values(), key=_URGENCY.index)]

    def _fault_sound(self, faults: tuple[Fault, ...], now: float) -> list[Sound]:
        keys = {fault.key for fault in faults}
        new = keys - {fault.key for fault in self._faults} - self._acknowledged
        self._faults = faults
        self._acknowledged &= keys
        if not self._unacknowledged():
            self._fault_sounded_at = None
            return []
        repeat_due = self._fault_sounded_at is None or now >= self._fault_sounded_at + self._fault_repeat_s
        if not (new or repeat_due):
            return []
        self._fault_sounded_at = now
        return [Sound.OFFLINE]

    def _unacknowledged(self) -> list[Fault]:
        return [fault for fault in self._faults if fault.key not in self._acknowledged]

    def _silenced(self, now: float) -> bool:
        return self._silenced_until is not None and now < self._silenced_until
