"""The tablet's help call: outbox first, then MQTT, and the truth for the patient at every moment.

A call is sent again (1, 2, 4 … s, capped) until the station's receipt for its id arrives; a PUBACK
proves nothing, because brokers differ in what they keep. On every reconnect all open calls are sent
once more, which also makes the station repeat any status this tablet missed while it was away.
Listeners are called from whichever thread noticed the change (the caller's, paho's or the timer's).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.helpcall.outbox import Outbox
from kiosk.helpcall.states import (
    CallRecord,
    HelpCallSnapshot,
    Link,
    PatientCallState,
    current_call,
    patient_state,
    state_deadline,
)
from kiosk.wire.broadcast import Broadcaster
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.ids import check_id
from kiosk.wire.presence import Announcer, PresenceTracker
from kiosk.wire.protocol import (
    CallKind,
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


@dataclass
class _Sending:
    """How often a call (or its bedside clear) went out, and when it goes out again."""

    attempts: int = 0
    next_at: float = 0.0


class TabletHelpCall:
    """One room's help call. `as_kiosk=False` is a one-off caller (`lantern call`) that must not take
    over the kiosk's MQTT session or presence: it uses a fresh client id and announces nothing."""

    def __init__(
        self,
        room: str,
        data_dir: Path,
        broker: BrokerUrl,
        *,
        site: str = "clinic",
        receipt_timeout_s: float = 10.0,
        timing: Timing = DEFAULT_TIMING,
        as_kiosk: bool = True,
    ) -> None:
        self.room = check_id(room, "room")
        self._topics = Topics(site)
        self._receipt_timeout_s = receipt_timeout_s
        self._timing = timing
        self._outbox = Outbox(data_dir / f"helpcall-{site}-{room}.sqlite3")
        self._lock = threading.Lock()
        self._broadcaster: Broadcaster[HelpCallSnapshot] = Broadcaster()
        self._calls: dict[str, CallRecord] = {}
        self._sending: dict[str, _Sending] = {}
        self._resync: set[str] = set()
        self._unsaved: set[str] = set()
        self._stations = PresenceTracker(timing.silence_s)
        self._broker_connected = False
        self._next_save_retry = 0.0
        self._link_problem: str | None = None
        self._announcer = (
            Announcer(
                self._topics.room(room, "presence"),
                self._topics.room(room, "heartbeat"),
                lambda online: encode(RoomPresence(room=room, online=online)),
                timing.heartbeat_s,
            )
            if as_kiosk
            else None
        )
        client_id = (
            f"lantern-tablet-{site}-{room}" if as_kiosk else f"lantern-call-{site}-{uuid.uuid4().hex[:12]}"
        )
        self._transport = MqttTransport(
            broker,
            client_id,
            subscriptions=[self._topics.room(room, "status"), self._topics.station("+", "+")],
            on_message=self._on_message,
            on_link=self._on_link,
            will=self._announcer.offline if self._announcer else None,
            persistent_session=as_kiosk,
            timing=timing,
        )
        self._ticker = Ticker(f"helpcall-{room}", self._tick)

    @property
    def outbox_path(self) -> Path:
        return self._outbox.path

    def start(self) -> None:
        """Load the calls a crash left open (they are sent again), then connect."""
        try:
            found = self._outbox.unfinished()
        except StorageError:
            found = []
        with self._lock:
            for call in found:
                log.info(
                    "Call %s (%s) from room %s is still open; sending it again", call.id, call.kind, call.room
                )
                self._calls[call.id] = call
                self._sending[call.id] = _Sending()
        self._transport.start()
        self._ticker.start()
        self._refresh()

    def stop(self) -> None:
        self._ticker.stop()
        self._transport.stop(farewell=self._announcer.offline if self._announcer else None)
        self._outbox.close()

    def press(self, kind: CallKind) -> HelpCallSnapshot:
        """Commit the call to the outbox first; if that fails, still send it and tell the truth."""
        now = time.time()
        call = CallRecord(id=str(uuid.uuid4()), room=self.room, kind=kind, pressed_at=now, changed_at=now)
        with self._lock:
            committed = self._keep(call)
            self._sending[call.id] = _Sending()
        log.info(
            "Help call %s (%s) from room %s %s",
            call.id,
            kind,
            self.room,
            "stored" if committed else "NOT stored",
        )
        snapshot = self._refresh()
        self._ticker.wake()
        return snapshot

    def clear_at_bedside(self) -> HelpCallSnapshot:
        """Staff at the bedside finished every open call; the station is told until it confirms."""
        now = time.time()
        with self._lock:
            for call in [call for call in self._calls.values() if call.is_open]:
                self._keep(replace(call, cleared_at=now, changed_at=now))
                self._sending[call.id] = _Sending()
        snapshot = self._refresh()
        self._ticker.wake()
        return snapshot

    def snapshot(self) -> HelpCallSnapshot:
        return self._refresh()

    def add_listener(self, callback: Callable[[HelpCallSnapshot], None]) -> None:
        self._broadcaster.add_listener(callback)

    # Everything below runs with self._lock held unless it says otherwise.

    def _keep(self, call: CallRecord) -> bool:
        """Remember a call and write it to the outbox; a failed write is tried again on the next tick."""
        previous = self._calls.get(call.id)
        try:
            self._outbox.save(call)
        except StorageError:
            self._unsaved.add(call.id)
            self._calls[call.id] = replace(call, committed=previous.committed if previous else False)
            return False
        self._unsaved.discard(call.id)
        self._calls[call.id] = replace(call, committed=True)
        return True

    def _on_message(self, topic: str, payload: bytes) -> None:
        """paho's thread: one message from the network, validated before anything trusts it."""
        try:
            message = parse_message(self._topics, topic, payload)
        except ProtocolError as error:
            log.warning("Rejected a message on %s: %s", topic, error)
            return
        now = time.time()
        with self._lock:
            if isinstance(message, StationPresence):
                was_online = self._stations.any_online(now)
                self._stations.heard(message.station, message.online, now)
                if not was_online and self._stations.any_online(now):
                    self._send_all_now()
            elif isinstance(message, StatusMessage):
                self._apply_status(message, now)
        self._ticker.wake()
        self._refresh()

    def _apply_status(self, status: StatusMessage, now: float) -> None:
        call = self._calls.get(status.id)
        if call is None or call.room != status.room:
            log.debug("Status %s for call %s, which this tablet does not hold", status.state, status.id)
            return
        if call.station_state is not None and status.state.rank <= call.station_state.rank:
            return
        log.info("Call %s: the station says %s", call.id, status.state)
        self._keep(replace(call, station_state=status.state, changed_at=now))

    def _on_link(self, connected: bool, problem: str | None) -> None:
        """paho's thread: on every connect, announce ourselves and send every open call once more."""
        with self._lock:
            self._broker_connected = connected
            self._link_problem = problem
            if connected:
                if self._announcer:
                    self._announcer.connected()
                self._send_all_now()
                self._resync = {call.id for call in self._calls.values() if call.is_open}
        self._ticker.wake()
        self._refresh()

    def _send_all_now(self) -> None:
        for sending in self._sending.values():
            sending.next_at = 0.0

    def _tick(self) -> float | None:
        """The timer thread: heartbeats, re-sends, outbox retries, and states that change with time."""
        now = time.time()
        with self._lock:
            outgoing = self._due(now) if self._broker_connected else []
            if self._unsaved and now >= self._next_save_retry:
                self._next_save_retry = now + self._timing.heartbeat_s
                for call_id in sorted(self._unsaved):
                    self._keep(self._calls[call_id])
            self._forget_finished(now)
            deadline = self._next_deadline(now)
        for message in outgoing:
            self._transport.publish(message)
        self._refresh()
        return deadline

    def _due(self, now: float) -> list[Outgoing]:
        outgoing = self._announcer.due(now) if self._announcer else []
        for call_id, sending in list(self._sending.items()):
            message = self._message_for(self._calls[call_id], sending.attempts + 1)
            if message is None:
                del self._sending[call_id]
            elif sending.next_at <= now:
                sending.attempts += 1
                sending.next_at = now + self._timing.resend_delay(sending.attempts)
                outgoing.append(self._outgoing(message))
                log.debug(
                    "Sending %s for call %s (attempt %d)", type(message).__name__, call_id, sending.attempts
                )
        for call_id in self._resync - set(self._sending):
            if call_id in self._calls:
                outgoing.append(self._outgoing(self._call_message(self._calls[call_id], 1)))
        self._resync.clear()
        return outgoing

    def _outgoing(self, message: CallMessage | ClearMessage) -> Outgoing:
        leaf = "clear" if isinstance(message, ClearMessage) else "call"
        return Outgoing(self._topics.room(self.room, leaf), encode(message))

    def _message_for(self, call: CallRecord, attempt: int) -> CallMessage | ClearMessage | None:
        """What the station still has to learn about a call, if anything."""
        if call.station_state is StationState.DONE:
            return None
        if call.cleared_at is not None:
            return ClearMessage(
                id=call.id,
                room=call.room,
                kind=call.kind,
                pressed_at=call.pressed_at,
                cleared_at=call.cleared_at,
            )
        return self._call_message(call, attempt) if call.station_state is None else None

    @staticmethod
    def _call_message(call: CallRecord, attempt: int) -> CallMessage:
        return CallMessage(
            id=call.id, room=call.room, kind=call.kind, pressed_at=call.pressed_at, attempt=attempt
        )

    def _forget_finished(self, now: float) -> None:
        """Drop calls the station confirmed done once the patient's screen has let go of them."""
        for call_id, call in list(self._calls.items()):
            finished = call.finished_at
            confirmed = call.station_state is StationState.DONE and call_id not in self._unsaved
            if confirmed and finished is not None and now - finished >= self._timing.done_linger_s:
                del self._calls[call_id]

    def _next_deadline(self, now: float) -> float | None:
        call = current_call(self._calls.values(), now, self._timing.done_linger_s)
        candidates = [
            state_deadline(
                call, receipt_timeout_s=self._receipt_timeout_s, done_linger_s=self._timing.done_linger_s
            ),
            self._stations.next_change_at(now),
            self._next_save_retry if self._unsaved else None,
        ]
        if self._broker_connected:
            candidates += [sending.next_at for sending in self._sending.values()]
            candidates.append(self._announcer.next_heartbeat if self._announcer else None)
        return earliest(candidates, now)

    def _snapshot(self, last: HelpCallSnapshot | None) -> HelpCallSnapshot:
        now = time.time()
        with self._lock:
            link = Link(
                broker_connected=self._broker_connected, station_online=self._stations.any_online(now)
            )
            call = current_call(self._calls.values(), now, self._timing.done_linger_s)
            problems = [problem for problem in (self._outbox.problem, self._link_problem) if problem]
        state = patient_state(
            call,
            now,
            link,
            receipt_timeout_s=self._receipt_timeout_s,
            done_linger_s=self._timing.done_linger_s,
        )
        shown = call if state is not PatientCallState.IDLE else None
        call_id = shown.id if shown else None
        return HelpCallSnapshot(
            state=state,
            kind=shown.kind if shown else None,
            call_id=call_id,
            since=last.since if last is not None and (last.state, last.call_id) == (state, call_id) else now,
            broker_connected=link.broker_connected,
            station_online=link.station_online,
            staff_problem=" ".join(problems) or None,
        )

    def _refresh(self) -> HelpCallSnapshot:
        return self._broadcaster.refresh(self._snapshot)
