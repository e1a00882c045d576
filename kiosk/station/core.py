"""The nurse station's core: records each call once, answers with receipts, tracks tablets.

A receipt goes out only once the call is in the call log and ringing; a copy of a known call gets
the call's current status again, which is how a tablet that missed a status catches up. Several
stations on one site stay in step by reading each other's status messages. The console (a Qt view)
sits on top through `add_listener`, `acknowledge` and `clear`.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.station.calllog import CallLog, StationCall
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.ids import check_id, host_id
from kiosk.wire.peer import Due, Peer
from kiosk.wire.presence import Announcer, PeerStatus
from kiosk.wire.protocol import (
    CallFacts,
    CallMessage,
    ClearMessage,
    Message,
    RoomPresence,
    StationPresence,
    StationState,
    StatusMessage,
    Topics,
    encode,
)
from kiosk.wire.storage import StorageError
from kiosk.wire.timing import DEFAULT_TIMING, Timing
from kiosk.wire.transport import Outgoing

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


class StationCore(Peer[StationSnapshot]):
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
        topics = Topics(site)
        super().__init__(
            name=f"station-{self.station_id}",
            broker=broker,
            client_id=f"lantern-station-{site}-{self.station_id}",
            topics=topics,
            subscriptions=[topics.room("+", "+")],
            announcer=Announcer(
                topics.station(self.station_id, "presence"),
                topics.station(self.station_id, "heartbeat"),
                lambda online: encode(StationPresence(station=self.station_id, online=online)),
                timing.heartbeat_s,
            ),
            timing=timing,
        )
        self._log = CallLog(data_dir / f"calllog-{site}-{self.station_id}.sqlite3")
        self._open: dict[str, StationCall] = {}
        self._unsent_statuses: list[Outgoing] = []
        self._reannounce = False
        self._next_retry = 0.0

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
        super().start()

    def stop(self) -> None:
        super().stop()
        self._log.close()

    def acknowledge(self, call_id: str) -> bool:
        """Staff answered: tell the room a nurse is on the way. False if the call is not open."""
        return self._advance(call_id, StationState.ON_WAY)

    def clear(self, call_id: str) -> bool:
        """Staff finished the call at the station. False if the call is not open."""
        return self._advance(call_id, StationState.DONE)

    def history(self, limit: int = 50) -> list[StationCall]:
        """The newest calls in the log, finished or not, for the console's list."""
        return self._log.recent(limit)

    def received_since(self, start: float) -> list[StationCall]:
        """Every logged call received from `start` on, for the response-time report."""
        return self._log.received_since(start)

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

    def _handle(self, message: Message, now: float) -> list[Outgoing]:
        if isinstance(message, RoomPresence):
            self._presence.heard(message.room, message.online, now)
        elif isinstance(message, CallMessage):
            return self._on_call(message, now)
        elif isinstance(message, ClearMessage):
            return self._on_clear(message, now)
        elif isinstance(message, StatusMessage) and message.station != self.station_id:
            return self._on_peer_status(message, now)
        return []

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

    def _on_connect(self) -> None:
        self._reannounce = True

    def _due(self, now: float) -> Due:
        """Stored-late receipts, and after a reconnect every status that may not have got out."""
        outgoing: list[Outgoing] = []
        if any(not call.stored for call in self._open.values()) and now >= self._next_retry:
            self._next_retry = now + self._timing.heartbeat_s
            outgoing += self._store_late(now)
        if self._broker_connected and self._reannounce:
            outgoing += self._unsent_statuses + [self._status(c) for c in self._open.values() if c.stored]
            self._unsent_statuses = []
            self._reannounce = False
        retry = self._next_retry if any(not call.stored for call in self._open.values()) else None
        return Due(outgoing, [retry])

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

    def _unsent(self, messages: list[Outgoing]) -> None:
        """A status that found no link is kept and sent on reconnect (see _due)."""
        self._unsent_statuses += [message for message in messages if message.qos and not message.retain]

    def _snapshot(self, _last: StationSnapshot | None, now: float) -> StationSnapshot:
        problems = [problem for problem in (self._log.problem, self._link_problem) if problem]
        return StationSnapshot(
            calls=tuple(sorted(self._open.values(), key=lambda call: call.pressed_at)),
            tablets=tuple(self._presence.peers(now)),
            broker_connected=self._broker_connected,
            staff_problem=" ".join(problems) or None,
        )
