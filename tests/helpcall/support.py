"""Helpers shared by the help-call and station tests: bounded waits, recorders, real child processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.station.alarm_gate import AlarmGate
from kiosk.station.core import StationCore
from kiosk.wire.broker import find_mosquitto
from kiosk.wire.broker_url import BrokerAddress, BrokerUrl
from kiosk.wire.liveness import Liveness
from kiosk.wire.protocol import Topics
from kiosk.wire.timing import Timing
from tests.fixtures.brokers import Broker

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 10.0
FAST = Timing(
    heartbeat_s=0.2,
    silence_s=1.0,
    resend_first_s=0.1,
    resend_max_s=0.4,
    done_linger_s=0.5,
    keepalive_s=5,
    reconnect_max_s=1,
    quiet_log_s=0.0,
    room_burst=1000,
)

T = TypeVar("T")


def unique_site() -> str:
    """A site of its own per test, so no two tests ever read each other's topics."""
    return f"t{uuid.uuid4().hex[:12]}"


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    """Check a condition after short event waits; fail naming `what` after `timeout` seconds."""
    tick = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        tick.wait(0.01)


class Recorder(Generic[T]):
    """A listener that keeps everything it is given and lets a test wait for the next match.

    Each `wait_for` looks only after the previous match, so a sequence of waits asserts an order.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._cursor = 0
        self.seen: list[T] = []

    def __call__(self, item: T) -> None:
        with self._condition:
            self.seen.append(item)
            self._condition.notify_all()

    def wait_for(self, predicate: Callable[[T], bool], what: str, *, timeout: float = WAIT_S) -> T:
        with self._condition:
            self._condition.wait_for(lambda: self._match(predicate) is not None, timeout=timeout)
            index = self._match(predicate)
            if index is None:
                pytest.fail(f"timed out after {timeout:g} s waiting for {what}; last seen: {self.seen[-3:]}")
            self._cursor = index + 1
            return self.seen[index]

    def _match(self, predicate: Callable[[T], bool]) -> int | None:
        return next((i for i in range(self._cursor, len(self.seen)) if predicate(self.seen[i])), None)


class ThreadAlarm:
    """What a console's alarm does for its core, without Qt: a thread that beats the core's alarm gate
    and rings every call that waits. The real one (`kiosk.console.alarm.Alarm`) does it from the
    console's GUI loop; this stands in for it where the wire is under test, not the console.
    `freeze()` stops it, as a blocked GUI thread would; `hold()` keeps the loop turning but rings no
    new call yet, so a test can look at a tablet that has no receipt while the station is online."""

    def __init__(self, core: StationCore, every_s: float = 0.05) -> None:
        assert core.alarm is not None
        self._gate = core.alarm
        self._core = core
        self._every_s = every_s
        self._stopping = threading.Event()
        self.frozen = threading.Event()
        self.held = threading.Event()
        self._thread = threading.Thread(target=self._run, name="thread-alarm", daemon=True)
        self._thread.start()
        core.add_listener(self._ring)  # a new call rings at once, as the console's alarm does on a snapshot

    def freeze(self) -> None:
        self.frozen.set()

    def thaw(self) -> None:
        self.frozen.clear()

    def hold(self) -> None:
        self.held.set()

    def release(self) -> None:
        self.held.clear()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(WAIT_S)

    def _run(self) -> None:
        while not self._stopping.wait(self._every_s):
            self._ring(self._core.snapshot())

    def _ring(self, snapshot: Any) -> None:
        if self.held.is_set():
            self._gate.beat()
        elif not self.frozen.is_set():
            self._gate.rang(call.id for call in snapshot.calls if call.ringing)


def start_station(
    request: pytest.FixtureRequest,
    data_dir: Path,
    broker: BrokerAddress,
    site: str,
    station_id: str = "st1",
    *,
    timing: Timing = FAST,
    rings: bool = True,
    stations: frozenset[str] | None = None,
    rooms: frozenset[str] = frozenset(),
) -> tuple[StationCore, Recorder[Any]]:
    """A station core; `rings`: with a live alarm (a ThreadAlarm, see `alarm_of`), else headless."""
    station = StationCore(
        data_dir,
        broker,
        site=site,
        station_id=station_id,
        timing=timing,
        alarm=AlarmGate() if rings else None,
        stations=stations,
        rooms=rooms,
    )
    recorder: Recorder[Any] = Recorder()
    station.add_listener(recorder)
    station.start()
    request.addfinalizer(station.stop)
    if rings:
        alarm = ThreadAlarm(station)
        request.addfinalizer(alarm.stop)
        _ALARMS[station] = alarm
    return station, recorder


_ALARMS: weakref.WeakKeyDictionary[StationCore, ThreadAlarm] = weakref.WeakKeyDictionary()


def alarm_of(station: StationCore) -> ThreadAlarm:
    """The stand-in alarm of a station from `start_station`, for tests that freeze it."""
    return _ALARMS[station]


def start_tablet(
    request: pytest.FixtureRequest,
    data_dir: Path,
    broker: BrokerAddress,
    site: str,
    *,
    room: str = "12",
    timeout_s: float = 1.0,
    timing: Timing = FAST,
    liveness: Liveness | None = None,
    stations: frozenset[str] | None = None,
) -> tuple[TabletHelpCall, Recorder[Any]]:
    tablet = TabletHelpCall(
        room,
        data_dir,
        broker,
        site=site,
        receipt_timeout_s=timeout_s,
        timing=timing,
        liveness=liveness,
        stations=stations,
    )
    recorder: Recorder[Any] = Recorder()
    tablet.add_listener(recorder)
    tablet.start()
    request.addfinalizer(tablet.stop)
    return tablet, recorder


def start_linked(
    request: pytest.FixtureRequest,
    broker: BrokerAddress,
    folder: Path,
    site: str,
    *,
    room: str = "12",
    timeout_s: float = 1.0,
) -> tuple[StationCore, Recorder[Any], TabletHelpCall, Recorder[Any]]:
    """A station and a room's tablet on one site, started, the tablet already hearing the station."""
    station, station_seen = start_station(request, folder / "station", broker, site)
    tablet, seen = start_tablet(request, folder / "tablet", broker, site, room=room, timeout_s=timeout_s)
    seen.wait_for(lambda snapshot: snapshot.station_online, "the tablet to hear the station")
    return station, station_seen, tablet, seen


