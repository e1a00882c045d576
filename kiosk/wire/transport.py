"""A small typed wrapper over paho-mqtt 2.x: one session, QoS 1, reconnects, plain words.

paho runs its network loop on its own thread (`loop_start`); every callback below runs there, so
owners must be thread-safe. A failure of the link is reported as a sentence for staff.

Given several brokers (the nodes of one cluster), a connection that fails, is refused, is lost or
falls silent for twice the keepalive moves on to the next one in the list, round and round, so a
node that died or froze is left within seconds; the owner re-announces and re-sends on the new link.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ParamSpec

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.reasoncodes import ReasonCode

from kiosk.wire.broker_url import BrokerAddress, BrokerUrl, broker_list
from kiosk.wire.timing import DEFAULT_TIMING, Timing

log = logging.getLogger(__name__)

P = ParamSpec("P")
MessageCallback = Callable[[str, bytes], None]
Subscription = str | tuple[str, int]
"""A topic filter, taken at QoS 1, or (filter, QoS): QoS 0 for words that are worthless late (heartbeats),
so no broker keeps them for a client that is away."""
LinkCallback = Callable[[bool, str | None], None]

_FAREWELL_WAIT_S = 2.0

# MQTT 3.1.1 CONNACK refusals as paho 2 reports them (v5-style reason code values).
_REFUSALS = {
    132: "it does not speak MQTT 3.1.1",
    133: "it refused this client id",
    134: "it did not accept the user name or password",
    135: "it did not accept the user name or password (not authorised)",
    136: "it is not available right now",
}


@dataclass(frozen=True)
class Retained:
    """A retained message: a presence, or the last will the broker sends when we vanish."""

    topic: str
    payload: bytes


@dataclass(frozen=True)
class Outgoing:
    """A message its owner decided to send while holding its lock, sent after letting go of it."""

    topic: str
    payload: bytes
    qos: int = 1
    retain: bool = False


def _connect_failure_words(error: BaseException | None) -> str:
    """Why a TCP or TLS connection could not be made, in words."""
    if isinstance(error, ConnectionRefusedError):
        return "nothing is listening there (is the broker running?)"
    if isinstance(error, socket.gaierror):
        return "the host name could not be found"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"its TLS certificate is not trusted ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"the TLS handshake failed ({error.reason or error})"
    if isinstance(error, TimeoutError):
        return "it did not answer in time"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) if error else "the connection failed"


def _guarded(handler: Callable[P, None]) -> Callable[P, None]:
    """A bug in a callback is logged; it must never end paho's network thread, and every call with it."""

    @functools.wraps(handler)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            handler(*args, **kwargs)
        except Exception:
            log.exception("The MQTT callback %s failed", handler.__name__)

    return run


