"""Who is online, from retained presence plus heartbeats: a dead broker sends no last will, silence does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


class Announcer:
    """Our own presence: `online` (retained) on every connect, a heartbeat every `heartbeat_s`, and a
    retained `offline` that serves as last will and as farewell. Not thread-safe, like the tracker."""

    def __init__(
        self,
        presence_topic: str,
        heartbeat_topic: str,
        payload: Callable[[bool], bytes],
        heartbeat_s: float,
        beat: Callable[[], bytes] | None = None,
    ):
        self._presence_topic = presence_topic
        self._heartbeat_topic = heartbeat_topic
        self._payload = payload
        self._beat = beat or (lambda: payload(True))
        """A heartbeat may say more than the retained presence: what is true now, not at a connect."""
        self._heartbeat_s = heartbeat_s
        self._announce = False
        self.next_heartbeat = 0.0

    @property
    def offline(self) -> Retained:
        return Retained(self._presence_topic, self._payload(False))

    def connected(self) -> None:
        """A new connection: say we are here at once, the broker may have lost everything."""
        self._announce = True
        self.next_heartbeat = 0.0

    def due(self, now: float) -> list[Outgoing]:
        outgoing: list[Outgoing] = []
        if self._announce:
            outgoing.append(Outgoing(self._presence_topic, self._payload(True), retain=True))
            self._announce = False
        if now >= self.next_heartbeat:
            outgoing.append(Outgoing(self._heartbeat_topic, self._beat(), qos=0))
            self.next_heartbeat = now + self._heartbeat_s
        return outgoing
