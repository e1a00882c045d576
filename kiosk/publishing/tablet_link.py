"""A tablet's side of the content channel: take the newest manifest from one of the site's stations,
gather its files chunk by chunk, check the whole set with the same check as `lantern check`, keep
it, and say what happened. A set is only ever handed on whole and checked.

Files arrive one at a time (a subscription per file), so a tablet never has more than one file's
chunks on their way; they come on a connection of their own, never ahead of a call's receipt.
Everything runs on paho's thread; `on_ready` is called there with the checked set's content file.

Nothing here needs the broker to keep retained messages for it (RabbitMQ 3.x keeps them on one node
and gives none to wildcard subscriptions): on connecting, and when a station calls the roll, the
tablet asks the stations for a newer manifest; a file whose chunks do not come within `ASK_AFTER_S`
is asked for (and again, ever less often, while none come). Once one file had to be asked for, the
rest of that connection's files are asked for at once. On a broker that keeps retained messages
(Mosquitto) the chunks come at once and nothing is asked for.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.content.check import check_content
from kiosk.content.picture_check import MAX_SIDE
from kiosk.publishing.chunks import Assembly
from kiosk.publishing.link import ContentConnection
from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.content_protocol import (
    CONTENT_FILE,
    MAX_PROBLEM_CHARS,
    MAX_REPORTED_PROBLEMS,
    ContentAsk,
    ContentReport,
    ContentTopics,
    Manifest,
    ReportState,
    encode,
    parse_manifest,
    parse_roll_call,
)
from kiosk.wire.protocol import ProtocolError, Topics
from kiosk.wire.storage import sync_file, write_durably
from kiosk.wire.transport import Outgoing

log = logging.getLogger(__name__)

Ready = Callable[[Path, int], None]

ASK_AFTER_S = 1.0
"""A file none of whose chunks came this long after subscribing (or after the last one) is asked for."""
MAX_ASK_GAP_S = 30.0
"""Asks for a file that still does not come are spaced out, doubling up to this."""
TICK_S = 0.25


class PublishedSets:
    """`<folder>/sets/v<N>/` for each whole, checked set; `<folder>/shown` names the one on screen."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._sets = folder / "sets"
        self._blobs = folder / "blobs"
        self._pointer = folder / "shown"
        self._blob_lock = threading.Lock()
        """Held while a file is written and while unneeded ones are deleted, so a tidy-up never deletes
        a file of a version that arrived while it ran."""

    def shown(self) -> tuple[int, Path] | None:
        """The version on screen (or last on screen before a restart) and its content file."""
        try:
            number = int(self._pointer.read_text(encoding="ascii"))
        except (OSError, ValueError):
            return None
        path = self._sets / f"v{number}" / CONTENT_FILE
        return (number, path) if path.is_file() else None

    def set_shown(self, number: int) -> None:
        write_durably(self._pointer, str(number).encode("ascii"))
        for old in self._sets.glob("v*"):
            if old.name != f"v{number}":
                shutil.rmtree(old, ignore_errors=True)

    def has_blob(self, sha256: str) -> bool:
        return (self._blobs / sha256).is_file()

    def keep_blob(self, sha256: str, data: bytes) -> None:
        with self._blob_lock:
            self._blobs.mkdir(parents=True, exist_ok=True)
            write_durably(self._blobs / sha256, data)

    def assemble(self, manifest: Manifest) -> Path:
        """Lay a version out from its files (durably, then renamed whole): its content file."""
        final = self._sets / f"v{manifest.version}"
        if not (final / CONTENT_FILE).is_file():
            staging = self._sets / f".v{manifest.version}.partial"
            shutil.rmtree(staging, ignore_errors=True)
            for name, entry in manifest.files.items():
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self._blobs / entry.sha256, target)
                sync_file(target)
            shutil.rmtree(final, ignore_errors=True)
            staging.rename(final)
        return final / CONTENT_FILE

    def forget_blobs_but(self, in_hand: Callable[[], list[Manifest]]) -> None:
        """Delete the files no version in hand needs, so a tablet's disk does not fill version by version.
        `in_hand` is asked once no file is being written; a version that comes later waits for the tidy-up."""
        with self._blob_lock:
            manifests = in_hand()
            if not manifests:
                return
            kept = {entry.sha256 for manifest in manifests for entry in manifest.files.values()}
            for blob in self._blobs.glob("*"):
                if blob.name not in kept:
                    blob.unlink(missing_ok=True)


