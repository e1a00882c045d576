"""`lantern kiosk`: the patient kiosk, fullscreen and locked down, with the room's real help call.

Rendering uses Qt Quick's software backend: on tablets without a GPU it costs a fraction of the CPU
of OpenGL-on-the-CPU (docs/performance.md). Without `--broker` the kiosk starts (or reuses) the
embedded broker on this machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import arguments
from kiosk.config.broker_choice import configured_broker
from kiosk.config.deployment import Deployment, DeploymentError, load_deployment
from kiosk.config.logs import configure_logging
from kiosk.config.paths import data_dir
from kiosk.content.source import built_in_content_path
from kiosk.wire.broker_url import BrokerAddress, shown
from kiosk.wire.ids import check_id, host_id
from kiosk.wire.liveness import Liveness
from kiosk.wire.protocol import CallKind

if TYPE_CHECKING:
    from kiosk.helpcall.port import HelpCallService
    from kiosk.publishing.tablet_link import TabletContentLink
    from kiosk.relay.runner import RelayRunner
    from kiosk.views.assembly import Kiosk
    from kiosk.views.first_frame import FirstFrame
    from kiosk.views.published import PublishedArrivals

log = logging.getLogger(__name__)

ROOM_ENV = "LANTERN_ROOM"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_config(parser)
    parser.add_argument(
        "--content", type=Path, help="content file (default: content.yaml here, else the built-in)"
    )
    arguments.add_id(
        parser, "--room", "room", words=f"this room's id (default: ${ROOM_ENV}, else the host name)"
    )
    arguments.add_broker(parser)
    parser.add_argument(
        "--inches",
        type=float,
        help="the screen's diagonal, when the panel reports a wrong size (else [kiosk] screen_inches)",
    )
    parser.add_argument(
        "--windowed", action="store_true", help="development: a normal window, closable, cursor shown"
    )


def run(args: argparse.Namespace) -> int:
    configure_logging("kiosk")
    deployment, settings_problem = _deployment(args.config)
    try:
        room = check_id(
            args.room or os.environ.get(ROOM_ENV, "").strip() or deployment.kiosk.room or host_id("room"),
            "room",
        )
        broker = configured_broker(deployment, args.broker)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    from PySide6.QtCore import Qt  # Qt is loaded only for this command
    from PySide6.QtGui import QCursor, QGuiApplication
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    from kiosk.qtapp.stop_signals import StopOnSignals
    from kiosk.qtapp.watchdog import SystemdWatchdog
    from kiosk.session.screen_size import pixels_per_mm
    from kiosk.views import exception_log, first_frame
    from kiosk.views.assembly import Kiosk, KioskOptions
    from kiosk.views.published import PublishedArrivals

    exception_log.install()
    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    app = first_frame.application()
    boot = first_frame.take()
    screen = app.primaryScreen()
    physical = screen.physicalSize()
    size = screen.size()
    folder = data_dir()
    liveness = Liveness()
    help_call, url = _help_call(room, folder, broker, deployment, settings_problem, liveness)
    relay = nurse_call_relay(room, url, deployment, help_call)
    arrivals = PublishedArrivals()
    content_link = _content_link(room, folder, url, deployment, arrivals)
    options = KioskOptions(
        content=_content_path(args.content or deployment.kiosk.content, content_link),
        pin_hash=deployment.kiosk.pin_hash,
        data_dir=folder,
        px_per_mm=pixels_per_mm(
            size.width(),
            size.height(),
            (physical.width(), physical.height()),
            args.inches or deployment.kiosk.screen_inches,
        ),
        windowed=args.windowed,
        liveness=liveness,
        on_published_shown=content_link.showing if content_link else None,
        voices=deployment.kiosk.voices,
    )
    if relay is not None:
        relay.start()
    help_call.start()
    if boot is not None:
        boot.hand_over(lambda kind: help_call.press(CallKind(kind)))
        app.processEvents()  # a tap on the first frame calls now, before the QML is built
    try:
        kiosk = Kiosk(options, help_call)
        arrivals.arrived.connect(kiosk.follow_published)
        if content_link is not None:
            content_link.start()
        if args.windowed:
            kiosk.window.resize(1280, 800)
            kiosk.window.show()
        else:
            kiosk.window.setFlags(
                kiosk.window.flags() | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            kiosk.window.setGeometry(screen.geometry())  # also where no window manager honours fullscreen
            kiosk.window.showFullScreen()
        _after_first_frame(kiosk, folder, boot, keep=not args.windowed)
        SystemdWatchdog(kiosk).start()
        StopOnSignals(kiosk.exit, kiosk)
        log.info("The kiosk is showing for room %s", room)
        code = app.exec()
        kiosk.close()
    finally:
        if content_link is not None:
            content_link.stop()
        help_call.stop()
        if relay is not None:
            relay.stop()
    return code


def _after_first_frame(kiosk: Kiosk, folder: Path, boot: FirstFrame | None, *, keep: bool) -> None:
    """Once the kiosk has drawn itself the first frame goes; a little later, once its pictures and icons are
    drawn too, home is kept as the next start's first frame (if home is what shows, with no call)."""
    from PySide6.QtCore import Qt, QTimer

    from kiosk.views import first_frame

    def keep_home() -> None:
        if kiosk.as_it_starts():
            first_frame.keep(folder, kiosk.window, kiosk.theme.palette.calm)

    def drawn() -> None:
        if boot is not None:
            boot.close()
        if keep:
            QTimer.singleShot(first_frame.KEEP_AFTER_MS, kiosk, keep_home)

    kiosk.window.frameSwapped.connect(drawn, Qt.ConnectionType.SingleShotConnection)


