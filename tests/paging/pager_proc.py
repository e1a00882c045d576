"""A paging console without its window, in its own process, for tests that kill it with SIGKILL.

Arguments: the site, broker, data folder, station id, and the phones as JSON. On stdout one JSON line
per change of who pages (`{"event": "pager", "pager": ID}`) and per page another console told it
of (`{"event": "heard", "room": ROOM}`); `quit` on stdin stops it.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from kiosk.config.deployment import EscalationTier, PhoneTarget
from kiosk.station.core import StationSnapshot
from kiosk.wire.broker_url import parse_broker_url
from tests.helpcall.tablet_proc import emit
from tests.paging.rig import PagingStation, deployment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--broker", required=True, type=parse_broker_url)
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--station-id", required=True)
    parser.add_argument("--stations", required=True, help="the site's station ids, comma-separated")
    parser.add_argument("--phones", required=True, help="a JSON list of phones as in lantern.toml")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    phones = tuple(PhoneTarget.model_validate(phone) for phone in json.loads(args.phones))
    tiers = (EscalationTier(after_seconds=0, notify=sorted({tag for phone in phones for tag in phone.tags})),)
    settings = deployment(args.site, args.station_id, phones, tiers, stations=tuple(args.stations.split(",")))
    station = PagingStation.start(settings, args.data_dir, args.broker)
    last: list[str | None] = [None]

    def pager_changed(snapshot: StationSnapshot) -> None:
        if snapshot.pager != last[0]:
            last[0] = snapshot.pager
            emit({"event": "pager", "pager": snapshot.pager})

    station.core.add_listener(pager_changed)
    station.core.add_paged_listener(lambda paged: emit({"event": "heard", "room": paged.room}))
    for line in sys.stdin:
        if line.strip() == "quit":
            break
    station.stop()


if __name__ == "__main__":
    main()
