"""The station's content server: it answers tablets that ask for the live version again, for as long
as the station runs (the console starts it).

A retained manifest and retained chunks are all a tablet needs on a broker that keeps them for every
subscriber (Mosquitto). RabbitMQ 3.x keeps a retained message on one node and never gives it to a
wildcard subscription, so a tablet that starts after a publish would never get the set: it asks
instead (docs/protocol.md, "Content"), and this answers. An ask is untrusted input: each room has a
small budget of asks (`RoomBudget`), only the live version's own manifest and files are ever sent,
and an ask for something already waiting to be sent adds nothing, so however many tablets ask, each
file is on its way at most once more.
"""

from __future__ import annotations

import logging
import threading
import time

from kiosk.publishing.chunks import chunk_messages
from kiosk.publishing.link import ContentConnection
from kiosk.publishing.versions import VersionStore
from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.content_protocol import (
    MAX_FILES,
    ContentRollCall,
    ContentTopics,
    Manifest,
    encode,
    parse_ask,
    parse_manifest,
)
from kiosk.wire.flood import RoomBudget
from kiosk.wire.protocol import ProtocolError, Topics
from kiosk.wire.quietlog import QuietLog
from kiosk.wire.transport import Outgoing

log = logging.getLogger(__name__)

ASK_BURST = MAX_FILES + 2
"""Enough for a tablet to ask for a whole set's manifest and every file of it at once."""
ASK_REFILL_S = 30.0
SEND_TIMEOUT_S = 120.0
MANIFEST = "manifest"
"""The thing to send when a tablet asks for the manifest; otherwise a file's SHA-256."""


class ContentServer(ContentConnection):
    def __init__(self, broker: BrokerAddress, site: str, station: str, store: VersionStore) -> None:
        self.station = station
        self._topics = ContentTopics(Topics(site))
        self._store = store
        self._live: Manifest | None = store.latest()
        self._budget = RoomBudget(ASK_BURST, ASK_REFILL_S)
        self._rejects = QuietLog(log)
        self._pending: dict[str, None] = {}
        """What is to be sent (insertion-ordered, each at most once): `MANIFEST` or a file's digest."""
        self._changed = threading.Condition()
        self._stopping = False
        super().__init__(
            broker,
            f"lantern-content-{site}-station-{station}-server",
            [self._topics.every_ask, self._topics.manifest(station)],
        )

    def start(self) -> None:
        super().start()
        threading.Thread(target=self._send_pending, name="content-server", daemon=True).start()

    def stop(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        super().stop()

    def _on_link(self, connected: bool, _problem: str | None) -> None:
        """A station back after a while calls the roll: tablets that asked while it was away ask again.
        (Not its manifest at once: where the broker keeps a newer one, that must not be overwritten.)"""
        if connected:
            roll_call = ContentRollCall(station=self.station)
            self._transport.publish(Outgoing(self._topics.roll_call(self.station), encode(roll_call)))

    def _on_message(self, topic: str, payload: bytes) -> None:
        sender = self._topics.sender(topic)
        if sender is None or not payload:
            return
        scope, name, _rest = sender
        try:
            if scope == "station":
                self._on_manifest(parse_manifest(payload, name))
                return
            ask = parse_ask(payload, name)
        except ProtocolError as error:
            self._rejects.warning(str(error), "Ignored a content message on %s: %s", topic, error)
            return
        if not self._budget.take(ask.room, time.monotonic()):
            return
        with self._changed:
            live = self._live
        if live is None:
            return
        if ask.file is None and live.version > ask.has:
            self._queue(MANIFEST)
        elif ask.station == self.station and ask.file in {entry.sha256 for entry in live.files.values()}:
            self._queue(ask.file)

    def _on_manifest(self, manifest: Manifest) -> None:
        """This station published a version (from the console or `lantern content`): it is the live one."""
        with self._changed:
            if self._live is None or manifest.version > self._live.version:
                self._live = manifest

    def _queue(self, what: str) -> None:
        with self._changed:
            self._pending[what] = None
            self._changed.notify_all()

    def _send_pending(self) -> None:
        """One thing at a time, on a thread of its own (a large file's chunks take a while to confirm)."""
        while True:
            with self._changed:
                while not self._pending and not self._stopping:
                    self._changed.wait()
                if self._stopping:
                    return
                what = next(iter(self._pending))
                del self._pending[what]
                live = self._live
            if live is None:
                continue
            if what == MANIFEST:
                messages = [Outgoing(self._topics.manifest(self.station), encode(live), retain=True)]
            else:
                try:
                    messages = chunk_messages(self._topics, self.station, self._store.blob(what))
                except OSError as error:
                    log.warning("Could not read content file %s to send it again: %s", what, error)
                    continue
            if not self._transport.publish_many(messages, SEND_TIMEOUT_S):
                log.warning("Could not send content %s again to a tablet that asked; it will ask again", what)