@_guarded
def _no_delay(_client: mqtt.Client, _userdata: Any, sock: Any) -> None:
    """paho leaves Nagle's algorithm on, so a receipt sent right after a PUBACK waits for a delayed ACK,
    about 40 ms per hop on Linux (loopback press-to-receipt: 88 ms, 1.7 ms with no-delay at both ends)."""
    if isinstance(sock, socket.socket):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class MqttTransport:
    """One MQTT connection that re-subscribes and reports on every (re)connect."""

    def __init__(
        self,
        broker: BrokerAddress,
        client_id: str,
        *,
        subscriptions: Sequence[Subscription],
        on_message: MessageCallback,
        on_link: LinkCallback,
        will: Retained | None = None,
        persistent_session: bool = True,
        timing: Timing = DEFAULT_TIMING,
    ) -> None:
        self._brokers = broker_list(broker)
        self._current = 0
        self._socket_open = False
        """A connection to the current broker was opened and has not yet been given up: paho may
        report its loss twice (keepalive), and it must move on to the next broker once."""
        self._subscriptions = [(item, 1) if isinstance(item, str) else item for item in subscriptions]
        self._on_message = on_message
        self._on_link = on_link
        self._timing = timing
        self._connected = False
        self._stopping = False
        self._subscribe_mid: int | None = None
        self._answered: mqtt.SocketLike | None = None
        """The socket whose CONNECT the broker answered (with several brokers, one that does not
        answer within `_connack_wait_s` is left)."""
        self._connack_wait_s = timing.connack_timeout_s
        self._problem: str | None = None
        self._lock = threading.Lock()
        broker = self._brokers[0]  # every address of a list shares scheme, user and CA (broker_url)
        self._client_id = client_id
        self._keeps_session = persistent_session and len(self._brokers) == 1
        """A session kept on the broker only with one broker. On a cluster (RabbitMQ) a kept session is
        a replicated queue that a frozen node holds for 15 to 18 s after the client has left it, and
        that a node killed as it was made can leave with no leader for good; so there the client keeps
        none: what is open is said again on every connect and every roll call instead (docs/protocol.md,
        "Sessions")."""
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=not self._keeps_session,
            protocol=mqtt.MQTTv311,
        )
        if broker.username is not None:
            client.username_pw_set(broker.username, broker.password)
        if broker.tls:
            cafile = str(broker.ca_file) if broker.ca_file else None
            client.tls_set_context(ssl.create_default_context(cafile=cafile))
        if will is not None:
            client.will_set(will.topic, will.payload, qos=1, retain=True)
        # paho's hint says int, but it takes and doubles fractions of a second as well.
        client.reconnect_delay_set(timing.reconnect_first_s, timing.reconnect_max_s)  # type: ignore[arg-type]
        client.connect_timeout = timing.connect_timeout_s
        client.on_socket_open = self._handle_socket_open
        client.on_connect = self._handle_connect
        client.on_subscribe = self._handle_subscribe
        client.on_connect_fail = self._handle_connect_fail
        client.on_disconnect = self._handle_disconnect
        client.on_message = self._handle_message
        self._client = client

    @property
    def client_id(self) -> str:
        """The id this link gives the broker it uses or tries now."""
        return self._client_id if len(self._brokers) == 1 else f"{self._client_id}.{self._current}"

    @property
    def broker(self) -> BrokerUrl:
        """The broker this link uses or tries now."""
        return self._brokers[self._current]

    def start(self) -> None:
        self._aim()
        self._client.loop_start()

    def _aim(self) -> None:
        """Point paho at the current broker; its loop connects there on its next try."""
        if len(self._brokers) > 1:
            # Even a session not kept leaves a queue named after the client id on the node that made
            # it, and a node killed keeps that name taken until it is back: so on each node of the
            # list the client goes by its own id, `lantern-tablet-clinicA-12.1` on the second.
            # paho 2 has no setter; the id is read afresh at every CONNECT.
            self._client._client_id = self.client_id.encode()
        self._client.connect_async(self.broker.host, self.broker.port, keepalive=self._timing.keepalive_s)

    def _next_broker(self) -> None:
        """paho's thread, with the connection closed: the next try goes to the next broker of the list."""
        self._socket_open = False
        if len(self._brokers) > 1 and not self._stopping:
            self._current = (self._current + 1) % len(self._brokers)
            log.info("Trying the next broker of the list: %s", self.broker)
            self._aim()

    def publish(self, message: Outgoing) -> bool:
        """Hand a message to paho; False when there is no connection (the owner sends it again later)."""
        if not self._connected:
            return False
        info = self._client.publish(message.topic, message.payload, qos=message.qos, retain=message.retain)
        return info.rc == MQTTErrorCode.MQTT_ERR_SUCCESS

    def publish_many(self, messages: Sequence[Outgoing], timeout_s: float) -> bool:
        """Send every message and wait until the broker has confirmed them all (a content set's chunks)."""
        if not self._connected:
            return False
        infos = [
            self._client.publish(message.topic, message.payload, qos=message.qos, retain=message.retain)
            for message in messages
        ]
        deadline = time.monotonic() + timeout_s
        try:
            for info in infos:
                info.wait_for_publish(timeout=max(0.0, deadline - time.monotonic()))
        except (RuntimeError, ValueError) as error:
            log.warning("Not every message reached the broker: %s", error)
            return False
        return all(info.is_published() for info in infos)

    def subscribe(self, topic: str) -> None:
        """Listen to one more topic for now (not again after a reconnect: the owner decides that)."""
        if self._connected:
            self._client.subscribe(topic, qos=1)

    def unsubscribe(self, topic: str) -> None:
        if self._connected:
            self._client.unsubscribe(topic)

    def stop(self, farewell: Retained | None = None) -> None:
        """Say goodbye (a clean disconnect sends no last will, so the farewell replaces it) and stop."""
        if farewell is not None and self._connected:
            info = self._client.publish(farewell.topic, farewell.payload, qos=1, retain=True)
            try:
                info.wait_for_publish(timeout=_FAREWELL_WAIT_S)
            except (RuntimeError, ValueError) as error:
                log.info("The goodbye to the broker was not confirmed: %s", error)
        self._stopping = True
        self._client.disconnect()
        self._client.loop_stop()
        self._report(False, None)

    def _report(self, connected: bool, problem: str | None) -> None:
        with self._lock:
            changed = (connected, problem) != (self._connected, self._problem)
            self._connected, self._problem = connected, problem
        if not changed:
            return
        if problem:
            log.warning("%s", problem)
        else:
            log.info("%s the broker at %s", "Connected to" if connected else "Disconnected from", self.broker)
        try:
            self._on_link(connected, problem)
        except Exception:
            log.exception("The link listener failed")

    @_guarded
    def _handle_socket_open(self, client: mqtt.Client, userdata: Any, sock: Any) -> None:
        self._socket_open = True
        _no_delay(client, userdata, sock)
        if len(self._brokers) > 1:
            with self._lock:
                self._answered = None
            timer = threading.Timer(self._connack_wait_s, self._leave_if_unanswered, (sock,))
            timer.daemon = True
            timer.start()

    def _leave_if_unanswered(self, sock: socket.socket) -> None:
        """A timer's thread: shut the socket of a CONNECT still unanswered, so paho's own thread sees
        the connection end and moves on to the next broker (paho waits a whole keepalive for it).
        The next wait is twice as long (up to twice the keepalive), so a fleet moving at once onto a
        slow node does not give up on it over and over."""
        with self._lock:
            if self._answered is sock or self._client.socket() is not sock:
                return
            waited, self._connack_wait_s = (
                self._connack_wait_s,
                min(self._connack_wait_s * 2, 2.0 * self._timing.keepalive_s),
            )
            # The plain socket's shutdown: an SSL socket's own would pull its TLS state from under
            # paho's thread. paho then reads the end of the stream and reconnects elsewhere.
            with contextlib.suppress(OSError):  # closed meanwhile
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
        log.info("Left the broker at %s: no answer to the connection in %g s", self.broker, waited)

    @_guarded
    def _handle_connect(
        self, client: mqtt.Client, _userdata: Any, _flags: Any, reason: ReasonCode, _properties: Any
    ) -> None:
        with self._lock:
            self._answered = client.socket()
            self._connack_wait_s = self._timing.connack_timeout_s
        if reason.is_failure:
            words = _REFUSALS.get(reason.value, f"it answered {reason}")
            self._report(False, f"The broker at {self.broker} refused the connection: {words}.")
            return  # the broker hangs up next; that disconnect moves on to the next broker
        _, self._subscribe_mid = client.subscribe(self._subscriptions)

    @_guarded
    def _handle_subscribe(
        self, _client: mqtt.Client, _userdata: Any, mid: int, reasons: list[ReasonCode], _properties: Any
    ) -> None:
        """Ready only once the broker confirmed the subscriptions, so no status or call slips past."""
        if mid != self._subscribe_mid:
            return
        refused = [
            topic
            for (topic, _), reason in zip(self._subscriptions, reasons, strict=False)
            if reason.is_failure
        ]
        words = (
            f"The broker at {self.broker} refused to pass on {', '.join(refused)} (check its access rules)."
        )
        self._report(True, words if refused else None)

    @_guarded
    def _handle_connect_fail(self, _client: mqtt.Client, _userdata: Any) -> None:
        # paho calls this from inside its `except OSError` block, so the error is still at hand.
        words = _connect_failure_words(sys.exc_info()[1])
        self._report(False, f"Cannot reach the broker at {self.broker}: {words}.")
        self._next_broker()

    @_guarded
    def _handle_disconnect(
        self, _client: mqtt.Client, _userdata: Any, _flags: Any, _reason: ReasonCode, _properties: Any
    ) -> None:
        if self._stopping:
            self._report(False, None)
            return
        if self._connected:
            self._report(False, f"Lost the connection to the broker at {self.broker}; reconnecting.")
        if self._socket_open:
            self._next_broker()

    @_guarded
    def _handle_message(self, _client: mqtt.Client, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        self._on_message(message.topic, bytes(message.payload))
