"""`python -m kiosk.station`: a headless station that records calls and sends receipts.

For IT (check the loop without the console) and for tests that kill a station with SIGKILL. It never
acknowledges a call; that is the console's job. Events go to the log on stderr.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence

from kiosk.config import arguments
from kiosk.config.logs import configure_logging
from kiosk.config.paths import data_dir
from kiosk.station.core import StationCore
from kiosk.wire.broker import BrokerStartError, ensure_local_broker


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.station", description=__doc__)
    arguments.add_broker(parser)
    arguments.add_id(parser, "--site", "site", default="clinic", words="default: clinic")
    arguments.add_id(parser, "--station-id", "station id", words="default: this machine's host name")
    args = parser.parse_args(argv)
    configure_logging("station")
    folder = data_dir()
    try:
        broker = args.broker or ensure_local_broker(folder).url
    except BrokerStartError as error:
        logging.getLogger(__name__).error("%s", error)
        return 2
    try:
        station = StationCore(folder, broker, site=args.site, station_id=args.station_id)
    except ValueError as error:
        parser.error(str(error))
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    station.start()
    stopping.wait()
    station.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
