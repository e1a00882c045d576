"""The nurse station's core: records each call once, answers with receipts, tracks tablets.

A receipt goes out only once the call is in the call log and ringing; a copy of a known call gets
the call's current status again, which is how a tablet that missed a status catches up. Several
stations on one site stay in step by reading each other's status messages. The console (a Qt view)
sits on top through `add_listener`, `acknowledge` and `clear`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.station.calllog import CallLog, StationCall
from kiosk.wire.broadcast import Broadcaster
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.ids import check_id, host_id
from kiosk.wire.presence import Announcer, PeerStatus, PresenceTracker
from kiosk.wire.protocol import (
    CallFacts,
    CallMessage,
    ClearMessage,
    ProtocolError,
    RoomPresence,
    StationPresence,
    StationState,
    StatusMessage,
    Topics,
    encode,
    parse_message,
)
from kiosk.wire.storage import StorageError
from kiosk.wire.ticker import Ticker, earliest
from kiosk.wire.timing import DEFAULT_TIMING, Timing
from kiosk.wire.transport import MqttTransport, Outgoing

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StationSnapshot:
    """What a console shows: open calls (oldest first), tablets, and problems in words for staff."""

    calls: tuple[StationCall, ...]
    tablets: tuple[PeerStatus, ...]
    broker_connected: bool
    staff_problem: str | None

    @property
    def ringing(self) -> bool:
        return any(call.ringing for call in self.calls)


class StationCore:
    """One station on one site. Callbacks run on paho's thread, the timer thread or the caller's."""

    def __init__(
        self,
        data_dir: Path,
        broker: BrokerUrl,
        *,
        site: str = "clinic",
        station_id: str | None = None,
        timing: Timing = DEFAULT_TIMING,
    ) -> None:
        self.station_id = check_id(station_id or host_id("station"), "station id")
        self._topics = Topics(site)
        self._timing = timing
        self._log = CallLog(data_dir / f"calllog-{site}-{self.station_id}.sqlite3")
        self._lock = threading.Lock()
        self._broadcaster: Broadcaster[StationSnapshot] = Broadcaster()
        self._open: dict[str, StationCall] = {}
        self._unsent: list[Outgoing] = []
        self._tablets = PresenceTracker(timing.silence_s)
        self._broker_connected = False
        self._reannounce = False
        self._next_retry = 0.0
        self._link_problem: str | None = None
        self._announcer = Announcer(
            self._topics.station(self.station_id, "presence"),
            self._topics.station(self.station_id, "heartbeat"),
            lambda online: encode(StationPresence(station=self.station_id, online=online)),
            timing.heartbeat_s,
        )
        self._transport = MqttTransport(
            broker,
            f"lantern-station-{site}-{self.station_id}",
            subscriptions=[self._topics.room("+", "+")],
            on_message=self._on_message,
            on_link=self._on_link,
            will=self._announcer.offline,
            timing=timing,
        )
        self._ticker = Ticker(f"station-{self.station_id}", self._tick)

    @property
    def call_log_path(self) -> Path:
        return self._log.path

    def start(self) -> None:
        """Open calls from before a restart ring again; then connect."""
        try:
            found = self._log.open_calls()
        except StorageError:
            found = []
        with self._lock:
            self._open.update((call.id, call) for call in found)
        self._transport.start()
        self._ticker.start()
        self._refresh()

    def stop(self) -> None:
        self._ticker.stop()
        self._transport.stop(farewell=self._announcer.offline)
        self._log.close()

    def acknowledge(self, call_id: str) -> bool:
        """Staff answered: tell the room a nurse is on the way. False if the call is not open."""
        return self._advance(call_id, StationState.ON_WAY)

    def clear(self, call_id: str) -> bool:
        """Staff finished the call at the station. False if the call is not open."""
        return self._advance(call_id, StationState.DONE)

    def snapshot(self) -> StationSnapshot:
        return self._refresh()

    def history(self, limit: int = 50) -> list[StationCall]:
        """The newest calls in the log, finished or not, for the console's list."""
        return self._log.recent(limit)

    def received_since(self, start: float) -> list[StationCall]:
        """Every logged call received from `start` on, for the response-time report."""
        return self._log.received_since(start)

    def add_listener(self, callback: Callable[[StationSnapshot], None]) -> None:
        self._broadcaster.add_listener(callback)

    def _advance(self, call_id: str, state: StationState) -> bool:
        with self._lock:
            call = self._open.get(call_id)
            if call is None or state.rank <= call.state.rank:
                return False
            log.info("Call %s from room %s: staff set %s", call_id, call.room, state)
            outgoing = self._keep(call.advanced(state, time.time()), announce=True)
        self._send(outgoing)
        self._refresh()
        return True

    # Everything below runs with self._lock held unless it says otherwise.

    def _keep(self, call: StationCall, *, announce: bool) -> list[Outgoing]:
        """Write a call's new state to the log and to memory; return its status to announce."""
        with contextlib.suppress(StorageError):
            self._log.save(call)
            call = replace(call, stored=True)
        if call.state is StationState.DONE:
            self._open.pop(call.id, None)
        else:
            self._open[call.id] = call
        return [self._status(call)] if announce else []

    def _status(self, call: StationCall) -> Outgoing:
        message = StatusMessage(
            id=call.id,
            room=call.room,
            kind=call.kind,
            pressed_at=call.pressed_at,
            state=call.state,
            at=call.updated_at,
            station=self.station_id,
        )
        return Outgoing(self._topics.room(call.room, "status"), encode(message))

    def _on_message(self, topic: str, payload: bytes) -> None:
        """paho's thread: one message from the network, validated before anything trusts it."""
        try:
            message = parse_message(self._topics, topic, payload)
        except ProtocolError as error:
            log.warning("Rejected a message on %s: %s", topic, error)
            return
        now = time.time()
        with self._lock:
            if isinstance(message, RoomPresence):
                self._tablets.heard(message.room, message.online, now)
                outgoing = []
            elif isinstance(message, CallMessage):
                outgoing = self._on_call(message, now)
            elif isinstance(message, ClearMessage):
                outgoing = self._on_clear(message, now)
            elif isinstance(message, StatusMessage) and message.station != self.station_id:
                outgoing = self._on_peer_status(message, now)
            else:
                outgoing = []
        self._send(outgoing)
        self._ticker.wake()
        self._refresh()

    def _on_call(self, message: CallMessage, now: float) -> list[Outgoing]:
        """Store first, ring, then receipt; a copy of a known call gets its current status again."""
        try:
            call = self._log.record_copy(message, now)
        except StorageError:
            known = self._open.get(message.id)
            if known is None:
                log.warning(
                    "Call %s from room %s rings but is NOT stored: no receipt", message.id, message.room
                )
                known = replace(StationCall.from_facts(message, StationState.RECEIVED, now), stored=False)
                self._open[known.id] = known
            return [self._status(known)] if known.stored else []
        if self._mismatch(call, message):
            return []
        if call.copies == 1:
            log.info("Call %s (%s) from room %s stored and ringing", call.id, call.kind, call.room)
        else:
            log.info(
                "Copy %d of call %s from room %s: repeating %s", call.copies, call.id, call.room, call.state
            )
        if call.state is not StationState.DONE:
            self._open[call.id] = call
        return [self._status(call)]

    def _on_clear(self, message: ClearMessage, now: float) -> list[Outgoing]:
        """Cleared at the bedside: done, even for a call this station never heard of."""
        known = self._known(message.id)
        if known is not None and self._mismatch(known, message):
            return []
        call = known or StationCall.from_facts(message, StationState.DONE, now)
        if call.state is not StationState.DONE:
            log.info("Call %s from room %s cleared at the bedside", call.id, call.room)
            call = call.advanced(StationState.DONE, now)
        return self._keep(call, announce=True)

    def _on_peer_status(self, message: StatusMessage, now: float) -> list[Outgoing]:
        """Another station moved a call on: follow it, without announcing it a second time."""
        known = self._known(message.id)
        if known is not None and (self._mismatch(known, message) or message.state.rank <= known.state.rank):
            return []
        call = known or StationCall.from_facts(message, message.state, now)
        log.info(
            "Call %s from room %s: station %s set %s", call.id, call.room, message.station, message.state
        )
        return self._keep(call.advanced(message.state, now), announce=False)

    def _known(self, call_id: str) -> StationCall | None:
        if call_id in self._open:
            return self._open[call_id]
        try:
            return self._log.get(call_id)
        except StorageError:
            return None

    @staticmethod
    def _mismatch(known: StationCall, facts: CallFacts) -> bool:
        if known.room == facts.room:
            return False
        log.warning("Rejected call %s from room %s: it belongs to room %s", facts.id, facts.room, known.room)
        return True

    def _on_link(self, connected: bool, problem: str | None) -> None:
        with self._lock:
            self._broker_connected = connected
            self._link_problem = problem
            if connected:
                self._announcer.connected()
                self._reannounce = True
        self._ticker.wake()
        self._refresh()

    def _tick(self) -> float | None:
        """The timer thread: presence, heartbeats, stored-late receipts, unsent statuses, silent tablets."""
        now = time.time()
        outgoing: list[Outgoing] = []
        with self._lock:
            if any(not call.stored for call in self._open.values()) and now >= self._next_retry:
                self._next_retry = now + self._timing.heartbeat_s
                outgoing += self._store_late(now)
            if self._broker_connected:
                outgoing += self._due(now)
            deadlines = [
                self._tablets.next_change_at(now),
                self._announcer.next_heartbeat if self._broker_connected else None,
            ]
            if any(not call.stored for call in self._open.values()):
                deadlines.append(self._next_retry)
        self._send(outgoing)
        self._refresh()
        return earliest(deadlines, now)

    def _store_late(self, now: float) -> list[Outgoing]:
        """Calls that rang while the log could not be written get their receipt once they are stored."""
        outgoing: list[Outgoing] = []
        for call in [call for call in self._open.values() if not call.stored]:
            stored = replace(call, stored=True, updated_at=now)
            try:
                self._log.save(stored)
            except StorageError:
                return outgoing
            self._open[call.id] = stored
            outgoing.append(self._status(stored))
        return outgoing

    def _due(self, now: float) -> list[Outgoing]:
        """Presence and heartbeat; after a reconnect also every status that may not have got out."""
        outgoing = self._announcer.due(now)
        if self._reannounce:
            outgoing += self._unsent + [self._status(call) for call in self._open.values() if call.stored]
            self._unsent = []
            self._reannounce = False
        return outgoing

    def _send(self, outgoing: list[Outgoing]) -> None:
        """Called without the lock. A status that finds no link is kept and sent on reconnect (see _due)."""
        unsent = [m for m in outgoing if not self._transport.publish(m) and m.qos and not m.retain]
        if unsent:
            with self._lock:
                self._unsent += unsent

    def _snapshot(self, _last: StationSnapshot | None) -> StationSnapshot:
        now = time.time()
        with self._lock:
            problems = [problem for problem in (self._log.problem, self._link_problem) if problem]
            return StationSnapshot(
                calls=tuple(sorted(self._open.values(), key=lambda call: call.pressed_at)),
                tablets=tuple(self._tablets.peers(now)),
                broker_connected=self._broker_connected,
                staff_problem=" ".join(problems) or None,
            )

    def _refresh(self) -> StationSnapshot:
        return self._broadcaster.refresh(self._snapshot)
