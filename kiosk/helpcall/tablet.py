"""The tablet's help call: a press is shown at once, sent at once and written to disk alongside.

A call is sent again (1, 2, 4 … s, capped) until a ringing station's receipt for its id arrives; a
PUBACK proves nothing, because brokers differ in what they keep. On every reconnect all open calls
are sent once more, which also makes the station repeat any status this tablet missed while away.

Nobody waits for the disk: the outbox is written on a thread of its own, so a stalled SD card holds
up neither the patient's screen nor the network. A press that is still not on disk after a few
seconds stops counting as a real chance, and the patient is told to call out while it is still sent.
Listeners are called from whichever thread noticed the change (the caller's, paho's, the ticker's
or the outbox writer's).
"""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.helpcall.outbox import Outbox
from kiosk.helpcall.states import (
    STORE_GRACE_S,
    CallRecord,
    HelpCallSnapshot,
    Link,
    PatientCallState,
    became_urgent,
    current_call,
    patient_state,
    state_deadline,
    unanswered_kinds,
)
from kiosk.helpcall.visit_link import VisitLink
from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.ids import check_id
from kiosk.wire.liveness import Liveness
from kiosk.wire.peer import Due, Peer
from kiosk.wire.presence import Announcer, AnswerPace, PresenceTracker
from kiosk.wire.protocol import (
    CallKind,
    CallMessage,
    ClearMessage,
    Feeling,
    HereMessage,
    Message,
    RelayFault,
    RollCall,
    RoomPresence,
    StationPresence,
    StationState,
    StatusMessage,
    Topics,
    VisitOrder,
    encode,
)
from kiosk.wire.storage import StorageError, WriteQueue
from kiosk.wire.timing import DEFAULT_TIMING, Timing
from kiosk.wire.transport import Outgoing

log = logging.getLogger(__name__)

_STOP_WRITES_S = 2.0


@dataclass
class _Sending:
    """How often a call (or its bedside clear) went out, and when (monotonic) it goes out again."""

    attempts: int = 0
    next_at: float = 0.0


