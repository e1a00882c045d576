"""Supervision and recovery: how soon the station sees a dead tablet, and how soon calls made while the
broker was down reach it once the broker is back.

Run from the repository root:

    .venv/bin/python -m bench.supervision           # ~3 min
    .venv/bin/python -m bench.supervision --quick   # ~30 s

All with the protocol's own timing (heartbeat 2 s, silence 10 s), on a Mosquitto this script starts on
127.0.0.1, with StationCore in its own process and real TabletHelpCall objects in tablet processes.
1. kill -9 of a tablet process: the broker publishes its last will at once.
2. SIGSTOP of a tablet process: the socket stays open, so no last will; the station's silence
   rule (10 s without a heartbeat) is what notices. The broker itself drops the frozen client only
   after 1.5 x its keepalive (15 s), and then publishes the will.
3. Mosquitto killed, one press on each of 10 tablets while it is down, Mosquitto started again after
   the outage: time from starting the broker again to the station ringing for every call, and to
   every tablet showing the receipt. paho's reconnect back-off (Timing.reconnect_max_s) decides most
   of it, so outages of several lengths are measured.
Times are CLOCK_MONOTONIC, read by each process (one clock for the whole machine).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import time
from collections.abc import Callable

from bench.figures import print_table
from bench.rig import Event, Rig
from kiosk.wire.timing import DEFAULT_TIMING
from tests.helpcall.support import Recorder

GOAL_OFFLINE_S = 10.0
GOAL_RECOVERY_S = 2.0
WAIT_S = 60.0


def each(
    recorder: Recorder[Event], keys: set[str], match: Callable[[Event], str | None], what: str
) -> dict[str, Event]:
    """Wait for one event per key, in whatever order they come; `match` names an event's key or None."""
    found: dict[str, Event] = {}
    while len(found) < len(keys):
        event = recorder.wait_for(lambda e: match(e) in keys - set(found), what, timeout=WAIT_S)
        found[str(match(event))] = event
    return found


def keyed(key: str, condition: Callable[[Event], bool]) -> Callable[[Event], str | None]:
    """An event's `key` field when the event meets `condition`, for `each`."""
    return lambda e: e[key] if condition(e) else None


def tablet_went(online: bool) -> Callable[[Event], str | None]:
    return keyed("room", lambda e: e["event"] == "tablet" and e["online"] is online)


def until_offline(rig: Rig, station: Recorder[Event], rooms: list[str], how: signal.Signals) -> list[float]:
    """Start a tablet process per room, wait until the station sees them all, then signal each at a
    random moment of its heartbeat cycle."""
    hosts = {room: rig.tablets([room], Recorder()) for room in rooms}
    each(station, set(rooms), tablet_went(True), "the tablets to come online")
    sent_at = {}
    for room, host in hosts.items():
        time.sleep(random.uniform(0, DEFAULT_TIMING.heartbeat_s))  # any moment of the heartbeat cycle
        sent_at[room] = time.monotonic()
        os.kill(host.process.pid, how)
    offline = each(station, set(rooms), tablet_went(False), "the station to show the tablets offline")
    for host in hosts.values():
        host.kill()
    return [offline[room]["t"] - sent_at[room] for room in rooms]


def after_outage(
    rig: Rig, station: Recorder[Event], outage_s: float, rooms: list[str]
) -> tuple[float, float, float]:
    """Seconds from restarting the broker to: the station connected, every call ringing, every tablet
    showing its receipt."""
    tablets: Recorder[Event] = Recorder()
    host = rig.tablets(rooms, tablets)
    ready = keyed("room", lambda e: bool(e.get("station_online") and e.get("broker_connected")))
    each(tablets, set(rooms), ready, "the tablets to see the station")
    down_at = time.monotonic()
    rig.broker.kill()
    station.wait_for(lambda e: e["event"] == "link" and not e["connected"], "the station to lose the broker")
    cut_off = keyed("room", lambda e: e["event"] == "snapshot" and not e["broker_connected"])
    each(tablets, set(rooms), cut_off, "the tablets to lose the broker")
    for room in rooms:
        host.send(f"press now {room}")
    pressed = each(tablets, set(rooms), keyed("room", lambda e: e["event"] == "pressed"), "the presses")
    calls = {event["call_id"] for event in pressed.values()}
    time.sleep(max(0.0, down_at + outage_s - time.monotonic()))
    up_at = time.monotonic()
    rig.broker.start()
    linked = station.wait_for(
        lambda e: e["event"] == "link" and e["connected"], "the station to reconnect", timeout=WAIT_S
    )
    rang = each(station, calls, keyed("id", lambda e: e["event"] == "rang"), "every call to ring")
    shown = keyed("call_id", lambda e: e["event"] == "snapshot" and e["state"] == "received")
    received = each(tablets, calls, shown, "every tablet to show its receipt")
    host.kill()
    return (
        linked["t"] - up_at,
        max(event["t"] for event in rang.values()) - up_at,
        max(event["t"] for event in received.values()) - up_at,
    )


def seconds_row(what: str, samples: list[float], goal: str) -> list[str]:
    return [
        what,
        str(len(samples)),
        f"{min(samples):.2f}",
        f"{statistics.median(samples):.2f}",
        f"{max(samples):.2f}",
        goal,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer tablets, one short outage")
    args = parser.parse_args()
    kills, freezes = (3, 2) if args.quick else (10, 6)
    outages = [2.0] if args.quick else [2.0, 10.0, 30.0]
    print(
        f"protocol timing: heartbeat {DEFAULT_TIMING.heartbeat_s:g} s, silence {DEFAULT_TIMING.silence_s:g} s, "
        f"keepalive {DEFAULT_TIMING.keepalive_s} s, reconnect back-off 1 .. {DEFAULT_TIMING.reconnect_max_s} s\n"
    )
    with Rig() as rig:
        station: Recorder[Event] = Recorder()
        rig.station(station)
        station.wait_for(lambda e: e["event"] == "link" and e["connected"], "the station to connect")
        killed = until_offline(rig, station, [f"k{i}" for i in range(kills)], signal.SIGKILL)
        frozen = until_offline(rig, station, [f"f{i}" for i in range(freezes)], signal.SIGSTOP)
        print_table(
            ["tablet offline at the station after", "n", "min s", "median s", "max s", "goal"],
            [
                seconds_row("kill -9 (last will)", killed, f"<= {GOAL_OFFLINE_S:g} s"),
                seconds_row("SIGSTOP (heartbeat silence)", frozen, f"<= {GOAL_OFFLINE_S:g} s"),
            ],
        )
        print()
        rows = []
        for index, outage_s in enumerate(outages):
            rooms = [f"o{index}-{i}" for i in range(10)]
            linked, rang, received = after_outage(rig, station, outage_s, rooms)
            rows.append(
                [
                    f"{outage_s:g} s",
                    f"{linked:.2f}",
                    f"{rang:.2f}",
                    f"{received:.2f}",
                    f"<= {GOAL_RECOVERY_S:g} s",
                ]
            )
        print_table(
            ["broker down for", "station back s", "all 10 calls ring s", "all 10 receipts s", "goal (ring)"],
            rows,
        )
    print(
        "\nrecovery times count from the moment the broker is started again (Mosquitto itself takes ~10 ms)"
    )


if __name__ == "__main__":
    main()
