"""A console's station core without its window, in its own process: for tests that kill it with
SIGKILL and benchmarks that time it from outside. Its alarm is a ThreadAlarm, so it rings (and its
receipts count) like a console's.

Commands on stdin (`ack ID`, `clear ID`, `quit`). On stdout one JSON line per event, each with `t`,
time.monotonic() when it happened (one clock for every process on the machine):
`rang` (a call new to the station is stored and ringing), `acked` (taken just before acknowledging),
`tablet` (a room went online or offline) and `link` (the broker connection changed).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from kiosk.station.alarm_gate import AlarmGate
from kiosk.station.core import StationCore, StationSnapshot
from tests.helpcall.support import ThreadAlarm
from tests.helpcall.tablet_proc import TIMINGS, broker_argument, emit


class EventWriter:
    """Turns station snapshots into events: what changed since the previous snapshot, and when."""

    def __init__(self) -> None:
        self._rang: set[str] = set()
        self._tablets: dict[str, bool] = {}
        self._connected = False

    def __call__(self, snapshot: StationSnapshot) -> None:
        now = time.monotonic()
        if snapshot.broker_connected != self._connected:
            self._connected = snapshot.broker_connected
            emit({"event": "link", "connected": self._connected, "t": now})
        for tablet in snapshot.tablets:
            if self._tablets.get(tablet.peer) != tablet.online:
                self._tablets[tablet.peer] = tablet.online
                emit({"event": "tablet", "room": tablet.peer, "online": tablet.online, "t": now})
        for call in snapshot.calls:
            if call.id not in self._rang:
                self._rang.add(call.id)
                emit({"event": "rang", "id": call.id, "room": call.room, "t": now})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--broker", required=True, type=broker_argument)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--station-id", default="desk")
    parser.add_argument("--timing", choices=sorted(TIMINGS), default="fast")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    station = StationCore(
        args.data_dir,
        args.broker,
        site=args.site,
        station_id=args.station_id,
        timing=TIMINGS[args.timing],
        alarm=AlarmGate(),
    )
    station.add_listener(EventWriter())
    station.start()
    alarm = ThreadAlarm(station)
    for line in sys.stdin:
        command = line.split()
        if command[0] == "ack":
            acked_at = time.monotonic()
            emit({"event": "acked", "id": command[1], "ok": station.acknowledge(command[1]), "t": acked_at})
        elif command[0] == "clear":
            station.clear(command[1])
        elif command[0] == "quit":
            break
    alarm.stop()
    station.stop()


if __name__ == "__main__":
    main()
