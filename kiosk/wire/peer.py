"""The skeleton both peers share, so a tablet and a station each hold only their own rules.

A peer owns one MQTT link, announces itself (presence and heartbeats), calls the roll when it
connects and answers the roll calls it hears, hears the other side's presence (dropping stale words),
runs a ticker for what is due with time, and tells its listeners about each new
snapshot. What a message means, what is due on a tick and what listeners see are the subclass's:
`_handle`, `_on_connect`, `_due` and `_snapshot`, all called with `self._lock` held.

Every `now` handed to the rules is `time.monotonic()`: durations (silence, re-sends, timeouts) must
not stretch or shrink when the wall clock steps. Wall time is only for what people read.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Generic, NamedTuple, TypeVar

from kiosk.wire.broadcast import Broadcaster
from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.liveness import Liveness
from kiosk.wire.presence import Announcer, Freshness, PresenceTracker
from kiosk.wire.protocol import (
    Message,
    ProtocolError,
    RollCall,
    RoomPresence,
    Side,
    StationPresence,
    Topics,
    encode,
    parse_message,
)
from kiosk.wire.quietlog import QuietLog
from kiosk.wire.ticker import Ticker, earliest
from kiosk.wire.timing import Timing
from kiosk.wire.transport import MqttTransport, Outgoing, Subscription

S = TypeVar("S")


class Due(NamedTuple):
    """What a tick decided: messages to send now, and the moments it wants to look again."""

    outgoing: list[Outgoing]
    deadlines: list[float | None]


class Peer(ABC, Generic[S]):
    """One peer on one site. Callbacks run on paho's thread, the ticker's thread or the caller's."""

    def __init__(
        self,
        *,
        name: str,
        broker: BrokerAddress,
        client_id: str,
        topics: Topics,
        subscriptions: Sequence[Subscription],
        announcer: Announcer | None,
        asker: tuple[Side, str],
        timing: Timing,
        persistent_session: bool = True,
        liveness: Liveness | None = None,
        side_channel: tuple[str, Callable[[str, bytes], bool]] | None = None,
    ) -> None:
        self._topics = topics
        self._side_channel = side_channel
        """(topic prefix, handler): messages of another protocol on the same link (content reports);
        the handler says whether what listeners see changed."""
        self._timing = timing
        self._logger = logging.getLogger(type(self).__module__)
        """Log lines name the side that wrote them (kiosk.helpcall.tablet, kiosk.station.core)."""
        self._rejects = QuietLog(self._logger, timing.quiet_log_s)
        """What was rejected or ignored, once per reason: a flood must not flood the log."""
        self._lock = threading.Lock()
        self._broadcaster: Broadcaster[S] = Broadcaster()
        self._presence = PresenceTracker(timing.silence_s)
        """Who on the other side is online: stations for a tablet, tablets for a station."""
        self._announcer = announcer
        self._asker = asker
        """(side, id) under which this peer calls the roll; its own roll call comes back and is not news."""
        self._roll_call = Outgoing(
            topics.roll_call(*asker),
            encode(RollCall(side=asker[0], asker=asker[1])),
            qos=0,
        )
        self._freshness = Freshness(timing.stale_after_s)
        self._broker_connected = False
        self._link_problem: str | None = None
        self._transport = MqttTransport(
            broker,
            client_id,
            subscriptions=subscriptions,
            on_message=self._on_message,
            on_link=self._on_link,
            will=announcer.offline if announcer else None,
            persistent_session=persistent_session,
            timing=timing,
        )
        self._ticker = Ticker(name, self._tick)
        self._liveness = liveness
        """The loop people see (the kiosk's or the console's); we are on the wire only while it turns.
        None for a peer that has no such loop (a headless station, `lantern call`)."""
        if liveness is not None:
            liveness.on_resume(self._ticker.wake)

    def start(self) -> None:
        self._transport.start()
        self._ticker.start()
        self._refresh()

    def stop(self) -> None:
        self._ticker.stop()
        self._transport.stop(farewell=self._announcer.offline if self._announcer else None)

    def snapshot(self) -> S:
        return self._refresh()

    def add_listener(self, callback: Callable[[S], None]) -> None:
        self._broadcaster.add_listener(callback)

    # The rules of one side, called with self._lock held.

    @abstractmethod
    def _handle(self, message: Message, now: float) -> list[Outgoing]:
        """A valid message arrived; return what to send in answer."""

    def _on_connect(self) -> None:
        """A new link to the broker; the broker may have lost everything we told it before."""

    @abstractmethod
    def _due(self, now: float) -> Due:
        """What the time alone makes due (besides our own presence, which the skeleton sends)."""

    @abstractmethod
    def _snapshot(self, last: S | None, now: float) -> S:
        """What listeners see now; `last` is what they saw before."""

    def _unsent(self, messages: list[Outgoing]) -> None:
        """Messages that found no link; by default the rules send them again by themselves."""

    # The skeleton.

    def _on_message(self, topic: str, payload: bytes) -> None:
        """paho's thread: one message from the network, validated before anything trusts it."""
        if self._side_channel is not None and topic.startswith(self._side_channel[0]):
            if self._side_channel[1](topic, payload):
                self._refresh()
            return
        try:
            message = parse_message(self._topics, topic, payload)
        except ProtocolError as error:
            self._rejects.warning(str(error), "Rejected a message on %s: %s", topic, error)
            return
        with self._lock:
            outgoing = self._heard(message, time.monotonic())
        self._send(outgoing)
        self._ticker.wake()
        self._refresh()

    def _heard(self, message: Message, now: float) -> list[Outgoing]:
        """Roll calls are the skeleton's, stale presence is dropped; the rest goes to the rules."""
        if isinstance(message, RollCall):
            if (message.side, message.asker) == self._asker:
                return []
            if self._announcer is not None:
                self._announcer.asked(now)
        elif isinstance(message, RoomPresence | StationPresence):
            peer = (
                f"room {message.room}" if isinstance(message, RoomPresence) else f"station {message.station}"
            )
            verdict = self._freshness.judge(peer, message, time.time(), now)
            if verdict.usual:
                self._logger.debug("Dropped a late presence of %s: %s", peer, verdict.why)
            elif verdict.why is not None:
                self._rejects.warning(
                    f"stale-{peer}",
                    "%s presence of %s: %s",
                    "Took the" if verdict.take else "Dropped a stale",
                    peer,
                    verdict.why,
                )
            if not verdict.take:
                return []
        return self._handle(message, now)

    def _on_link(self, connected: bool, problem: str | None) -> None:
        """paho's thread: on every connect, call the roll, announce ourselves again and let the rules
        catch up."""
        with self._lock:
            self._broker_connected = connected
            self._link_problem = problem
            if connected:
                if self._announcer:
                    self._announcer.connected()
                self._on_connect()
        if connected:
            self._send([self._roll_call])
        self._ticker.wake()
        self._refresh()

    def _tick(self) -> float | None:
        """The ticker's thread: our presence, what the rules find due, and when to look again."""
        now = time.monotonic()
        with self._lock:
            due = self._due(now)
            outgoing, deadlines = due.outgoing, [*due.deadlines, self._presence.next_change_at(now)]
            if self._broker_connected and self._announcer and self._alive(now):
                outgoing = [*self._announcer.due(now), *outgoing]
                deadlines += [
                    self._announcer.next_heartbeat,
                    self._announcer.next_answer,
                    self._liveness.ends_at() if self._liveness else None,
                ]
        self._send(outgoing)
        self._refresh()
        return earliest(deadlines, now)

    def _alive(self, now: float) -> bool:
        return self._liveness is None or self._liveness.alive(now)

    def _send(self, outgoing: list[Outgoing]) -> None:
        """Called without the lock: paho's own lock must never wait on ours."""
        unsent = [message for message in outgoing if not self._transport.publish(message)]
        if unsent:
            with self._lock:
                self._unsent(unsent)

    def _refresh(self) -> S:
        return self._broadcaster.refresh(self._locked_snapshot)

    def _locked_snapshot(self, last: S | None) -> S:
        now = time.monotonic()
        with self._lock:
            return self._snapshot(last, now)
