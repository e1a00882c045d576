"""When the console sounds, and which sound: pure, so the rules can be tested with a made-up clock.

- An unanswered call sounds at once and again every `repeat_s` until someone answers it; the most
  urgent kind sets the pattern ("help now" = high priority, "check on me" and tests = medium).
- Silencing pauses the sound for `silence_s`; it never answers or clears a call, and a new call ends
  the pause, because nobody has heard that one yet.
- A tablet that was online and falls silent, or the broker link going down, sounds its own gentle
  chime once; tablets that fall silent because the broker is gone do not each sound again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.station.core import StationSnapshot
from kiosk.wire.protocol import CallKind

SILENCE_S = 60.0


class Sound(StrEnum):
    """The console's sounds; the values name the WAV files in kiosk/console/sounds/."""

    CHECK = "check"
    NOW = "now"
    OFFLINE = "offline"


_CALL_SOUND = {CallKind.CHECK: Sound.CHECK, CallKind.TEST: Sound.CHECK, CallKind.NOW: Sound.NOW}
_URGENCY = [Sound.CHECK, Sound.NOW]


@dataclass(frozen=True)
class RingState:
    """What staff see about the sound: whether a call is ringing and until when it is silenced."""

    ringing: bool
    silenced_until: float | None


class RingPolicy:
    """Feed it every snapshot (and call again at `next_at`); it answers with the sounds to play now."""

    def __init__(self, repeat_s: float, silence_s: float = SILENCE_S) -> None:
        self._repeat_s = repeat_s
        self._silence_s = silence_s
        self._ringing: set[str] = set()
        self._sounded_at: float | None = None
        self._silenced_until: float | None = None
        self._online: set[str] = set()
        self._broker_up = False

    def update(self, snapshot: StationSnapshot, now: float) -> list[Sound]:
        """The sounds due now, in the order to play them; calling again at once returns none."""
        return [*self._call_sound(snapshot, now), *self._quiet_sound(snapshot, now)]

    def silence(self, now: float) -> None:
        if self._ringing:
            self._silenced_until = now + self._silence_s

    def state(self, now: float) -> RingState:
        return RingState(bool(self._ringing), self._silenced_until if self._silenced(now) else None)

    def next_at(self) -> float | None:
        """When a call sounds again (after a repeat or a pause), so the caller can wake just then."""
        if not self._ringing or self._sounded_at is None:
            return None
        repeat = self._sounded_at + self._repeat_s
        return max(repeat, self._silenced_until or repeat)

    def _call_sound(self, snapshot: StationSnapshot, now: float) -> list[Sound]:
        ringing = {call.id: _CALL_SOUND[call.kind] for call in snapshot.calls if call.ringing}
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

    def _quiet_sound(self, snapshot: StationSnapshot, now: float) -> list[Sound]:
        online = {tablet.peer for tablet in snapshot.tablets if tablet.online}
        fell_silent = self._online - online if snapshot.broker_connected else set()
        lost_broker = self._broker_up and not snapshot.broker_connected
        self._online, self._broker_up = online, snapshot.broker_connected
        return [Sound.OFFLINE] if (fell_silent or lost_broker) and not self._silenced(now) else []

    def _silenced(self, now: float) -> bool:
        return self._silenced_until is not None and now < self._silenced_until
