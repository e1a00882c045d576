"""`lantern content`: publish the site's content set from the station to every tablet, list the
versions, roll back to one, or pull the live one into a folder to edit.

    lantern content publish content.yaml      # check, keep as a new version, send, wait for the rooms
    lantern content versions
    lantern content rollback 3
    lantern content pull DIR [--version N]

`publish` and `rollback` end with 0 only once every online tablet shows the new version; rooms that
refused it are listed with each problem (file:line:col), and they keep showing what they showed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from kiosk.config import arguments
from kiosk.config.broker_choice import configured_broker
from kiosk.config.deployment import Deployment, DeploymentError, load_deployment
from kiosk.config.paths import data_dir
from kiosk.publishing.contentset import ContentSet, SetError
from kiosk.publishing.station_link import StationPublisher
from kiosk.publishing.versions import VERSIONS_FOLDER, VersionStore
from kiosk.settingsfile.excerpt import file_lines, print_problems
from kiosk.wire.broker import BrokerStartError, ensure_local_broker
from kiosk.wire.content_protocol import ContentReport, Manifest, ReportState
from kiosk.wire.ids import host_id

CONNECT_S = 10.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_config(parser)
    arguments.add_broker(parser, default=f"from --config, else {arguments.EMBEDDED}")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    publish = sub.add_parser("publish", help="check a content set, keep it as a new version and send it")
    publish.add_argument(
        "path", type=Path, help="the set's content.yaml (its pictures next to it in assets/)"
    )
    publish.add_argument("--summary", help="what changed, for the version list (default: worked out)")
    rollback = sub.add_parser("rollback", help="send an earlier version again, as a new version")
    rollback.add_argument("version", type=int)
    for command in (publish, rollback):
        command.add_argument(
            "--wait", type=float, default=120.0, help="seconds to wait for every online room (120)"
        )
    sub.add_parser("versions", help="list every published version")
    pull = sub.add_parser("pull", help="write the live version (or --version N) into a folder, to edit")
    pull.add_argument("folder", type=Path)
    pull.add_argument("--version", type=int)


def run(args: argparse.Namespace) -> int:
    try:
        deployment = load_deployment(args.config)
    except DeploymentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    station = deployment.station.id or host_id("station")
    store = VersionStore(data_dir() / VERSIONS_FOLDER)
    try:
        if args.action == "versions":
            return _versions(store)
        if args.action == "pull":
            return _pull(store, args.folder, args.version)
        if args.action == "publish":
            try:
                content = ContentSet.read(args.path)
            except SetError as error:
                _print_problems(error, args.path)
                return 1
            manifest = store.add(content, station, args.summary)
        else:
            try:
                manifest = store.roll_back_to(args.version, station)
            except KeyError:
                print(f"There is no version {args.version}; see: lantern content versions", file=sys.stderr)
                return 2
        return _send(deployment, args, station, store, manifest)
    finally:
        store.close()


def _send(
    deployment: Deployment, args: argparse.Namespace, station: str, store: VersionStore, manifest: Manifest
) -> int:
    try:
        broker = configured_broker(deployment, args.broker) or ensure_local_broker(data_dir()).url
    except BrokerStartError as error:
        print(f"Kept as version {manifest.version}, but not sent: {error}", file=sys.stderr)
        return 3
    publisher = StationPublisher(broker, deployment.site, station)
    publisher.start()
    try:
        if not publisher.wait_connected(CONNECT_S) or not publisher.send(
            manifest, store.read(manifest), args.wait
        ):
            print(
                f"Kept as version {manifest.version}, but the broker at {broker} did not take it.",
                file=sys.stderr,
            )
            return 3
        print(
            f"Version {manifest.version} sent ({manifest.summary}). Waiting for the rooms…", file=sys.stderr
        )
        publisher.wait_for(lambda _reports: publisher.settled(manifest.version), args.wait)
        return _summarise(publisher.reports(), publisher.expected_rooms(), manifest)
    finally:
        publisher.stop()


def _summarise(reports: dict[str, ContentReport], online: set[str], manifest: Manifest) -> int:
    """One line per room that is online or reported before; 0 only when every one shows the version."""
    code = 0
    for room in sorted(online):
        report = reports.get(room)
        if report is None or report.version != manifest.version:
            print(f"room {room}: has not got version {manifest.version} yet")
            code = max(code, 4)
        elif report.state is ReportState.SHOWING:
            print(f"room {room}: shows version {manifest.version}")
        elif report.state is ReportState.WAITING:
            print(
                f"room {room}: has version {manifest.version} and shows it once no call or guided step is under way"
            )
            code = max(code, 4)
        else:
            print(f"room {room}: refused version {manifest.version} and keeps showing what it showed:")
            for problem in report.problems:
                print(f"  {problem}")
            code = 1 if code in (0, 4) else code
    if not online:
        print("No tablet is online; each gets the version when it comes back.")
    return code


def _versions(store: VersionStore) -> int:
    for manifest in store.history():
        when = datetime.fromtimestamp(manifest.published_at).strftime("%Y-%m-%d %H:%M")
        print(f"{manifest.version:>4}  {when}  from {manifest.station}  {manifest.summary}")
    return 0


def _pull(store: VersionStore, folder: Path, number: int | None) -> int:
    manifest = store.get(number) if number is not None else store.latest()
    if manifest is None:
        print("There is no such version yet; see: lantern content versions", file=sys.stderr)
        return 2
    store.export(manifest, folder)
    print(f"Wrote version {manifest.version} into {folder}", file=sys.stderr)
    return 0


def _print_problems(error: SetError, path: Path) -> None:
    print_problems(error.problems, file_lines(path))
    print(f"{path}: not published; nothing was sent to the tablets.", file=sys.stderr)
