"""`lantern console`: the nurse-station console, fullscreen, over the station core.

Without `--config` it runs with no configured rooms (every room that calls still shows and rings) and
the embedded broker on this machine. F11 leaves and enters fullscreen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import arguments
from kiosk.config.broker_choice import configured_broker
from kiosk.config.deployment import DeploymentError, load_deployment
from kiosk.config.logs import configure_logging
from kiosk.config.paths import data_dir
from kiosk.station.core import console_core
from kiosk.wire.broker import BrokerStartError, ensure_local_broker
from kiosk.wire.timing import Timing

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.publishing.server import ContentServer
    from kiosk.wire.broker_url import BrokerAddress

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_config(parser)
    arguments.add_broker(parser, default=f"from --config, else {arguments.EMBEDDED}")
    arguments.add_id(
        parser,
        "--station-id",
        "station id",
        words="this console's id (default: from --config, else the host name)",
    )
    parser.add_argument("--windowed", action="store_true", help="a normal window instead of fullscreen")


def _content_editor(folder: Path, broker: BrokerAddress, site: str, station: str) -> QWidget:
    """The Content tab: the station's draft of the site's content, its versions, and publishing."""
    from kiosk.console.content_editor import ContentEditor
    from kiosk.publishing.draft import DRAFT_FOLDER, Draft
    from kiosk.publishing.station_link import StationPublisher
    from kiosk.publishing.versions import VERSIONS_FOLDER, VersionStore

    store = VersionStore(folder / VERSIONS_FOLDER)
    draft = Draft.open(folder / DRAFT_FOLDER, store)
    return ContentEditor(draft, store, lambda: StationPublisher(broker, site, station), station)


def _content_server(folder: Path, broker: BrokerAddress, site: str, station: str) -> ContentServer:
    """Answers tablets that ask for the live content again (a broker may keep no retained message for them)."""
    from kiosk.publishing.server import ContentServer
    from kiosk.publishing.versions import VERSIONS_FOLDER, VersionStore

    server = ContentServer(broker, site, station, VersionStore(folder / VERSIONS_FOLDER))
    server.start()
    return server


def run(args: argparse.Namespace) -> int:
    configure_logging("console")
    folder = data_dir()
    try:
        deployment = load_deployment(args.config)
        broker = configured_broker(deployment, args.broker) or ensure_local_broker(folder).url
        core = console_core(
            deployment,
            folder,
            broker,
            station_id=args.station_id,
            timing=Timing(silence_s=deployment.station.offline_after_seconds),
        )
    except (DeploymentError, BrokerStartError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from kiosk.console.console import Console
    from kiosk.qtapp.stop_signals import StopOnSignals
    from kiosk.qtapp.watchdog import SystemdWatchdog

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Lantern console")
    console = Console(
        deployment, core, content_editor=_content_editor(folder, broker, deployment.site, core.station_id)
    )
    content_server = _content_server(folder, broker, deployment.site, core.station_id)
    log.info(
        "Station %s on site %s, broker %s, call log %s",
        core.station_id,
        deployment.site,
        broker,
        core.call_log_path,
    )

    def stop(reason: str) -> None:
        log.info("The console was closed %s", reason)
        app.exit(0)  # exit, not quit: no "are you sure?" for systemd

    StopOnSignals(stop, app)
    console.start()
    SystemdWatchdog(app).start()
    if args.windowed:
        console.window.resize(1600, 960)
        console.window.show()
    else:
        console.window.setGeometry(app.primaryScreen().geometry())  # also where no window manager obeys
        console.window.showFullScreen()
    code = app.exec()
    content_server.stop()
    console.close()
    return code
