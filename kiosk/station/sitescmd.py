"""`lantern sites`: the head office's table of every site on the broker or cluster, refreshed every
second (or printed once with `--once`): which stations and tablets are online, which rooms have open
calls and how far each is. Read-only: it takes no call (kiosk.station.watch).

Exit status: 0, or 2 when no broker could be used; with `--once`, 1 when the broker was not reached.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from datetime import datetime

from kiosk.config import arguments
from kiosk.config.broker_choice import configured_broker
from kiosk.config.deployment import DeploymentError, load_deployment
from kiosk.config.paths import data_dir
from kiosk.station.watch import OpenCall, SiteView, SiteWatcher
from kiosk.wire.broker import BrokerStartError, ensure_local_broker
from kiosk.wire.broker_url import shown
from kiosk.wire.protocol import StationState

_STATES = {
    None: "calling, no console has it yet",
    StationState.RECEIVED: "ringing at the station",
    StationState.ON_WAY: "a nurse is on the way",
    StationState.HERE: "a nurse is with the patient",
}
_CLEAR_SCREEN = "\x1b[H\x1b[2J"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_config(parser)
    arguments.add_broker(parser, default=f"from --config, else {arguments.EMBEDDED}")
    parser.add_argument("--once", action="store_true", help="listen for --listen seconds, print once and end")
    parser.add_argument("--listen", type=float, default=4.0, help="seconds to listen before printing (4)")
    arguments.add_id(parser, "--watch-id", "watcher id", default="headoffice", words="default: headoffice")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")  # the table says the rest
    try:
        deployment = load_deployment(args.config)
        broker = configured_broker(deployment, args.broker) or ensure_local_broker(data_dir()).url
    except (DeploymentError, BrokerStartError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    watcher = SiteWatcher(broker, watcher_id=args.watch_id)
    watcher.start()
    stopping = threading.Event()
    try:
        stopping.wait(args.listen)
        while True:
            text = render(watcher.sites(), shown(broker), watcher.problem, datetime.now())
            if args.once:
                print(text)
                return 0 if watcher.connected else 1
            print(_CLEAR_SCREEN + text, flush=True)
            stopping.wait(1.0)
    except KeyboardInterrupt:
        return 0
    finally:
        watcher.stop()


def render(sites: list[SiteView], broker: str, problem: str | None, now: datetime) -> str:
    """The whole table as plain text: a block per site, a row per room."""
    lines = [f"Lantern sites on {broker}, {now:%H:%M:%S}"]
    if problem:
        lines.append(f"!! {problem}")
    if not sites:
        lines.append("No site heard yet.")
    for site in sites:
        lines += ["", *_site_lines(site)]
    return "\n".join(lines)


def _site_lines(site: SiteView) -> list[str]:
    stations = [
        f"{station.peer} ({'no console' if station.peer in site.headless else 'rings'})"
        for station in site.stations
        if station.online
    ]
    online = sum(tablet.online for tablet in site.tablets)
    lines = [
        f"site {site.site}: stations online: {', '.join(stations) or 'NONE'}; "
        f"tablets online: {online} of {len(site.tablets)}",
        f"  {'room':<12} {'tablet':<8} open calls",
    ]
    calls: dict[str, list[OpenCall]] = {}
    for call in site.calls:
        calls.setdefault(call.room, []).append(call)
    tablets = {tablet.peer: tablet.online for tablet in site.tablets}
    for room in sorted(tablets.keys() | calls.keys()):
        state = {True: "online", False: "OFFLINE", None: "unheard"}[tablets.get(room)]
        words = "; ".join(_call_words(call) for call in calls.get(room, []))
        lines.append(f"  {room:<12} {state:<8} {words}".rstrip())
    return lines


def _call_words(call: OpenCall) -> str:
    waited = max(0, int(time.time() - call.pressed_at))
    return f"{call.kind}: {_STATES[call.state]} ({waited // 60}:{waited % 60:02d} since the press)"
