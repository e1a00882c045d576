"""The station's side of the content channel: send a version to every tablet, hear what each shows.

It has its own broker login, `<station user>-content` (docs/deploy.md), so the chunks of a large
picture never queue ahead of a receipt on the station's help-call connection.

Which tablets are online: their retained presence where the broker keeps it for a wildcard
subscription (Mosquitto), and on every broker the tablets that answer the content roll call this
calls when it connects (RabbitMQ 3.x gives no retained message to a wildcard subscription).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from kiosk.publishing.chunks import chunk_messages, cleared_messages
from kiosk.publishing.contentset import ContentSet
from kiosk.publishing.link import ContentConnection
from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.content_protocol import (
    ContentReport,
    ContentRollCall,
    ContentTopics,
    Manifest,
    ReportState,
    encode,
    parse_ask,
    parse_report,
)
from kiosk.wire.protocol import ProtocolError, RoomPresence, Topics, parse_message
from kiosk.wire.transport import Outgoing

log = logging.getLogger(__name__)

ROLL_CALL_S = 1.0
"""How long after its roll call the station takes the tablets that answered as all that are online."""


class StationPublisher(ContentConnection):
    def __init__(self, broker: BrokerAddress, site: str, station: str) -> None:
        self.station = station
        self._topics = ContentTopics(Topics(site))
        self._reports: dict[str, ContentReport] = {}
        self._online: set[str] = set()
        self._presence_heard: set[str] = set()
        self._live: Manifest | None = None
        self._connected = False
        self._roll_called_at: float | None = None
        self._changed = threading.Condition()
        super().__init__(
            broker,
            f"lantern-content-{site}-station-{station}",
            [
                self._topics.every_report,
                self._topics.every_ask,
                self._topics.manifest(station),
                self._topics.topics.room("+", "presence"),
            ],
        )

    def wait_connected(self, timeout_s: float) -> bool:
        return self._wait(lambda: self._connected, timeout_s)

    def live(self) -> Manifest | None:
        """The version this station has on the broker now (its retained manifest), once heard."""
        with self._changed:
            return self._live

    def send(self, manifest: Manifest, content: ContentSet, timeout_s: float) -> bool:
        """Put the version's files, then its manifest, on the broker; forget the files it no longer needs."""
        before = self.live()
        messages: list[Outgoing] = []
        for data in content.files.values():
            messages += chunk_messages(self._topics, self.station, data)
        messages.append(Outgoing(self._topics.manifest(self.station), encode(manifest), retain=True))
        if not self._transport.publish_many(messages, timeout_s):
            return False
        if before is not None:
            kept = {entry.sha256 for entry in manifest.files.values()}
            stale = [entry for entry in before.files.values() if entry.sha256 not in kept]
            for entry in stale:
                self._transport.publish_many(cleared_messages(self._topics, self.station, entry), timeout_s)
        log.info(
            "Published content version %s to the broker (%s files)", manifest.version, len(manifest.files)
        )
        return True

    def expected_rooms(self) -> set[str]:
        """The rooms to wait for: those online now, and those that reported before and whose presence
        was never heard (an offline tablet gets the version when it comes back; nobody waits for it)."""
        with self._changed:
            return self._online | (set(self._reports) - self._presence_heard)

    def settled(self, version: int) -> bool:
        """Every expected room has shown or refused this version (waiting for a calm moment is not yet),
        and the tablets had `ROLL_CALL_S` to answer the roll call, so none is left out by answering late."""
        with self._changed:
            return self._roll_call_over() and all(
                (report := self._reports.get(room)) is not None
                and report.version == version
                and report.state is not ReportState.WAITING
                for room in self.expected_rooms()
            )

    def reports(self) -> dict[str, ContentReport]:
        with self._changed:
            return dict(self._reports)

    def wait_for(self, ready: Callable[[dict[str, ContentReport]], bool], timeout_s: float) -> bool:
        return self._wait(lambda: ready(self._reports), timeout_s)

    def _on_presence(self, topic: str, payload: bytes) -> None:
        try:
            presence = parse_message(self._topics.topics, topic, payload)
        except ProtocolError:
            return
        if isinstance(presence, RoomPresence):
            with self._changed:
                self._presence_heard.add(presence.room)
                (self._online.add if presence.online else self._online.discard)(presence.room)
                self._changed.notify_all()

    def _roll_call_over(self) -> bool:
        return self._roll_called_at is not None and time.monotonic() - self._roll_called_at >= ROLL_CALL_S

    def _wait(self, ready: Callable[[], bool], timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while not ready():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, ROLL_CALL_S / 4))
            return True

    def _on_link(self, connected: bool, _problem: str | None) -> None:
        if connected:
            roll_call = ContentRollCall(station=self.station)
            self._transport.publish(Outgoing(self._topics.roll_call(self.station), encode(roll_call)))
        with self._changed:
            self._connected = connected
            if connected:
                self._roll_called_at = time.monotonic()
            self._changed.notify_all()

    def _on_message(self, topic: str, payload: bytes) -> None:
        if topic.startswith(self._topics.topics.root + "/room/"):
            self._on_presence(topic, payload)
            return
        sender = self._topics.sender(topic)
        if sender is None or not payload:
            return
        scope, name, rest = sender
        try:
            if scope == "room" and rest == "ask":
                ask = parse_ask(payload, name)
                with self._changed:
                    self._online.add(ask.room)
                    self._changed.notify_all()
            elif scope == "room":
                report = parse_report(payload, name)
                with self._changed:
                    self._reports[name] = report
                    self._changed.notify_all()
            elif name == self.station:
                manifest = Manifest.model_validate_json(payload)
                with self._changed:
                    self._live = manifest
                    self._changed.notify_all()
        except (ProtocolError, ValueError) as error:
            log.warning("Ignored a content message on %s: %s", topic, error)