def call_json(call_id: str, room: str = "12", **changes: object) -> str:
    """A v1 call payload as a tablet would send it; `changes` break it on purpose."""
    fields = {"v": 1, "id": call_id, "room": room, "kind": "now", "pressed_at": time.time(), "attempt": 1}
    fields.update(changes)
    return json.dumps(fields)


def mosquitto_pub(broker: Broker, topic: str, *message: str) -> None:
    """Exactly what an outsider would type (see docs/protocol.md)."""
    pub = str(Path(find_mosquitto() or "mosquitto").with_name("mosquitto_pub"))
    pub = pub if Path(pub).exists() else "mosquitto_pub"
    command = [pub, "-h", "127.0.0.1", "-p", str(broker.port), "-q", "1", "-t", topic, *message]
    subprocess.run(command, check=True, timeout=10)


def start_two_stations(
    request: pytest.FixtureRequest, broker: BrokerAddress, folder: Path, site: str
) -> tuple[StationCore, Recorder[Any], StationCore, Recorder[Any]]:
    """Two consoles' cores ("desk" and "hall") on one site, both connected."""
    desk, desk_seen = start_station(request, folder / "desk", broker, site, "desk")
    hall, hall_seen = start_station(request, folder / "hall", broker, site, "hall")
    desk_seen.wait_for(lambda snapshot: snapshot.broker_connected, "desk to connect")
    hall_seen.wait_for(lambda snapshot: snapshot.broker_connected, "hall to connect")
    return desk, desk_seen, hall, hall_seen


