"""Help-call latency with 200 tablets on one Mosquitto, beside a bare paho QoS 1 round trip.

Run from the repository root:

    .venv/bin/python -m bench.helpcall_latency           # 200 tablets, 2400 presses at 40/s (~90 s)
    .venv/bin/python -m bench.helpcall_latency --quick   # 200 tablets, 300 presses (~20 s)

Everything is real and on 127.0.0.1: a Mosquitto this script starts (no-delay, like the embedded
one), StationCore in its own process, and real TabletHelpCall objects, several per process, all with
the protocol's own timing. Presses arrive open-loop (Poisson, at --rate), each on a tablet that has
no call open, so a slow answer never holds back the next press. The times are CLOCK_MONOTONIC read
in each process (one clock for the whole machine): the press just before `press()` on the tablet,
ringing in the station's listener, acknowledge just before `acknowledge()`, ON_WAY in the tablet's
listener. The bare paho figures come from a separate process publishing one QoS 1 message at a time
to the same broker, first with the tablets idle, then during the presses.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from bench.figures import LATENCY_HEADER, latency_row, percentile, print_table
from bench.rig import Event, Rig
from kiosk.wire.transport import _no_delay as no_delay
from tests.helpcall.support import Child

GOAL_P99_MS = 50.0
GOAL_P999_MS = 250.0
WAIT_S = 60.0


@dataclass
class CallTimes:
    """When each step of one call happened (CLOCK_MONOTONIC seconds), as each process saw it."""

    room: str | None = None
    pressed: float | None = None
    rang: float | None = None
    received: float | None = None
    acked: float | None = None
    on_way: float | None = None
    done: bool = False


class Driver:
    """Plays the patients and the nurse: presses, acknowledges once the tablet shows the receipt,
    clears once it shows ON_WAY; a tablet is free for its next press when it shows DONE."""

    def __init__(self, rig: Rig, rooms: list[str], processes: int) -> None:
        self._changed = threading.Condition()
        self.calls: defaultdict[str, CallTimes] = defaultdict(CallTimes)
        self._idle = set(rooms)
        self._ready: set[str] = set()
        self._station = rig.station(self._on_station)
        self._hosts: dict[str, Child] = {}
        for index in range(processes):
            share = rooms[index::processes]
            host = rig.tablets(share, self._on_tablet)
            self._hosts.update(dict.fromkeys(share, host))

    def wait_ready(self) -> None:
        """Every tablet connected and sees the station online."""
        self._wait(lambda: len(self._ready) == len(self._hosts), "every tablet to see the station")

    def press(self, rng: random.Random) -> None:
        """Press on a random tablet that has no call open."""
        with self._changed:
            self._wait(lambda: bool(self._idle), "a tablet with no call open")
            self.press_in(rng.choice(sorted(self._idle)))

    def press_in(self, room: str) -> None:
        """Press on this room's tablet, which has no call open."""
        with self._changed:
            self._idle.remove(room)
        self._hosts[room].send(f"press now {room}")

    def host(self, room: str) -> Child:
        """The tablet process that holds this room."""
        return self._hosts[room]

    def wait_done(self, presses: int) -> None:
        self._wait(lambda: sum(c.done for c in self.calls.values()) >= presses, "every call to be done")

    def _wait(self, condition: Callable[[], bool], what: str) -> None:
        with self._changed:
            if not self._changed.wait_for(condition, timeout=WAIT_S):
                raise TimeoutError(f"gave up after {WAIT_S:g} s waiting for {what}")

    def _on_station(self, event: Event) -> None:
        with self._changed:
            if event["event"] == "rang":
                self.calls[event["id"]].rang = event["t"]
            elif event["event"] == "acked":
                self.calls[event["id"]].acked = event["t"]

    def _on_tablet(self, event: Event) -> None:
        command = None
        with self._changed:
            call = self.calls[event["call_id"]] if event.get("call_id") else None
            if event["station_online"] and event["broker_connected"]:
                self._ready.add(event["room"])
            if event["event"] == "pressed" and call is not None:
                call.room, call.pressed = event["room"], event["t"]
            elif call is not None and event["state"] == "received" and call.received is None:
                call.received = event["t"]
                command = f"ack {event['call_id']}"
            elif call is not None and event["state"] == "on_way" and call.on_way is None:
                call.on_way = event["t"]
                command = f"clear {event['call_id']}"
            elif call is not None and event["state"] == "done" and not call.done:
                call.done = True
                self._idle.add(event["room"])
            self._changed.notify_all()
        if command:
            self._station.send(command)


