"""Kiosk tablets without a screen, for tests that kill them with SIGKILL or take their disk away, and
for the benchmarks in bench/ (several tablets per process, each a real TabletHelpCall).

Commands on stdin (`press KIND [ROOM]`, `refuse-writes`, `quit`); `press` reports once the press was
written (or failed to be), so a test can kill the process after that; every snapshot as a JSON line on
stdout, with its `room` and `t`, time.monotonic() when it happened: CLOCK_MONOTONIC is one clock for
every process on the machine, so other processes can time a press against it. `refuse-writes` sets
RLIMIT_FSIZE to 0, so the kernel refuses to grow any file: the outbox fails the way it does on a disk
that stops taking writes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import resource
import signal
import sys
import threading
import time
from pathlib import Path

from kiosk.helpcall.states import HelpCallSnapshot
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.wire.broker_url import BrokerAddress, parse_broker_url, parse_broker_urls
from kiosk.wire.protocol import CallKind
from kiosk.wire.timing import DEFAULT_TIMING
from tests.helpcall.support import FAST, WAIT_S

TIMINGS = {"fast": FAST, "protocol": DEFAULT_TIMING}
_print_lock = threading.Lock()


def emit(event: dict[str, object]) -> None:
    """One write per line, so a log line from another thread never lands inside an event."""
    with _print_lock:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()


def broker_argument(text: str) -> BrokerAddress:
    """`--broker URL` or `URL,URL,…` (a cluster's nodes, tried in order), passwords allowed in tests."""
    parts = text.split(",")
    return parse_broker_urls(parts) if len(parts) > 1 else parse_broker_url(text)


def snapshot_event(kind: str, room: str, snapshot: HelpCallSnapshot, at: float) -> dict[str, object]:
    fields = dataclasses.asdict(snapshot)
    fields["unanswered"] = sorted(fields["unanswered"])
    return {"event": kind, "room": room, "t": at, **fields}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--room", required=True, action="append", help="repeat for several tablets")
    parser.add_argument("--site", required=True)
    parser.add_argument("--broker", required=True, type=broker_argument)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--timeout", type=float, default=1.0)
    parser.add_argument("--timing", choices=sorted(TIMINGS), default="fast")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    tablets: dict[str, TabletHelpCall] = {}
    for room in args.room:
        tablet = TabletHelpCall(
            room,
            args.data_dir,
            args.broker,
            site=args.site,
            receipt_timeout_s=args.timeout,
            timing=TIMINGS[args.timing],
        )
        tablet.add_listener(
            lambda snapshot, room=room: emit(snapshot_event("snapshot", room, snapshot, time.monotonic()))
        )
        tablet.start()
        tablets[room] = tablet
    for line in sys.stdin:
        command = line.split()
        if command[0] == "press":
            room = command[2] if len(command) > 2 else args.room[0]
            pressed_at = time.monotonic()
            tablets[room].press(CallKind(command[1]))
            tablets[room].wait_written(WAIT_S)
            emit(snapshot_event("pressed", room, tablets[room].snapshot(), pressed_at))
        elif command[0] == "refuse-writes":
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
            emit({"event": "writes refused"})
        elif command[0] == "quit":
            break
    for tablet in tablets.values():
        tablet.stop()


if __name__ == "__main__":
    main()