class Child:
    """A real child process; a thread collects its output lines so tests can wait on them.

    `on_line` also hears every line as it comes, on that thread, for drivers that react to events
    (the benchmarks); `send` may be called from any thread.
    """

    def __init__(
        self,
        args: list[str],
        *,
        env: dict[str, str] | None = None,
        on_line: Callable[[str], None] | None = None,
    ) -> None:
        self.process = subprocess.Popen(
            args,
            cwd=REPO,
            env={**os.environ, **(env or {})},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: Recorder[str] = Recorder()
        self._on_line = on_line
        self._send_lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines(line.rstrip("\n"))
            if self._on_line is not None:
                self._on_line(line.rstrip("\n"))

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        with self._send_lock:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()

    def wait_for_event(self, predicate: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        """The next JSON line that matches (the tablet harness prints one per snapshot)."""
        line = self.lines.wait_for(lambda line: line.startswith("{") and predicate(json.loads(line)), what)
        event: dict[str, Any] = json.loads(line)
        return event

    def kill(self) -> None:
        """SIGKILL: no goodbye, no flush, exactly like a crash."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=WAIT_S)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            self.kill()
            raise


def spawn(request: pytest.FixtureRequest, args: list[str], *, env: dict[str, str] | None = None) -> Child:
    child = Child([sys.executable, *args], env=env)
    request.addfinalizer(child.kill)
    return child


class MqttProbe:
    """A plain MQTT client for tests that play one side of the protocol by hand."""

    def __init__(self, broker: BrokerUrl, topic: str) -> None:
        self.messages: Recorder[tuple[str, bytes]] = Recorder()
        self.arrivals: list[float] = []
        """When (time.monotonic()) each message arrived."""
        self._client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"probe-{uuid.uuid4().hex[:8]}")
        self._subscribed = threading.Event()
        self._retained: dict[str, bytes] = {}
        self._roll_calls: str | None = None
        self._client.on_message = lambda _c, _u, message: self._heard(message)
        self._client.on_subscribe = lambda *_: self._subscribed.set()
        self._client.on_connect = lambda client, *_: client.subscribe(topic, qos=1)
        if broker.username:
            self._client.username_pw_set(broker.username, broker.password)
        self._client.connect(broker.host, broker.port)
        self._client.loop_start()
        if not self._subscribed.wait(WAIT_S):
            pytest.fail(f"the probe could not subscribe to {topic}")

    def _heard(self, message: mqtt.MQTTMessage) -> None:
        if self._roll_calls is not None and mqtt.topic_matches_sub(self._roll_calls, message.topic):
            for topic, payload in list(self._retained.items()):
                self._client.publish(topic, payload, qos=1, retain=True)
            return
        self.arrivals.append(time.monotonic())
        self.messages((message.topic, bytes(message.payload)))

    def answer_roll_calls(self, roll_calls: str) -> None:
        """From now on, answer every roll call on `roll_calls` with what this probe retained, as a peer
        of protocol 2 answers with its presence: on RabbitMQ, a retained presence never reaches a peer
        that subscribes with a wildcard, so that is how a peer started later learns who is there."""
        self._roll_calls = roll_calls
        self._subscribed.clear()
        self._client.subscribe(roll_calls, qos=0)
        if not self._subscribed.wait(WAIT_S):
            pytest.fail(f"the probe could not subscribe to {roll_calls}")

    def publish(self, topic: str, payload: bytes, *, retain: bool = False) -> None:
        if retain:
            self._retained[topic] = payload
        self._client.publish(topic, payload, qos=1, retain=retain).wait_for_publish(WAIT_S)

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()


def probe(request: pytest.FixtureRequest, broker: BrokerUrl, topic: str) -> MqttProbe:
    client = MqttProbe(broker, topic)
    request.addfinalizer(client.close)
    return client


def desk_probe(request: pytest.FixtureRequest, broker: BrokerUrl, site: str, room: str = "12") -> MqttProbe:
    """A probe playing station `desk`, online and ringing (its presence retained), that hears the
    room's calls: for tests of what a tablet sends, with no station's answers in the way."""
    topics = Topics(site)
    desk = probe(request, broker, topics.room(room, "call"))
    word = {"v": 2, "station": "desk", "online": True, "rings": True, "instance": "0123abcd", "seq": 1}
    desk.publish(
        topics.station("desk", "presence"), json.dumps({**word, "sent_at": time.time()}).encode(), retain=True
    )
    return desk
