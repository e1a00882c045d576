"""A kiosk tablet without a screen, for tests that kill it with SIGKILL or take its disk away.

Commands on stdin (`press KIND`, `refuse-writes`, `quit`); every snapshot as a JSON line on stdout.
`refuse-writes` sets RLIMIT_FSIZE to 0, so the kernel refuses to grow any file: the outbox fails the
way it does on a disk that stops taking writes.
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
from pathlib import Path

from kiosk.config.broker_url import parse_broker_url
from kiosk.helpcall.protocol import CallKind
from kiosk.helpcall.states import HelpCallSnapshot
from kiosk.helpcall.tablet import TabletHelpCall
from tests.helpcall.support import FAST

_print_lock = threading.Lock()


def emit(kind: str, snapshot: HelpCallSnapshot) -> None:
    with _print_lock:
        print(json.dumps({"event": kind, **dataclasses.asdict(snapshot)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--room", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--broker", required=True, type=parse_broker_url)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--timeout", type=float, default=1.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stdout)
    tablet = TabletHelpCall(
        args.room, args.data_dir, args.broker, site=args.site, receipt_timeout_s=args.timeout, timing=FAST
    )
    tablet.add_listener(lambda snapshot: emit("snapshot", snapshot))
    tablet.start()
    for line in sys.stdin:
        command = line.split()
        if command[0] == "press":
            emit("pressed", tablet.press(CallKind(command[1])))
        elif command[0] == "refuse-writes":
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
            print(json.dumps({"event": "writes refused"}), flush=True)
        elif command[0] == "quit":
            break
    tablet.stop()


if __name__ == "__main__":
    main()