def bare_round_trips(port: int, count: int, interval_s: float, results: Connection) -> None:
    """A separate process: `count` QoS 1 publishes, one at a time; sends back publish→PUBACK and
    publish→subscriber-receive samples in milliseconds."""
    topic = f"bench/probe/{uuid.uuid4().hex}"
    marks: dict[str, float] = {}
    acked, arrived, subscribed = threading.Event(), threading.Event(), threading.Event()

    def client(name: str) -> mqtt.Client:
        made = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"{name}-{uuid.uuid4().hex[:8]}")
        made.on_socket_open = no_delay  # as Lantern's clients do: Nagle's algorithm would add ~40 ms
        made.connect("127.0.0.1", port)
        made.loop_start()
        return made

    def on_message(_c: mqtt.Client, _u: Any, _m: mqtt.MQTTMessage) -> None:
        marks["received"] = time.monotonic()
        arrived.set()

    def on_publish(_c: mqtt.Client, _u: Any, _mid: int, _rc: Any, _p: Any) -> None:
        marks["acked"] = time.monotonic()
        acked.set()

    receiver = client("probe-sub")
    receiver.on_message = on_message
    receiver.on_subscribe = lambda *_: subscribed.set()
    receiver.subscribe(topic, qos=1)
    sender = client("probe-pub")
    sender.on_publish = on_publish
    if not subscribed.wait(10):
        raise TimeoutError("the probe could not subscribe")
    to_ack: list[float] = []
    to_receive: list[float] = []
    payload = b"x" * 150  # about the size of a call message
    for _ in range(count):
        acked.clear()
        arrived.clear()
        started = time.monotonic()
        sender.publish(topic, payload, qos=1)
        if not (acked.wait(5) and arrived.wait(5)):
            raise TimeoutError("a probe message was not acknowledged or delivered within 5 s")
        to_ack.append((marks["acked"] - started) * 1000)
        to_receive.append((marks["received"] - started) * 1000)
        time.sleep(max(0.0, started + interval_s - time.monotonic()))
    for made in (sender, receiver):
        made.disconnect()
        made.loop_stop()
    results.send((to_ack, to_receive))


def start_probe(port: int, count: int, interval_s: float) -> tuple[multiprocessing.Process, Connection]:
    receiving, sending = multiprocessing.get_context("spawn").Pipe(duplex=False)
    process = multiprocessing.get_context("spawn").Process(
        target=bare_round_trips, args=(port, count, interval_s, sending), daemon=True
    )
    process.start()
    return process, receiving


def finish_probe(probe: tuple[multiprocessing.Process, Connection]) -> tuple[list[float], list[float]]:
    process, receiving = probe
    if not receiving.poll(WAIT_S * 5):
        raise TimeoutError("the bare paho probe sent no figures")
    samples: tuple[list[float], list[float]] = receiving.recv()
    process.join(WAIT_S)
    return samples


def milliseconds(pairs: list[tuple[float | None, float | None]]) -> list[float]:
    return [(end - start) * 1000 for start, end in pairs if start is not None and end is not None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="300 presses instead of 2400")
    parser.add_argument("--tablets", type=int, default=200)
    parser.add_argument(
        "--processes", type=int, default=4, help="tablet processes (the tablets are shared out)"
    )
    parser.add_argument("--presses", type=int, help="default 2400 (300 with --quick)")
    parser.add_argument("--rate", type=float, default=40.0, help="presses per second, all tablets together")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    presses = args.presses or (300 if args.quick else 2400)
    rng = random.Random(args.seed)
    rooms = [f"r{index:03d}" for index in range(args.tablets)]
    print(
        f"{args.tablets} tablets in {args.processes} processes, 1 station process, Mosquitto on 127.0.0.1; "
        f"{presses} presses at {args.rate:g}/s (Poisson)\n"
    )
    with Rig() as rig:
        driver = Driver(rig, rooms, args.processes)
        driver.wait_ready()
        idle_probe = finish_probe(start_probe(rig.broker.port, presses, 0.0))
        loaded_probe = start_probe(rig.broker.port, presses, 1 / args.rate)
        started = time.monotonic()
        next_press = started
        for _ in range(presses):
            next_press += rng.expovariate(args.rate)
            time.sleep(max(0.0, next_press - time.monotonic()))
            driver.press(rng)
        driver.wait_done(presses)
        elapsed = time.monotonic() - started
        loaded = finish_probe(loaded_probe)
    calls = list(driver.calls.values())
    to_ring = milliseconds([(c.pressed, c.rang) for c in calls])
    to_on_way = milliseconds([(c.acked, c.on_way) for c in calls])
    goal = f"p99 <= {GOAL_P99_MS:g}, p99.9 <= {GOAL_P999_MS:g}"
    print_table(
        LATENCY_HEADER,
        [
            latency_row("press -> station rings (station listener)", to_ring, goal),
            latency_row("acknowledge -> tablet shows ON_WAY", to_on_way, goal),
            latency_row(
                "press -> tablet shows RECEIVED (receipt)",
                milliseconds([(c.pressed, c.received) for c in calls]),
            ),
            latency_row("bare paho publish -> PUBACK, tablets idle", idle_probe[0]),
            latency_row("bare paho publish -> subscriber, tablets idle", idle_probe[1]),
            latency_row("bare paho publish -> PUBACK, during presses", loaded[0]),
            latency_row("bare paho publish -> subscriber, during presses", loaded[1]),
        ],
    )
    print(f"\n{len(calls)} calls in {elapsed:.1f} s ('~': fewer than 1000 samples, p99.9 is only indicative)")
    for name, samples in (("press -> ring", to_ring), ("acknowledge -> ON_WAY", to_on_way)):
        met = percentile(samples, 99) <= GOAL_P99_MS and percentile(samples, 99.9) <= GOAL_P999_MS
        print(f"{name}: goal {'met' if met else 'MISSED'} ({goal} ms)")


if __name__ == "__main__":
    main()
