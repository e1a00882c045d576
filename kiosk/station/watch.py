"""The head office's view of every site on one broker or cluster: who is online, which rooms have open
calls. It only listens, and calls the roll (a question that changes no call): it never sends a
receipt, a status or anything else a tablet or a station acts upon, so it can run on a login that may
read the sites and write nothing but its own roll call (docs/deploy.md, "Head office").

A site appears once anything of it is heard (a heartbeat comes every 2 s); the watcher then calls the
roll there, and every tablet answers with its presence and every station with its presence and the
status of each open call. What was heard before a reconnect is forgotten and learned again the same
way, so a call finished while the link was down does not stay open here.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.ids import is_id
from kiosk.wire.presence import Freshness, PeerStatus, PresenceTracker
from kiosk.wire.protocol import (
    VERSION,
    CallMessage,
    ClearMessage,
    HereMessage,
    Message,
    ProtocolError,
    RollCall,
    RoomPresence,
    StationPresence,
    StationState,
    StatusMessage,
    Topics,
    encode,
    parse_message,
)
from kiosk.wire.quietlog import QuietLog
from kiosk.wire.timing import DEFAULT_TIMING, Timing
from kiosk.wire.transport import MqttTransport, Outgoing

log = logging.getLogger(__name__)

MAX_SITES = 512
MAX_PER_SITE = 1024
"""Sites, and tablets, stations and open calls of a site, followed at most: bounds against ids made up
by a hostile client, not targets."""
ROOT = f"lantern/v{VERSION}"


@dataclass(frozen=True)
class OpenCall:
    """A call as the head office sees it: `state` None while no station has said it rings."""

    id: str
    room: str
    kind: str
    pressed_at: float
    state: StationState | None = None


@dataclass(frozen=True)
class SiteView:
    site: str
    tablets: tuple[PeerStatus, ...]
    stations: tuple[PeerStatus, ...]
    headless: frozenset[str]
    """Stations that ring for nobody (no console): online, but no one hears a call there."""
    calls: tuple[OpenCall, ...]


@dataclass
class _Site:
    topics: Topics
    tablets: PresenceTracker
    stations: PresenceTracker
    headless: set[str] = field(default_factory=set)
    calls: dict[str, OpenCall] = field(default_factory=dict)
    asked: bool = False


class SiteWatcher:
    """Listens to every site on the broker; `sites()` is safe from any thread."""

    def __init__(
        self, broker: BrokerAddress, *, watcher_id: str = "headoffice", timing: Timing = DEFAULT_TIMING
    ):
        self.watcher_id = watcher_id
        self._timing = timing
        self._lock = threading.Lock()
        self._sites: dict[str, _Site] = {}
        self._freshness = Freshness(timing.stale_after_s)
        self._rejects = QuietLog(log, timing.quiet_log_s)
        self.connected = False
        self.problem: str | None = None
        self._transport = MqttTransport(
            broker,
            f"lantern-watch-{watcher_id}-{uuid.uuid4().hex[:8]}",
            subscriptions=[
                *(f"{ROOT}/+/room/+/{leaf}" for leaf in ("call", "clear", "here", "status", "presence")),
                f"{ROOT}/+/station/+/presence",
                (f"{ROOT}/+/room/+/heartbeat", 0),
                (f"{ROOT}/+/station/+/heartbeat", 0),
            ],
            on_message=self._on_message,
            on_link=self._on_link,
            persistent_session=False,  # nothing is kept for a view that is away (no queue left behind)
            timing=timing,
        )

    def start(self) -> None:
        self._transport.start()

    def stop(self) -> None:
        self._transport.stop()

    def sites(self) -> list[SiteView]:
        now = time.monotonic()
        with self._lock:
            return [
                SiteView(
                    name,
                    tuple(site.tablets.peers(now)),
                    tuple(site.stations.peers(now)),
                    frozenset(site.headless),
                    tuple(sorted(site.calls.values(), key=lambda call: call.pressed_at)),
                )
                for name, site in sorted(self._sites.items())
            ]

    def _on_link(self, connected: bool, problem: str | None) -> None:
        with self._lock:
            self.connected, self.problem = connected, problem
            if connected:
                self._sites.clear()

    def _on_message(self, topic: str, payload: bytes) -> None:
        """paho's thread: one message of some site, validated before anything trusts it."""
        parts = topic.split("/")
        name = parts[2] if len(parts) > 2 else ""
        if not is_id(name):
            return
        with self._lock:
            site = self._site(name)
            if site is None:
                return
            try:
                message = parse_message(site.topics, topic, payload)
            except ProtocolError as error:
                self._rejects.warning(str(error), "Rejected a message on %s: %s", topic, error)
                return
            self._heard(site, message, time.monotonic())
            ask = not site.asked
            site.asked = True
        if ask:
            roll_call = RollCall(side="watch", asker=self.watcher_id)
            self._transport.publish(
                Outgoing(site.topics.roll_call("watch", self.watcher_id), encode(roll_call), qos=0)
            )

    def _site(self, name: str) -> _Site | None:
        if name not in self._sites:
            if len(self._sites) >= MAX_SITES:
                self._rejects.warning("sites", "Ignored site %s: more than %d sites", name, MAX_SITES)
                return None
            silence = self._timing.silence_s
            self._sites[name] = _Site(Topics(name), PresenceTracker(silence), PresenceTracker(silence))
        return self._sites[name]

    def _heard(self, site: _Site, message: Message, now: float) -> None:
        crowded = max(len(site.calls), len(site.tablets), len(site.stations)) >= MAX_PER_SITE
        if crowded and not isinstance(message, ClearMessage | StatusMessage):
            self._rejects.warning(
                f"crowded-{site.topics.site}",
                "Ignored more of site %s: it is over its bounds",
                site.topics.site,
            )
            return
        if isinstance(message, RoomPresence | StationPresence):
            self._presence(site, message, now)
        elif isinstance(message, CallMessage):
            site.calls.setdefault(
                message.id, OpenCall(message.id, message.room, message.kind, message.pressed_at)
            )
        elif isinstance(message, ClearMessage):
            site.calls.pop(message.id, None)
        elif isinstance(message, StatusMessage | HereMessage):
            state = message.state if isinstance(message, StatusMessage) else StationState.HERE
            known = site.calls.get(message.id)
            if state is StationState.DONE:
                site.calls.pop(message.id, None)
            elif known is None or known.state is None or state.rank > known.state.rank:
                site.calls[message.id] = OpenCall(
                    message.id, message.room, message.kind, message.pressed_at, state
                )

    def _presence(self, site: _Site, message: RoomPresence | StationPresence, now: float) -> None:
        peer = message.room if isinstance(message, RoomPresence) else message.station
        where = f"{site.topics.site}/{'room' if isinstance(message, RoomPresence) else 'station'}/{peer}"
        if not self._freshness.judge(where, message, time.time(), now).take:
            return
        if isinstance(message, RoomPresence):
            site.tablets.heard(peer, message.online, now)
            return
        site.stations.heard(peer, message.online, now)
        if message.rings:
            site.headless.discard(peer)
        else:
            site.headless.add(peer)
