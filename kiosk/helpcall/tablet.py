"""The tablet's help call: outbox first, then MQTT, and the truth for the patient at every moment.

A call is sent again (1, 2, 4 … s, capped) until the station's receipt for its id arrives; a PUBACK
proves nothing, because brokers differ in what they keep. On every reconnect all open calls are sent
once more, which also makes the station repeat any status this tablet missed while it was away.
Listeners are called from whichever thread noticed the change (the caller's, paho's or the timer's).
"""

from __future__ import annotations

import logging
import time
import uuid
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
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.ids import check_id
from kiosk.wire.peer import Due, Peer
from kiosk.wire.presence import Announcer
from kiosk.wire.protocol import (
    CallKind,
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


@dataclass
class _Sending:
    """How often a call (or its bedside clear) went out, and when it goes out again."""

    attempts: int = 0
    next_at: float = 0.0


class TabletHelpCall(Peer[HelpCallSnapshot]):
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
        topics = Topics(site)
        announcer = (
            Announcer(
                topics.room(room, "presence"),
                topics.room(room, "heartbeat"),
                lambda online: encode(RoomPresence(room=room, online=online)),
                timing.heartbeat_s,
            )
            if as_kiosk
            else None
        )
        super().__init__(
            name=f"helpcall-{room}",
            broker=broker,
            client_id=(
                f"lantern-tablet-{site}-{room}"
                if as_kiosk
                else f"lantern-call-{site}-{uuid.uuid4().hex[:12]}"
            ),
            topics=topics,
            subscriptions=[topics.room(room, "status"), topics.station("+", "+")],
            announcer=announcer,
            timing=timing,
            persistent_session=as_kiosk,
        )
        self._receipt_timeout_s = receipt_timeout_s
        self._outbox = Outbox(data_dir / f"helpcall-{site}-{room}.sqlite3")
        self._calls: dict[str, CallRecord] = {}
        self._sending: dict[str, _Sending] = {}
        self._resync: set[str] = set()
        self._unsaved: set[str] = set()
        self._next_save_retry = 0.0

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
        super().start()

    def stop(self) -> None:
        super().stop()
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

    def _handle(self, message: Message, now: float) -> list[Outgoing]:
        if isinstance(message, StationPresence):
            was_online = self._presence.any_online(now)
            self._presence.heard(message.station, message.online, now)
            if not was_online and self._presence.any_online(now):
                self._send_all_now()
        elif isinstance(message, StatusMessage):
            self._apply_status(message, now)
        return []

    def _apply_status(self, status: StatusMessage, now: float) -> None:
        call = self._calls.get(status.id)
        if call is None or call.room != status.room:
            log.debug("Status %s for call %s, which this tablet does not hold", status.state, status.id)
            return
        if call.station_state is not None and status.state.rank <= call.station_state.rank:
            return
        log.info("Call %s: the station says %s", call.id, status.state)
        self._keep(replace(call, station_state=status.state, changed_at=now))

    def _on_connect(self) -> None:
        """Send every open call once more: it also makes the station repeat any status we missed."""
        self._send_all_now()
        self._resync = {call.id for call in self._calls.values() if call.is_open}

    def _send_all_now(self) -> None:
        for sending in self._sending.values():
            sending.next_at = 0.0

    def _due(self, now: float) -> Due:
        """Re-sends, outbox retries, and the states that change with time alone."""
        outgoing = self._resends(now) if self._broker_connected else []
        if self._unsaved and now >= self._next_save_retry:
            self._next_save_retry = now + self._timing.heartbeat_s
            for call_id in sorted(self._unsaved):
                self._keep(self._calls[call_id])
        self._forget_finished(now)
        return Due(outgoing, self._deadlines(now))

    def _resends(self, now: float) -> list[Outgoing]:
        outgoing = []
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

    def _deadlines(self, now: float) -> list[float | None]:
        call = current_call(self._calls.values(), now, self._timing.done_linger_s)
        deadlines = [
            state_deadline(
                call, receipt_timeout_s=self._receipt_timeout_s, done_linger_s=self._timing.done_linger_s
            ),
            self._next_save_retry if self._unsaved else None,
        ]
        if self._broker_connected:
            deadlines += [sending.next_at for sending in self._sending.values()]
        return deadlines

    def _snapshot(self, last: HelpCallSnapshot | None, now: float) -> HelpCallSnapshot:
        link = Link(broker_connected=self._broker_connected, station_online=self._presence.any_online(now))
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