class TabletHelpCall(Peer[HelpCallSnapshot]):
    """One room's help call. `as_kiosk=False` is a one-off caller (`lantern call`) that must not take
    over the kiosk's MQTT session or presence, nor send the kiosk's calls: it uses a fresh client id,
    announces nothing and sends only the calls it is asked to make.

    `stations`: the site's station ids; statuses and presence from any other id are ignored (None:
    any station, for the built-in single-machine set-up). `liveness`: the kiosk's GUI loop, without
    which the tablet stops its heartbeats, so a frozen kiosk shows offline at the station.
    """

    def __init__(
        self,
        room: str,
        data_dir: Path,
        broker: BrokerAddress,
        *,
        site: str = "clinic",
        receipt_timeout_s: float = 10.0,
        timing: Timing = DEFAULT_TIMING,
        as_kiosk: bool = True,
        stations: frozenset[str] | None = None,
        liveness: Liveness | None = None,
    ) -> None:
        self.room = check_id(room, "room")
        self.instance = secrets.token_hex(8)
        topics = Topics(site)
        self._on_loaded: list[Callable[[], None]] = []
        self._loaded = False
        self._relay_fault: RelayFault | None = None
        """The room's nurse-call relay's fault, told to the stations with every presence word, roll-call
        answers included (so a roll call never clears it for a moment at every console); a retained
        one that is no longer true is corrected by the next heartbeat."""
        announcer = (
            Announcer(
                topics.room(room, "presence"),
                topics.room(room, "heartbeat"),
                self._presence_word,
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
            subscriptions=[
                topics.room(room, "status"),
                *([topics.room(room, "order")] if as_kiosk else []),
                topics.station("+", "presence"),
                (topics.station("+", "heartbeat"), 0),
                *(
                    [(topics.roll_call("station", "+"), 0), (topics.roll_call("watch", "+"), 0)]
                    if as_kiosk
                    else []
                ),
            ],
            announcer=announcer,
            asker=("room", room),
            timing=timing,
            persistent_session=as_kiosk,
            liveness=liveness,
        )
        self._as_kiosk = as_kiosk
        self._receipt_timeout_s = receipt_timeout_s
        self._stations = stations
        self._visits = VisitLink(topics, room)
        self._outbox = Outbox(data_dir / f"helpcall-{site}-{room}.sqlite3")
        self._writes = WriteQueue(f"outbox-{room}")
        self._calls: dict[str, CallRecord] = {}
        self._sending: dict[str, _Sending] = {}
        self._resync: set[str] = set()
        self._unsaved: set[str] = set()
        self._writing: Counter[str] = Counter()
        self._next_save_retry = 0.0
        self._seq = 0
        self._rings: dict[str, bool] = {}
        """Every known station's last word on whether it rings; only ringing ones count as online."""
        self._station_asks = AnswerPace()
        """A station that calls the roll has just connected, perhaps keeping no session (several
        brokers): every open call goes to it again, at most once a second however often stations ask."""
        self._silent = PresenceTracker(timing.silence_s)
        """Stations online that ring for nobody (headless): worth a word to staff, no hope for a patient."""

    @property
    def outbox_path(self) -> Path:
        return self._outbox.path

    def _presence_word(self, online: bool, seq: int, sent_at: float) -> bytes:
        relay = self._relay_fault if online else None
        return encode(
            RoomPresence(
                room=self.room, online=online, instance=self.instance, seq=seq, sent_at=sent_at, relay=relay
            )
        )

    def when_loaded(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the calls a crash left open have been read (on the writer's thread,
        or at once if that is done): only then does the snapshot say every call that waits."""
        with self._lock:
            if not self._loaded:
                self._on_loaded.append(callback)
                return
        callback()

    def start(self) -> None:
        """Connect at once; the calls a crash left open are read on the writer's thread and sent again."""
        if self._as_kiosk:
            self._writes.submit(self._load_unfinished)
        super().start()

    def stop(self) -> None:
        super().stop()
        if not self._writes.stop(_STOP_WRITES_S):
            log.error(
                "The help-call store did not finish writing within %.0f s (%s)",
                _STOP_WRITES_S,
                self.outbox_path,
            )
        self._outbox.close()

    def press(self, kind: CallKind) -> HelpCallSnapshot:
        """Show and send the call at once; it is written to the outbox alongside, never waited for.

        While the outbox is known to fail, a press counts as not stored from the start, so the patient
        is told to call out at once instead of a few seconds later.
        """
        now = time.time()
        with self._lock:
            self._seq += 1
            call = CallRecord(
                id=str(uuid.uuid4()),
                room=self.room,
                kind=kind,
                pressed_at=now,
                changed_at=now,
                seq=self._seq,
                pressed_mono=time.monotonic(),
                committed=None if self._outbox.problem is None else False,
            )
            self._keep(call)
            self._sending[call.id] = _Sending()
        log.info("Help call %s (%s) from room %s pressed", call.id, kind, self.room)
        snapshot = self._refresh()
        self._ticker.wake()
        return snapshot

    def clear_at_bedside(self) -> HelpCallSnapshot:
        """Staff at the bedside finished every open call; the station is told until it confirms."""
        now, mono = time.time(), time.monotonic()
        with self._lock:
            for call in [call for call in self._calls.values() if call.is_open]:
                self._keep(replace(call, cleared_at=now, changed_at=now, finished_mono=mono))
                self._sending[call.id] = _Sending()
        snapshot = self._refresh()
        self._ticker.wake()
        return snapshot

    def nurse_here(self) -> HelpCallSnapshot:
        """Staff at the bedside: a nurse is with the patient. The ring stops everywhere and the
        response time is true; the station is told until it confirms."""
        now = time.time()
        with self._lock:
            for call in [call for call in self._calls.values() if call.is_open and call.here_at is None]:
                self._keep(replace(call, here_at=now, changed_at=now))
                self._sending[call.id] = _Sending()
        snapshot = self._refresh()
        self._ticker.wake()
        return snapshot

    def add_visit_listener(self, callback: Callable[[bool], None]) -> None:
        """Told (on paho's thread) when one of the site's stations starts (True) or ends a visit here."""
        self._visits.add_listener(callback)

    def report_visit(self, resting_s: int | None) -> None:
        with self._lock:
            self._visits.report_visit(resting_s)
        self._ticker.wake()

    def report_check_in(self, feeling: Feeling) -> None:
        with self._lock:
            self._visits.report_check_in(feeling, time.time())
        self._ticker.wake()

    def report_relay(self, fault: RelayFault | None) -> None:
        """The room's nurse-call relay has (or no longer has) a fault: the next heartbeat, sent at
        once, tells the stations. The patient's screen does not change."""
        with self._lock:
            if fault is self._relay_fault:
                return
            self._relay_fault = fault
            if self._announcer is not None:
                self._announcer.next_heartbeat = 0.0
        self._ticker.wake()

    def wait_written(self, timeout_s: float) -> bool:
        """True once every write asked for so far is done (for `lantern call` and tests)."""
        return self._writes.wait_idle(timeout_s)

    # On the writer's thread.

    def _load_unfinished(self) -> None:
        try:
            found = self._outbox.unfinished()
        except StorageError:
            found = []
        now = time.monotonic()
        with self._lock:
            for call in found:
                if call.id in self._calls:
                    continue
                log.info(
                    "Call %s (%s) from room %s is still open; sending it again", call.id, call.kind, call.room
                )
                self._seq += 1
                self._calls[call.id] = replace(call, seq=self._seq, pressed_mono=now)
                self._sending[call.id] = _Sending()
                # The link may have come up before the outbox was read: ask the station to repeat
                # what it said while we were away (an "on the way"), as a connect would have.
                self._resync.add(call.id)
        self._ticker.wake()
        self._refresh()
        with self._lock:
            self._loaded, callbacks = True, self._on_loaded
        for callback in callbacks:
            callback()

    def _write(self, call_id: str, fallback: CallRecord) -> None:
        """Write the newest facts of a call; nothing is locked while the disk works."""
        with self._lock:
            call = self._calls.get(call_id, fallback)
        try:
            self._outbox.save(call)
            written = True
        except StorageError:
            written = False
        with self._lock:
            self._writing[call.id] -= 1
            if self._writing[call.id] <= 0:
                del self._writing[call.id]
            known = self._calls.get(call.id)
            if known is not None:
                self._calls[call.id] = replace(known, committed=True if written else known.committed is True)
            if written:
                self._unsaved.discard(call.id)
            else:
                self._unsaved.add(call.id)
        self._ticker.wake()
        self._refresh()

    # Everything below runs with self._lock held unless it says otherwise.

    def _keep(self, call: CallRecord) -> None:
        """Remember a call's new facts and have them written; the press's own `committed` stays."""
        previous = self._calls.get(call.id)
        committed = previous.committed if previous is not None else call.committed
        self._calls[call.id] = replace(call, committed=committed)
        self._writing[call.id] += 1
        self._writes.submit(lambda: self._write(call.id, call))

    def _handle(self, message: Message, now: float) -> list[Outgoing]:
        if isinstance(message, StationPresence) and self._known_station(message.station):
            self._station_heard(message, now)
        elif isinstance(message, StatusMessage) and self._known_station(message.station):
            self._apply_status(message, now)
        elif isinstance(message, VisitOrder) and self._as_kiosk and self._known_station(message.station):
            self._visits.order(message, time.time())
        elif (
            isinstance(message, RollCall) and message.side == "station" and self._known_station(message.asker)
        ):
            self._station_asks.asked(now)
        return []

    def _known_station(self, station: str) -> bool:
        if self._stations is None or station in self._stations:
            return True
        self._rejects.warning(
            "unknown-station", "Ignored a message from station %r, which is not one of this site's", station
        )
        return False

    def _station_heard(self, presence: StationPresence, now: float) -> None:
        """A console that comes online learns every open call from us at once, even one answered."""
        was_online = self._presence.online(presence.station, now)
        if self._rings.get(presence.station) is not presence.rings and not presence.rings:
            log.warning("Station %s does not ring at a console; its receipts do not count", presence.station)
        self._rings[presence.station] = presence.rings
        self._presence.heard(presence.station, presence.online and presence.rings, now)
        self._silent.heard(presence.station, presence.online and not presence.rings, now)
        if not was_online and self._presence.online(presence.station, now):
            self._send_every_open_call()

    def _apply_status(self, status: StatusMessage, now: float) -> None:
        call = self._calls.get(status.id)
        if call is None:
            self._rejects.warning(
                "unknown-call",
                "Ignored status %s for call %s, which this tablet does not hold",
                status.state,
                status.id,
            )
            return
        if (call.room, call.kind, call.pressed_at) != (status.room, status.kind, status.pressed_at):
            self._rejects.warning(
                "mismatch",
                "Ignored status %s for call %s from %s: its facts are not the call's",
                status.state,
                call.id,
                status.station,
            )
            return
        if call.station_state is not None and status.state.rank <= call.station_state.rank:
            self._rejects.warning(
                "stale",
                "Ignored status %s for call %s: it already stands at %s",
                status.state,
                call.id,
                call.station_state,
            )
            return
        if status.state is StationState.RECEIVED and not self._rings.get(status.station, False):
            self._rejects.warning(
                "silent-station",
                "Station %s has call %s but rings for nobody; still sending until a console has it",
                status.station,
                call.id,
            )
            return
        log.info("Call %s: station %s says %s", call.id, status.station, status.state)
        finished = now if status.state is StationState.DONE else call.finished_mono
        self._keep(replace(call, station_state=status.state, changed_at=time.time(), finished_mono=finished))

    def _on_connect(self) -> None:
        self._send_every_open_call()
        self._visits.connected()

    def _send_every_open_call(self) -> None:
        """Send every open call once more, answered ones too: it makes a station that missed them log
        them, and makes it repeat any status we missed."""
        self._send_all_now()
        self._resync |= {call.id for call in self._calls.values() if call.is_open}

    def _unsent(self, messages: list[Outgoing]) -> None:
        """Calls are sent again by their own back-off; the visit's messages wait for the link."""
        self._visits.unsent(messages)

    def _send_all_now(self) -> None:
        for sending in self._sending.values():
            sending.next_at = 0.0

    def _due(self, now: float) -> Due:
        """Re-sends, outbox retries, and the states that change with time alone."""
        if self._station_asks.due(now):
            self._send_every_open_call()
            self._visits.station_asked(time.time())
        outgoing = [*self._resends(now), *self._visits.due()] if self._broker_connected else []
        if self._unsaved and now >= self._next_save_retry:
            self._next_save_retry = now + self._timing.heartbeat_s
            for call_id in sorted(self._unsaved - set(self._writing)):
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

    def _outgoing(self, message: CallMessage | ClearMessage | HereMessage) -> Outgoing:
        leaf = (
            "clear"
            if isinstance(message, ClearMessage)
            else "here"
            if isinstance(message, HereMessage)
            else "call"
        )
        return Outgoing(self._topics.room(self.room, leaf), encode(message))

    def _message_for(self, call: CallRecord, attempt: int) -> CallMessage | ClearMessage | HereMessage | None:
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
        told_here = call.station_state is not None and call.station_state.rank >= StationState.HERE.rank
        if call.here_at is not None and not told_here:
            return HereMessage(
                id=call.id, room=call.room, kind=call.kind, pressed_at=call.pressed_at, here_at=call.here_at
            )
        return self._call_message(call, attempt) if call.station_state is None else None

    @staticmethod
    def _call_message(call: CallRecord, attempt: int) -> CallMessage:
        return CallMessage(
            id=call.id, room=call.room, kind=call.kind, pressed_at=call.pressed_at, attempt=attempt
        )

    def _forget_finished(self, now: float) -> None:
        """Drop calls the station confirmed done, once written and once the screen has let go of them,
        with whatever was still to be sent for them (the link may have dropped before it was)."""
        for call_id, call in list(self._calls.items()):
            settled = call.station_state is StationState.DONE and call_id not in self._unsaved | set(
                self._writing
            )
            if (
                settled
                and call.finished_mono is not None
                and now - call.finished_mono >= self._timing.done_linger_s
            ):
                del self._calls[call_id]
                self._sending.pop(call_id, None)

    def _deadlines(self, now: float) -> list[float | None]:
        call = current_call(self._calls.values(), now, self._timing.done_linger_s)
        deadlines = [
            state_deadline(
                call, receipt_timeout_s=self._receipt_timeout_s, done_linger_s=self._timing.done_linger_s
            ),
            self._next_save_retry if self._unsaved else None,
            self._station_asks.next_at,
        ]
        if self._broker_connected:
            deadlines += [sending.next_at for sending in self._sending.values()]
        return deadlines

    def _snapshot(self, last: HelpCallSnapshot | None, now: float) -> HelpCallSnapshot:
        link = Link(broker_connected=self._broker_connected, station_online=self._presence.any_online(now))
        call = current_call(self._calls.values(), now, self._timing.done_linger_s)
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
            staff_problem=" ".join(self._problems(now)) or None,
            now_urgent=became_urgent(shown, self._calls.values()),
            unanswered=unanswered_kinds(self._calls.values()),
        )

    def _problems(self, now: float) -> list[str]:
        stalled = [
            call
            for call in self._calls.values()
            if call.committed is None and now - call.pressed_mono >= STORE_GRACE_S
        ]
        problems = (
            [
                f"A call is still not on disk after {now - min(c.pressed_mono for c in stalled):.0f} s: the disk is "
                f"not answering ({self.outbox_path}). The call is sent anyway."
            ]
            if stalled
            else []
        )
        silent = [station.peer for station in self._silent.peers(now) if station.online]
        if silent and not self._presence.any_online(now):
            problems.append(
                f"Only stations that ring for nobody are online ({', '.join(silent)}): start a console."
            )
        return [*problems, *(problem for problem in (self._outbox.problem, self._link_problem) if problem)]