def _deployment(path: Path | None) -> tuple[Deployment, str | None]:
    """The deployment settings; broken settings are logged for staff and the help call will say so."""
    try:
        return load_deployment(path), None
    except DeploymentError as error:
        for problem in error.problems:
            log.error("settings: %s", problem)
        return Deployment(), f"The settings file cannot be used: {error.problems[0]} (see the log for all)."


def _help_call(
    room: str,
    folder: Path,
    broker: BrokerAddress | None,
    deployment: Deployment,
    settings_problem: str | None,
    liveness: Liveness,
) -> tuple[HelpCallService, BrokerAddress | None]:
    """The room's real help call and its broker; if it cannot be built, one that tells the truth on every press."""
    from kiosk.helpcall.port import UnavailableHelpCall
    from kiosk.helpcall.tablet import TabletHelpCall
    from kiosk.wire.broker import BrokerStartError, ensure_local_broker

    if settings_problem is not None:
        return UnavailableHelpCall(settings_problem), None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        url = broker or ensure_local_broker(folder).url
        log.info("Room %s calls through %s", room, shown(url))
        service = TabletHelpCall(
            room,
            folder,
            url,
            site=deployment.site,
            receipt_timeout_s=deployment.kiosk.receipt_timeout_seconds,
            stations=frozenset(deployment.stations) or None,
            liveness=liveness,
        )
        return service, url
    except (BrokerStartError, OSError, ValueError) as error:
        log.error("The help call cannot run: %s", error)
        return UnavailableHelpCall(f"The help call cannot run: {error}"), None


def nurse_call_relay(
    room: str, url: BrokerAddress | None, deployment: Deployment, help_call: HelpCallService
) -> RelayRunner | None:
    """The room's own nurse call, when `[kiosk.relay]` is set: it follows this tablet's calls (on the
    help call's threads, never waiting) and its faults ride on the tablet's heartbeat to the stations."""
    from kiosk.helpcall.states import HelpCallSnapshot
    from kiosk.helpcall.tablet import TabletHelpCall
    from kiosk.relay.build import build_relay, relay_kinds
    from kiosk.relay.follower import wanted_closed

    settings = deployment.kiosk.relay
    if settings is None:
        return None
    if url is None or not isinstance(help_call, TabletHelpCall):
        log.error("The room's nurse-call relay is not used: the help call cannot run")
        return None
    try:
        relay = build_relay(settings, room, deployment.site, url)
    except ValueError as error:
        log.error("The room's nurse-call relay is not used: %s", error)
        return None
    kinds = relay_kinds(settings)
    loaded = threading.Event()

    def follow(snapshot: HelpCallSnapshot) -> None:
        if loaded.is_set():
            relay.want(wanted_closed(snapshot.unanswered, kinds))

    def on_loaded() -> None:
        loaded.set()
        follow(help_call.snapshot())

    help_call.when_loaded(on_loaded)  # not before: a call open across a restart keeps the relay closed
    help_call.add_listener(follow)
    relay.add_listener(help_call.report_relay)
    return relay


def _content_link(
    room: str, folder: Path, url: BrokerAddress | None, deployment: Deployment, arrivals: PublishedArrivals
) -> TabletContentLink | None:
    """The station's published content sets, received into `<data>/published`, when there is a broker."""
    from kiosk.publishing.tablet_link import TabletContentLink

    if url is None:
        return None
    return TabletContentLink(
        url,
        deployment.site,
        room,
        folder / "published",
        stations=frozenset(deployment.stations) or None,
        on_ready=arrivals.ready,
        max_picture_side=deployment.kiosk.max_picture_side,
    )


def _content_path(given: Path | None, link: TabletContentLink | None) -> Path:
    """The set the station published, once this tablet has shown one; else the given or local file."""
    shown = link.sets.shown() if link is not None else None
    if shown is not None:
        log.info("Showing content version %s published by the station", shown[0])
        return shown[1]
    if given is not None:
        return given
    here = Path("content.yaml")
    return here if here.is_file() else built_in_content_path()
