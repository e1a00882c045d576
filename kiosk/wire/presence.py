"""Who is online, from presence, roll-call answers and heartbeats: a dead broker sends no last will,
silence does; a word that comes late (a queue replayed, a node that thawed) is dropped as stale."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from kiosk.wire.transport import Outgoing, Retained


@dataclass(frozen=True)
class PeerStatus:
    """One tablet or station as last heard (`last_heard` on the monotonic clock); a heartbeat alone
    does not make it a different status."""

    peer: str
    online: bool
    last_heard: float = field(compare=False)


class PresenceTracker:
    """A peer is online while its last word said so and that word is less than `silence_s` old.

    Not thread-safe: the owner holds its own lock.
    """

    def __init__(self, silence_s: float) -> None:
        self._silence_s = silence_s
        self._heard: dict[str, tuple[bool, float]] = {}

    def heard(self, peer: str, online: bool, now: float) -> None:
        self._heard[peer] = (online, now)

    def forget(self, peer: str) -> None:
        self._heard.pop(peer, None)

    def __len__(self) -> int:
        return len(self._heard)

    def peers(self, now: float) -> list[PeerStatus]:
        return [
            PeerStatus(peer, online and now - at < self._silence_s, at)
            for peer, (online, at) in sorted(self._heard.items())
        ]

    def online(self, peer: str, now: float) -> bool:
        online, at = self._heard.get(peer, (False, 0.0))
        return online and now - at < self._silence_s

    def any_online(self, now: float) -> bool:
        return any(status.online for status in self.peers(now))

    def next_change_at(self, now: float) -> float | None:
        """When the next online peer falls silent, so the owner can wake and tell its listeners."""
        ends = [at + self._silence_s for online, at in self._heard.values() if online]
        future = [end for end in ends if end > now]
        return min(future, default=None)


class PresenceWord(Protocol):
    """What a presence or heartbeat says about its own freshness (None in protocol version 1)."""

    @property
    def online(self) -> bool: ...
    @property
    def instance(self) -> str | None: ...
    @property
    def seq(self) -> int | None: ...
    @property
    def sent_at(self) -> float | None: ...


class Freshness:
    """Which presence words are news. Not thread-safe, like the tracker.

    Stale, and dropped: an "online" word of a start (`instance`) older in its sequence than one already
    taken (a retained presence after the heartbeats, a frozen node's copy delivered late); and one
    written more than `stale_after_s` ago by its sender's wall clock (a queue replayed after a long
    absence) — unless that same start has been heard for longer than that here, which only a sender
    whose clock is off can look like (then the word is taken and the clock named in the log). The
    bound is wide on purpose: clocks of two machines agree only roughly, and a replay is old by far
    more. Durations stay monotonic; the wall clock only judges age across machines. An "offline"
    word is always taken: believing it wrongly shows a fault for a heartbeat's time, never a false
    "online". Version 1 words carry none of this and are taken as before.
    """

    MAX_PEERS = 4096
    """Peers remembered at most, the longest unheard forgotten first: ids made up by a hostile client
    cannot grow the memory for ever (a forgotten peer's next word is simply taken)."""

    def __init__(self, stale_after_s: float) -> None:
        self._stale_after_s = stale_after_s
        self._newest: OrderedDict[str, tuple[str, int, float]] = OrderedDict()
        """peer -> (instance, newest seq taken, monotonic moment its first word was heard)"""

    def judge(self, peer: str, word: PresenceWord, wall: float, now: float) -> Verdict:
        """Whether to take the word (then it is remembered as the newest), and why not, or what is odd."""
        if not word.online or word.instance is None or word.seq is None:
            return Verdict(True)
        instance, newest, first_heard = self._newest.pop(peer, (word.instance, -1, now))
        while len(self._newest) >= self.MAX_PEERS:
            self._newest.popitem(last=False)
        if instance != word.instance:
            newest, first_heard = -1, now
        if word.seq <= newest:
            self._newest[peer] = (instance, newest, first_heard)
            return Verdict(
                False,
                f"it is number {word.seq} of its start, and number {newest} was heard already",
                usual=True,
            )
        age = wall - word.sent_at if word.sent_at is not None else 0.0
        old = age > self._stale_after_s
        if old and now - first_heard <= self._stale_after_s:
            self._newest[peer] = (word.instance, newest, first_heard)
            return Verdict(False, f"it was written {age:.0f} s ago by its sender's clock")
        self._newest[peer] = (word.instance, word.seq, first_heard)
        return Verdict(True, f"its clock is {age:.0f} s behind this one's: set both by NTP" if old else None)


class Verdict(NamedTuple):
    take: bool
    why: str | None = None
    usual: bool = False
    """Nothing to tell IT: a presence overtaken by a heartbeat is normal where QoS 0 and QoS 1 messages
    travel apart (RabbitMQ queues them separately)."""


class AnswerPace:
    """When to answer a roll call: at once, or `gap_s` after the last answer, so a flood of roll calls
    cannot make us flood the broker; the calls in between share one answer, none is left unanswered."""

    def __init__(self, gap_s: float = 1.0) -> None:
        self._gap_s = gap_s
        self.next_at: float | None = None
        self._answered_at = float("-inf")

    def asked(self, now: float) -> None:
        if self.next_at is None:
            self.next_at = max(now, self._answered_at + self._gap_s)

    def due(self, now: float) -> bool:
        """True once when the answer is due; the caller answers now."""
        if self.next_at is None or now < self.next_at:
            return False
        self.next_at, self._answered_at = None, now
        return True


Payload = Callable[[bool, int, float], bytes]
"""Our presence as bytes: (online, its place in this start's words, wall time of writing)."""


class Announcer:
    """Our own presence: `online` (retained) on every connect and in answer to a roll call, a heartbeat
    every `heartbeat_s`, and a retained `offline` that serves as last will and as farewell. Each word
    carries the next number of this start, so receivers can tell a late one. Not thread-safe, like
    the tracker."""

    def __init__(
        self,
        presence_topic: str,
        heartbeat_topic: str,
        payload: Payload,
        heartbeat_s: float,
    ):
        self._presence_topic = presence_topic
        self._heartbeat_topic = heartbeat_topic
        self._payload = payload
        self._heartbeat_s = heartbeat_s
        self._announce = False
        self._seq = 0
        self._answers = AnswerPace()
        self.next_heartbeat = 0.0

    @property
    def offline(self) -> Retained:
        return Retained(self._presence_topic, self._word(False))

    @property
    def next_answer(self) -> float | None:
        return self._answers.next_at

    def connected(self) -> None:
        """A new connection: say we are here at once, the broker may have lost everything."""
        self._announce = True
        self.next_heartbeat = 0.0

    def asked(self, now: float) -> None:
        """Someone called the roll: answer with our presence (see AnswerPace)."""
        self._answers.asked(now)

    def due(self, now: float) -> list[Outgoing]:
        outgoing: list[Outgoing] = []
        if self._answers.due(now):
            self._announce = True
        if self._announce:
            outgoing.append(Outgoing(self._presence_topic, self._word(True), retain=True))
            self._announce = False
        if now >= self.next_heartbeat:
            outgoing.append(Outgoing(self._heartbeat_topic, self._word(True), qos=0))
            self.next_heartbeat = now + self._heartbeat_s
        return outgoing

    def _word(self, online: bool) -> bytes:
        self._seq += 1
        return self._payload(online, self._seq, time.time())