class TabletContentLink(ContentConnection):
    def __init__(
        self,
        broker: BrokerAddress,
        site: str,
        room: str,
        folder: Path,
        *,
        stations: frozenset[str] | None,
        on_ready: Ready,
        max_picture_side: int = MAX_SIDE,
    ) -> None:
        self.room = room
        self.sets = PublishedSets(folder)
        self._topics = ContentTopics(Topics(site))
        self._stations = stations
        self._on_ready = on_ready
        self._max_picture_side = max_picture_side
        self._lock = threading.Lock()
        self._wanted: Manifest | None = None
        self._last_report: Outgoing | None = None
        self._checked: dict[int, Manifest] = {}
        """Versions that passed the check here, until one of them is on screen."""
        self._gathering: tuple[str, str, Assembly] | None = None
        """(station, file topic filter, assembly) of the file on its way."""
        self._settled: int = shown[0] if (shown := self.sets.shown()) else 0
        """The newest version this tablet has shown or refused: older or equal ones are not taken again."""
        self._progress_at = 0.0
        """When the file on its way last moved (subscribed, a chunk, or asked for), monotonic."""
        self._ask_gap = ASK_AFTER_S
        self._ask_at_once = False
        """The broker gave no retained chunks this connection: ask for each file as it is subscribed."""
        self._stopping = threading.Event()
        super().__init__(
            broker,
            f"lantern-content-{site}-room-{room}",
            [self._topics.every_manifest, self._topics.every_roll_call],
        )

    def start(self) -> None:
        super().start()
        threading.Thread(target=self._watch_files, name="content-asks", daemon=True).start()

    def stop(self) -> None:
        self._stopping.set()
        super().stop()

    def showing(self, number: int) -> None:
        """The kiosk now shows this version: remember it, tidy up, and tell the station. The kiosk's
        GUI thread calls this, so the disk work (an fsync) is done on a thread of its own."""
        threading.Thread(target=self._shown, args=(number,), name="content-shown", daemon=True).start()

    def _shown(self, number: int) -> None:
        self.sets.set_shown(number)
        self.sets.forget_blobs_but(lambda: self._in_hand(number))
        self._report(number, ReportState.SHOWING)

    def _in_hand(self, shown: int) -> list[Manifest]:
        """The version on screen and the one on its way; checked versions older than the shown one go."""
        with self._lock:
            self._checked = {shown: self._checked[shown]} if shown in self._checked else {}
            return [manifest for manifest in (self._checked.get(shown), self._wanted) if manifest is not None]

    def _on_link(self, connected: bool, _problem: str | None) -> None:
        if connected:
            with self._lock:
                gathering, report = self._gathering, self._last_report
                self._ask_at_once = False
                self._progress_at = time.monotonic()
            if report is not None:
                self._transport.publish(report)
            if gathering is not None:
                self._transport.subscribe(gathering[1])
            self._ask()

    def _ask(self, station: str | None = None, file: str | None = None) -> None:
        """Say what this tablet has (the stations answer with a newer manifest), or ask for a file."""
        with self._lock:
            has = self._settled
        ask = ContentAsk(room=self.room, has=has, station=station, file=file)
        self._transport.publish(Outgoing(self._topics.ask(self.room), encode(ask)))

    def _watch_files(self) -> None:
        while not self._stopping.wait(TICK_S):
            now = time.monotonic()
            with self._lock:
                gathering = self._gathering
                if gathering is None or now - self._progress_at < self._ask_gap:
                    continue
                self._progress_at = now
                self._ask_gap = min(self._ask_gap * 2, MAX_ASK_GAP_S)
                self._ask_at_once = True
            log.info(
                "No chunk of content file %s came; asking station %s", gathering[2].entry.sha256, gathering[0]
            )
            self._ask(gathering[0], gathering[2].entry.sha256)

    def _on_message(self, topic: str, payload: bytes) -> None:
        sender = self._topics.sender(topic)
        if sender is None or sender[0] != "station" or not payload:
            return
        station, rest = sender[1], sender[2]
        if self._stations is not None and station not in self._stations:
            log.warning("Ignored content from %s, which is not one of this site's stations", station)
            return
        if rest == "manifest":
            self._on_manifest(station, payload)
        elif rest == "rollcall":
            try:
                parse_roll_call(payload, station)
            except ProtocolError as error:
                log.warning("Ignored a content roll call from %s: %s", station, error)
                return
            with self._lock:
                report = self._last_report
            if report is not None:  # a console that started after it was made has not heard it
                self._transport.publish(report)
            self._ask()
        elif rest.startswith("file/"):
            self._on_chunk(station, rest, payload)

    def _on_manifest(self, station: str, payload: bytes) -> None:
        try:
            manifest = parse_manifest(payload, station)
        except ProtocolError as error:
            log.warning("Ignored a content manifest from %s: %s", station, error)
            return
        with self._lock:
            newest = max(self._settled, self._wanted.version if self._wanted else 0)
            if manifest.version <= newest:
                return
            log.info("Content version %s from station %s: %s", manifest.version, station, manifest.summary)
            self._wanted = manifest
            self._gathering = None
        self._next_file(station)

    def _on_chunk(self, station: str, rest: str, payload: bytes) -> None:
        _file, digest, index = [*rest.split("/"), "", ""][:3]
        with self._lock:
            gathering = self._gathering
            if gathering is None or gathering[0] != station or gathering[2].entry.sha256 != digest:
                return
            assembly = gathering[2]
            self._progress_at = time.monotonic()
            self._ask_gap = ASK_AFTER_S
            if not index.isdigit() or not assembly.add(int(index), payload):
                return
            data = assembly.data()
        self._transport.unsubscribe(gathering[1])
        if data is None:
            log.warning("A content file from %s did not match its digest; asking for it again", station)
            self._transport.subscribe(gathering[1])
            return
        self.sets.keep_blob(digest, data)
        self._next_file(station)

    def _next_file(self, station: str) -> None:
        """Ask for the next missing file of the wanted version, or check the set once it is whole."""
        with self._lock:
            manifest = self._wanted
            if manifest is None:
                return
            missing = [entry for entry in manifest.files.values() if not self.sets.has_blob(entry.sha256)]
            if missing:
                entry = missing[0]
                topic = f"{self._topics.file(station, entry.sha256)}/+"
                self._gathering = (station, topic, Assembly(entry))
                self._progress_at = time.monotonic()
                self._ask_gap = ASK_AFTER_S
                at_once = self._ask_at_once
            else:
                self._gathering = None
        if missing:
            self._transport.subscribe(topic)
            if at_once:
                self._ask(station, entry.sha256)
            return
        self._check(manifest)

    def _check(self, manifest: Manifest) -> None:
        path = self.sets.assemble(manifest)
        result = check_content(path, readability=False, max_picture_side=self._max_picture_side)
        with self._lock:
            self._wanted = None
            self._settled = manifest.version
        if result.content is None:
            problems = tuple(
                str(problem)[:MAX_PROBLEM_CHARS] for problem in result.errors[:MAX_REPORTED_PROBLEMS]
            )
            log.warning("Refused content version %s: %s", manifest.version, "; ".join(problems))
            self._report(manifest.version, ReportState.REFUSED, problems)
            return
        with self._lock:
            self._checked[manifest.version] = manifest
        self._report(manifest.version, ReportState.WAITING)
        self._on_ready(path, manifest.version)

    def _report(self, number: int, state: ReportState, problems: tuple[str, ...] = ()) -> None:
        """Retained, and sent again on every connect: a report made while offline is not lost."""
        report = ContentReport(room=self.room, version=number, state=state, problems=problems)
        message = Outgoing(self._topics.report(self.room), encode(report), retain=True)
        with self._lock:
            self._last_report = message
        self._transport.publish(message)
