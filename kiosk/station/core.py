"""The nurse station's core: records each call once, answers with receipts, tracks tablets.

A receipt tells a patient "the nurses have your call", so it goes out only once the call is in the
call log and a console's live alarm rings it (`AlarmGate`); a headless station (no alarm) records
calls and says in its presence that it rings for nobody, and tablets do not count its receipts. A
copy of a known call gets the call's current status again, which is how a tablet that missed a
status catches up. Several stations on one site stay in step by reading each other's statuses,
from the site's own stations only, and a station that comes back is sent the others' finished calls
of the last day, so every console's log ends with the same rows (`StationCall.merged_with`). The console (a Qt view) sits on top through `add_listener`,
`acknowledge` and `clear`.

Every peer is untrusted: statuses from stations not of this site are ignored; a room's new calls are
budgeted (`RoomBudget`), so a flood from one room cannot drown the others; a room's presence is
followed only for rooms in the settings and rooms that called; everything rejected is logged once
per reason.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.config.deployment import Deployment
from kiosk.station.alarm_gate import AlarmGate
from kiosk.station.calllog import BEDSIDE, CallLog, StationCall, answering_phone, heard_mono_of, on_phone
from kiosk.station.pager_lease import PagerLease
from kiosk.station.shared_log import SHARED_LOG_CALLS, SHARED_LOG_S, logged_call, logged_message
from kiosk.station.visits import RoomVisit, Visits
from kiosk.wire.broker_url import BrokerAddress
from kiosk.wire.content_protocol import (
    ContentReport,
    ContentTopics,
    ReportState,
    parse_manifest,
    parse_report,
)
from kiosk.wire.flood import RoomBudget
from kiosk.wire.ids import check_id, host_id
from kiosk.wire.peer import Due, Peer
from kiosk.wire.presence import Announcer, AnswerPace, PeerStatus, PresenceTracker
from kiosk.wire.protocol import (
    ORDER_FRESH_S,
    CallFacts,
    CallMessage,
    CheckInAnswer,
    ClearMessage,
    Feeling,
    HereMessage,
    LoggedMessage,
    Message,
    PagedMessage,
    ProtocolError,
    RelayFault,
    RollCall,
    RoomPresence,
    StationPresence,
    StationState,
    StatusMessage,
    Topics,
    VisitOrder,
    VisitReport,
    encode,
)
from kiosk.wire.storage import StorageError
from kiosk.wire.timing import DEFAULT_TIMING, Timing
from kiosk.wire.transport import Outgoing

log = logging.getLogger(__name__)

CONTENT_REPORT_BURST = 10
CONTENT_REPORT_REFILL_S = 6.0
"""A tablet reports two or three times a version; more than this from one room is not taken."""
CHECK_IN_BURST = 3
CHECK_IN_REFILL_S = 60.0
"""A patient answers a check-in every few minutes at most: more than this is a flood, and each answer
is a disk write on the thread that rings the other rooms' calls."""
_CHECK_INS_REMEMBERED = 1000
"""How many check-in answers' ids are kept to know a copy (a tablet sends recent ones again)."""
_ORDER_AGAIN_GAP_S = 1.0

ROOM_LEAVES = ("call", "clear", "here", "status", "presence", "visit", "checkin")
"""What a station hears from rooms at QoS 1, each leaf on its own subscription: a wildcard over
them all would also take the heartbeats at QoS 1, which RabbitMQ then keeps for a station that is away."""


def _now_or_never(topics: Topics) -> list[str]:
    """Heartbeats and roll calls: worthless late, so taken at QoS 0 and never kept for us while away."""
    return [
        topics.room("+", "heartbeat"),
        topics.station("+", "heartbeat"),
        topics.roll_call("room", "+"),
        topics.roll_call("station", "+"),
        topics.roll_call("watch", "+"),
    ]


MAX_CALLED_ROOMS = 256
"""Rooms outside the settings whose tablets are followed because they called; a bound, not a target."""


@dataclass(frozen=True)
class StationSnapshot:
    """What a console shows: open calls (in the order heard), tablets, other stations, and problems.

    `duplicate_id`: another console uses this station's id, so the two fight over one identity.
    """

    calls: tuple[StationCall, ...]
    tablets: tuple[PeerStatus, ...]
    broker_connected: bool
    staff_problem: str | None
    stations: tuple[PeerStatus, ...] = ()
    duplicate_id: bool = False
    content: tuple[ContentReport, ...] = ()
    """What each room last said of the content the station published (docs/protocol.md, Content)."""
    content_live: int | None = None
    """The newest content version a station of the site has on the broker."""
    visits: tuple[RoomVisit, ...] = ()
    """Each room's visit and last check-in answer, as its tablet last said."""
    relay_faults: tuple[tuple[str, RelayFault], ...] = ()
    """Online rooms whose tablet says their own nurse-call relay has a fault (an offline tablet is
    its own fault)."""
    pager: str | None = None
    """The console that pages the phones now (this one's id when it does), None when none does."""
    paging_possible: bool = False
    """Some console alive (this one included) may page phones; False means a call reaches no phone."""

    @property
    def ringing(self) -> bool:
        return any(call.ringing for call in self.calls)


class StationCore(Peer[StationSnapshot]):
    """One station on one site. Callbacks run on paho's thread, the ticker's thread or the caller's.

    `alarm`: the console's alarm; None for a headless station, which rings for nobody. `stations`:
    the site's station ids (None: any, for the built-in single-machine set-up). `rooms`: the rooms
    in the settings, whose tablets are always followed.
    """

    def __init__(
        self,
        data_dir: Path,
        broker: BrokerAddress,
        *,
        site: str = "clinic",
        station_id: str | None = None,
        timing: Timing = DEFAULT_TIMING,
        alarm: AlarmGate | None = None,
        stations: frozenset[str] | None = None,
        rooms: frozenset[str] = frozenset(),
        may_page: bool = False,
        phones: frozenset[str] = frozenset(),
    ) -> None:
        """`may_page`: this console's settings let it page phones, so it stands for the pager lease.
        `phones`: the names of the phones in the settings, the only ones a status may say answered."""
        self.station_id = check_id(station_id or host_id("station"), "station id")
        self.instance = secrets.token_hex(8)
        self.lease = PagerLease(self.station_id, may_page=may_page, silence_s=timing.silence_s)
        self._paged_listeners: list[Callable[[PagedMessage], None]] = []
        self._phones = phones
        topics = Topics(site)
        self._content_topics = content_topics = ContentTopics(topics)
        self._content_reports: dict[str, ContentReport] = {}
        self._content_live: int | None = None
        super().__init__(
            name=f"station-{self.station_id}",
            broker=broker,
            client_id=f"lantern-station-{site}-{self.station_id}",
            topics=topics,
            subscriptions=[
                *(topics.room("+", leaf) for leaf in ROOM_LEAVES),
                *(topics.station("+", leaf) for leaf in ("presence", "logged", "paged")),
                *((topic, 0) for topic in _now_or_never(topics)),
                content_topics.every_report,
                content_topics.every_manifest,
            ],
            announcer=Announcer(
                topics.station(self.station_id, "presence"),
                topics.station(self.station_id, "heartbeat"),
                lambda online, seq, sent_at: encode(
                    StationPresence(
                        station=self.station_id,
                        online=online,
                        rings=alarm is not None,
                        instance=self.instance,
                        pages=self.lease.may_page,
                        paging=online and self.lease.holding(time.monotonic()),
                        seq=seq,
                        sent_at=sent_at,
                    )
                ),
                timing.heartbeat_s,
            ),
            asker=("station", self.station_id),
            timing=timing,
            liveness=alarm,
            side_channel=(content_topics.root + "/", self._content_message),
        )
        self._alarm = alarm
        self._stations = stations
        self._rooms = rooms
        self._log = CallLog(data_dir / f"calllog-{site}-{self.station_id}.sqlite3")
        self._open: dict[str, StationCall] = {}
        self._visits = Visits()
        self._relay_faults: dict[str, RelayFault] = {}
        self._receipted: set[str] = set()
        self._called: dict[str, None] = {}
        """Rooms outside the settings that called, oldest first, at most MAX_CALLED_ROOMS."""
        self._budget = RoomBudget(timing.room_burst, timing.room_refill_s)
        self._content_budget = RoomBudget(CONTENT_REPORT_BURST, CONTENT_REPORT_REFILL_S)
        self._check_in_budget = RoomBudget(CHECK_IN_BURST, CHECK_IN_REFILL_S)
        self._check_ins_heard: dict[str, None] = {}
        """Ids of the latest check-in answers heard, oldest first, so a copy costs no budget."""
        self._others = PresenceTracker(timing.silence_s)
        self._duplicate_heard: float | None = None
        self._unsent_statuses: list[Outgoing] = []
        self._reannounce = False
        self._roll_calls = AnswerPace()
        """Roll calls from a head-office view or another of the site's consoles, answered with the
        status of every open call (and, to a console, the day's log), at most once a second: a
        console given several brokers keeps no session, so what we said while it moved is lost to it."""
        self._log_asked = False
        self._share_log = False
        self._last_orders: dict[str, VisitOrder] = {}
        """The last visit order this console sent to each room, under its own lock: staff's button
        must never wait for the core's, which a write to a stalled disk can hold."""
        self._orders_lock = threading.Lock()
        self._orders_again_at: dict[str, float] = {}
        self._next_retry = 0.0
        if alarm is not None:
            alarm.on_new_call(self._ticker.wake)

    @property
    def alarm(self) -> AlarmGate | None:
        return self._alarm

    @property
    def call_log_path(self) -> Path:
        return self._log.path

    def start(self) -> None:
        """Open calls from before a restart ring again (and are receipted again once they ring); then connect."""
        try:
            found = self._log.open_calls()
        except StorageError:
            found = []
        now = time.monotonic()
        with self._lock:
            wall = time.time()
            self._open.update(
                (call.id, replace(call, heard_mono=heard_mono_of(call.pressed_at, wall, now)))
                for call in found
            )
        super().start()

    def stop(self) -> None:
        super().stop()
        self._log.close()

    def acknowledge(self, call_id: str, *, phone: str | None = None) -> bool:
        """Staff answered: tell the room a nurse is on the way. False if the call is not open.
        `phone`: the phone that answered its page, when it was not staff at this console."""
        return self._advance(call_id, StationState.ON_WAY, on_phone(phone) if phone else None)

    def clear(self, call_id: str) -> bool:
        """Staff finished the call at the station. False if the call is not open."""
        return self._advance(call_id, StationState.DONE)

    def order_visit(self, room: str, *, start: bool) -> bool:
        """Staff at this console start or end a room's visit; False when there is no link to send it on.
        Sent again when the room's tablet calls the roll, while it is fresh (it may have been moving)."""
        order = VisitOrder(room=room, station=self.station_id, start=start, at=time.time())
        with self._orders_lock:  # a roll call meanwhile must not get the order before this one
            sent = self._transport.publish(self._order_message(order))
            if sent:
                self._last_orders[room] = order
        log.info(
            "%s the visit in room %s%s", "Started" if start else "Ended", room, "" if sent else " (NOT sent)"
        )
        return sent

    def check_ins_since(self, start: float) -> list[tuple[str, Feeling, float]]:
        return self._log.check_ins_since(start)

    def history(self, limit: int = 50) -> list[StationCall]:
        """The newest calls in the log, finished or not, for the console's list."""
        return self._log.recent(limit)

    def received_since(self, start: float) -> list[StationCall]:
        """Every logged call received from `start` on, for the response-time report."""
        return self._log.received_since(start)

    def call(self, call_id: str) -> StationCall | None:
        """The call as this station knows it now, open or logged; None for a call it never heard (or
        a logged call while the log cannot be read). The log is read outside the core's lock, so a
        stalled disk holds up only the caller, never the thread that rings calls."""
        with self._lock:
            found = self._open.get(call_id)
        if found is not None:
            return found
        try:
            return self._log.get(call_id)
        except StorageError:
            return None

    def add_paged_listener(self, callback: Callable[[PagedMessage], None]) -> None:
        """Hear the pages the site's other consoles sent (paho's thread)."""
        self._paged_listeners.append(callback)

    def tell_paged(self, message: PagedMessage) -> bool:
        """Tell the site's other consoles a page went out; False when there is no link to say it on."""
        topic = self._topics.station(self.station_id, "paged")
        return self._transport.publish(Outgoing(topic, encode(message)))

    def _advance(self, call_id: str, state: StationState, by: str | None = None) -> bool:
        with self._lock:
            call = self._open.get(call_id)
            if call is None or state.rank <= call.state.rank:
                return False
            log.info("Call %s from room %s: %s set %s", call_id, call.room, by or "staff", state)
            answered = call.advanced(state, time.time(), by or self.station_id)
            outgoing = self._keep(answered, announce=True)
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
            self._receipted.discard(call.id)
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
            by=answering_phone(call.acknowledged_by),
        )
        return Outgoing(self._topics.room(call.room, "status"), encode(message))

    def _handle(self, message: Message, now: float) -> list[Outgoing]:
        if isinstance(message, RoomPresence):
            self._room_heard(message, now)
        elif isinstance(message, StationPresence):
            self._station_heard(message, now)
        elif isinstance(message, CallMessage):
            return self._on_call(message, now)
        elif isinstance(message, ClearMessage):
            return self._on_clear(message, now)
        elif isinstance(message, HereMessage):
            return self._on_here(message, now)
        elif isinstance(message, StatusMessage) and self._from_peer(message):
            return self._on_peer_status(message, now)
        elif isinstance(message, LoggedMessage) and self._site_station(message.station, message.id):
            self._on_logged(message, now)
        elif isinstance(message, VisitReport | CheckInAnswer) and self._followed(message.room):
            self._on_visit(message, now)
        elif isinstance(message, PagedMessage) and self._site_station(message.station, message.id):
            for listener in self._paged_listeners:
                listener(message)
        elif isinstance(message, RollCall) and (
            message.side == "watch" or (message.side == "station" and self._site_console(message.asker))
        ):
            self._roll_calls.asked(now)
            self._log_asked |= message.side == "station"
        elif isinstance(message, RollCall) and message.side == "room":
            return self._order_again(message.asker, now)
        return []

    def _order_message(self, order: VisitOrder) -> Outgoing:
        return Outgoing(self._topics.room(order.room, "order"), encode(order))

    def _order_again(self, room: str, now: float) -> list[Outgoing]:
        """The room's tablet has just connected: our last order for it, if still fresh, at most once a
        second (a tablet calls the roll once per connect; one that loops must not make us loop)."""
        with self._orders_lock:
            order = self._last_orders.get(room)
        if order is None or abs(time.time() - order.at) > ORDER_FRESH_S:
            return []
        if now - self._orders_again_at.get(room, float("-inf")) < _ORDER_AGAIN_GAP_S:
            return []
        self._orders_again_at[room] = now
        return [self._order_message(order)]

    def _site_console(self, station: str) -> bool:
        return self._stations is None or station in self._stations

    def _followed(self, room: str) -> bool:
        return room in self._rooms or room in self._called

    def _on_visit(self, message: VisitReport | CheckInAnswer, now: float) -> None:
        """A quiet note on the room's tile; a check-in answer is also kept for the report."""
        if isinstance(message, VisitReport):
            self._visits.reported(message, now)
            return
        if message.id in self._check_ins_heard:
            return  # a copy (a tablet sends recent answers again at a roll call): nothing new
        self._check_ins_heard[message.id] = None
        while len(self._check_ins_heard) > _CHECK_INS_REMEMBERED:
            del self._check_ins_heard[next(iter(self._check_ins_heard))]
        if not self._check_in_budget.take(message.room, now):
            self._rejects.warning(
                "check-in-flood", "Ignored a flood of check-in answers from room %s", message.room
            )
            return
        try:
            new = self._log.record_check_in(message, time.time())
        except StorageError:
            log.exception("A check-in answer from room %s could not be logged", message.room)
            new = True
        if new:  # a copy heard before this console started must not undo a later answer either
            self._visits.answered(message, now)

    def _room_heard(self, presence: RoomPresence, now: float) -> None:
        """Tablets of rooms in the settings, and of rooms that called; a presence alone makes no tile."""
        if presence.room in self._rooms or presence.room in self._called:
            self._presence.heard(presence.room, presence.online, now)
            if presence.online and presence.relay is not None:
                self._relay_faults[presence.room] = presence.relay
            else:
                self._relay_faults.pop(presence.room, None)
        else:
            self._rejects.warning(
                "unknown-room", "Ignored the presence of room %s, which is not in the settings", presence.room
            )

    def _station_heard(self, presence: StationPresence, now: float) -> None:
        if presence.station == self.station_id:
            if presence.instance != self.instance and presence.online:
                if self._duplicate_heard is None:
                    log.error(
                        "Another console uses this station's id %r: give each console its own",
                        self.station_id,
                    )
                self._duplicate_heard = now
        elif self._site_console(presence.station):
            back = presence.online and not self._others.online(presence.station, now)
            self._others.heard(presence.station, presence.online, now)
            self.lease.heard(
                presence.station,
                pages=presence.pages,
                paging=presence.paging,
                online=presence.online,
                now=now,
            )
            if back:  # a console that starts late learns every open call and the day's log from us
                self._reannounce = True
                self._share_log = True

    def _from_peer(self, status: StatusMessage) -> bool:
        """Statuses from the site's other stations only: our own come back to us, others are forged."""
        if status.station == self.station_id:
            known = self._open.get(status.id)
            if known is None or known.state is not status.state:
                self._rejects.warning(
                    "own-id",
                    "Ignored a status %s for call %s under this station's own id that it did not send",
                    status.state,
                    status.id,
                )
            return False
        return self._site_station(status.station, status.id)

    def _site_station(self, station: str, call_id: str) -> bool:
        """Another of this site's stations (our own echo is not news)."""
        if station == self.station_id:
            return False
        if not self._site_console(station):
            self._rejects.warning(
                "unknown-station",
                "Ignored a message from station %r about call %s: it is not one of this site's stations",
                station,
                call_id,
            )
            return False
        return True

    def _on_call(self, message: CallMessage, now: float) -> list[Outgoing]:
        """Store first, ring, then receipt once the alarm rings it; a copy gets the current status again."""
        known = self._open.get(message.id)
        if known is None and not self._budget.take(message.room, now):
            self._rejects.warning(
                f"flood-{message.room}" if message.room in self._rooms else "flood",
                "Room %s is sending more new calls than any patient makes; call %s was not taken",
                message.room,
                message.id,
            )
            return []
        self._note_caller(message.room)
        try:
            call = self._log.record_copy(message, time.time())
        except StorageError:
            if known is None:
                log.warning(
                    "Call %s from room %s rings but is NOT stored: no receipt", message.id, message.room
                )
                known = replace(
                    StationCall.from_facts(
                        message, StationState.RECEIVED, time.time(), heard_mono=self._since(message, now)
                    ),
                    stored=False,
                )
                self._open[known.id] = known
            return self._answer(known)
        if self._mismatch(call, message):
            return []
        call = replace(call, heard_mono=known.heard_mono if known else self._since(message, now))
        if call.copies == 1:
            log.info("Call %s (%s) from room %s stored and ringing", call.id, call.kind, call.room)
        else:
            log.info(
                "Copy %d of call %s from room %s: repeating %s", call.copies, call.id, call.room, call.state
            )
        if call.state is not StationState.DONE:
            self._open[call.id] = call
        return self._answer(call)

    def _answer(self, call: StationCall) -> list[Outgoing]:
        """The call's status for its tablet, when it may be said: "received" only once stored and rung."""
        if call.state is not StationState.RECEIVED:
            return [self._status(call)]
        if not call.stored or not self._rung(call):
            return []
        self._receipted.add(call.id)
        return [self._status(call)]

    def _rung(self, call: StationCall) -> bool:
        return self._alarm is None or self._alarm.rings(call.id)

    def _note_caller(self, room: str) -> None:
        if room in self._rooms:
            return
        self._called.pop(room, None)
        self._called[room] = None
        while len(self._called) > MAX_CALLED_ROOMS:
            oldest = next(iter(self._called))
            del self._called[oldest]
            self._presence.forget(oldest)
            self._relay_faults.pop(oldest, None)

    def _on_clear(self, message: ClearMessage, now: float) -> list[Outgoing]:
        """Cleared at the bedside: done, even for a call this station never heard of."""
        call = self._bedside_call(message, StationState.DONE, now)
        if call is None:
            return []
        if call.state is not StationState.DONE:
            log.info("Call %s from room %s cleared at the bedside", call.id, call.room)
            call = call.advanced(StationState.DONE, time.time())
        return self._keep(call, announce=True)

    def _on_here(self, message: HereMessage, now: float) -> list[Outgoing]:
        """Staff at the bedside say a nurse is with the patient: the ring stops and that is the answer."""
        call = self._bedside_call(message, StationState.RECEIVED, now)
        if call is None:
            return []
        if call.state.rank >= StationState.HERE.rank:
            return [self._status(call)]
        log.info("Call %s from room %s: a nurse is at the bedside", call.id, call.room)
        return self._keep(call.advanced(StationState.HERE, time.time(), BEDSIDE), announce=True)

    def _bedside_call(self, facts: CallFacts, unknown: StationState, now: float) -> StationCall | None:
        """The call a tablet speaks of, or one made from its facts at `unknown` for a call this
        station never heard; None when the room speaks of another room's call."""
        known = self._known(facts.id)
        if known is not None:
            return None if self._mismatch(known, facts) else known
        return StationCall.from_facts(facts, unknown, time.time(), heard_mono=self._since(facts, now))

    def _on_peer_status(self, message: StatusMessage, now: float) -> list[Outgoing]:
        """Another station moved a call on: follow it, without announcing it a second time."""
        known = self._known(message.id)
        if known is not None and self._mismatch(known, message):
            return []
        if known is not None and message.state.rank <= known.state.rank:
            if message.state.rank < known.state.rank:
                self._rejects.warning(
                    "backwards",
                    "Ignored status %s for call %s from %s: it already stands at %s",
                    message.state,
                    message.id,
                    message.station,
                    known.state,
                )
            return []
        call = known or StationCall.from_facts(
            message, StationState.RECEIVED, time.time(), heard_mono=self._since(message, now)
        )
        log.info(
            "Call %s from room %s: station %s set %s", call.id, call.room, message.station, message.state
        )
        wall = time.time()
        at = message.at if message.pressed_at - 2.0 <= message.at <= wall + 2.0 else wall
        answerer = on_phone(message.by) if message.by in self._phones else message.station
        return self._keep(call.advanced(message.state, at, answerer), announce=False)

    def _on_logged(self, message: LoggedMessage, now: float) -> None:
        """A finished call from another station's log: logged here as there, never announced again."""
        known = self._known(message.id)
        if known is not None and self._mismatch(known, message):
            return
        theirs = logged_call(message, time.time(), now)
        if theirs is None:
            self._rejects.warning(
                "logged-times",
                "Ignored call %s from station %s's log: its times are out of order",
                message.id,
                message.station,
            )
            return
        merged = theirs if known is None else known.merged_with(theirs)
        if merged != known:
            log.info(
                "Call %s from room %s: logged as station %s has it", merged.id, merged.room, message.station
            )
            self._keep(merged, announce=False)

    def _logged_messages(self) -> list[Outgoing]:
        """The day's finished calls, for a station that has just come (back) online."""
        try:
            finished = self._log.finished_since(time.time() - SHARED_LOG_S, SHARED_LOG_CALLS)
        except StorageError:
            return []
        topic = self._topics.station(self.station_id, "logged")
        return [Outgoing(topic, encode(logged_message(call, self.station_id))) for call in finished]

    def _since(self, facts: CallFacts, now: float) -> float:
        """The monotonic moment of the press: waits and escalation count from there, not from when
        this console heard the call (a call pressed in a broker outage has waited all along)."""
        wall = time.time()
        since = heard_mono_of(facts.pressed_at, wall, now)
        if since == now and abs(wall - facts.pressed_at) > 2.0:
            self._rejects.warning(
                f"clock-{facts.room}" if facts.room in self._rooms else "clock",
                "Room %s's clock is off by %.0f s; its waits count from when this console heard the call",
                facts.room,
                wall - facts.pressed_at,
            )
        return since

    def _known(self, call_id: str) -> StationCall | None:
        if call_id in self._open:
            return self._open[call_id]
        try:
            return self._log.get(call_id)
        except StorageError:
            return None

    def _mismatch(self, known: StationCall, facts: CallFacts) -> bool:
        """A message about a call of another room: a room may speak only of its own calls."""
        if known.room == facts.room:
            return False
        self._rejects.warning(
            "mismatch",
            "Rejected a message about call %s from room %s: it is not that call's",
            facts.id,
            facts.room,
        )
        return True

    def _on_connect(self) -> None:
        self._reannounce = True
        self.lease.link(True, time.monotonic())

    def _due(self, now: float) -> Due:
        """Receipts for calls the alarm now rings, stored-late receipts, and after a reconnect every
        status that may not have got out."""
        outgoing: list[Outgoing] = []
        if any(not call.stored for call in self._open.values()) and now >= self._next_retry:
            self._next_retry = now + self._timing.heartbeat_s
            self._store_late()
        for call in self._open.values():
            if call.id not in self._receipted:
                outgoing += self._answer(call)
        if self._roll_calls.due(now):
            self._reannounce = True
            self._share_log |= self._log_asked
            self._log_asked = False
        if self._broker_connected and self._reannounce:
            outgoing += self._unsent_statuses + [
                self._status(call)
                for call in self._open.values()
                if call.state is not StationState.RECEIVED or call.id in self._receipted
            ]
            self._unsent_statuses = []
            self._reannounce = False
        if self._broker_connected and self._share_log:
            outgoing += self._logged_messages()
            self._share_log = False
        retry = self._next_retry if any(not call.stored for call in self._open.values()) else None
        wakes = [
            retry,
            self._others.next_change_at(now),
            self._duplicate_ends(),
            self.lease.next_change_at(now),
            self._roll_calls.next_at,
        ]
        return Due(outgoing, wakes)

    def _store_late(self) -> None:
        """Calls that rang while the log could not be written get their receipt once they are stored."""
        for call in [call for call in self._open.values() if not call.stored]:
            stored = replace(call, stored=True, updated_at=time.time())
            try:
                self._log.save(stored)
            except StorageError:
                return
            self._open[call.id] = stored

    def _duplicate_ends(self) -> float | None:
        return None if self._duplicate_heard is None else self._duplicate_heard + self._timing.silence_s

    def _unsent(self, messages: list[Outgoing]) -> None:
        """A status that found no link is kept and sent on reconnect (see _due)."""
        self._unsent_statuses += [message for message in messages if message.qos and not message.retain]

    def _content_message(self, topic: str, payload: bytes) -> bool:
        """paho's thread: a room says which published content it shows (or why it refused it), or a
        station of the site published a version. True when the console should show it. A room's
        reports share a small budget, so a tablet that floods them cannot keep the console busy."""
        sender = self._content_topics.sender(topic)
        if sender is None or not payload:
            return False
        scope, name, rest = sender
        try:
            if scope == "room":
                return self._room_content(parse_report(payload, name))
            if rest == "manifest" and self._site_console(name):
                version = parse_manifest(payload, name).version
                with self._lock:
                    changed = version > (self._content_live or 0)
                    self._content_live = max(self._content_live or 0, version)
                return changed
        except ProtocolError as error:
            self._rejects.warning(str(error), "Rejected a content message on %s: %s", topic, error)
        return False

    def _room_content(self, report: ContentReport) -> bool:
        with self._lock:
            before = self._content_reports.get(report.room)
            if report == before or not self._content_budget.take(report.room, time.monotonic()):
                return False
            self._content_reports[report.room] = report
        if report.state is ReportState.REFUSED:
            log.warning(
                "Room %s refused content version %s and keeps showing what it showed: %s",
                report.room,
                report.version,
                " | ".join(report.problems),
            )
        return True

    def _snapshot(self, _last: StationSnapshot | None, now: float) -> StationSnapshot:
        self.lease.link(self._broker_connected, now)
        duplicate = self._duplicate_heard is not None and now - self._duplicate_heard < self._timing.silence_s
        problems = [problem for problem in (self._log.problem, self._link_problem) if problem]
        if duplicate:
            problems.insert(
                0,
                f"Another console uses this station's id ({self.station_id}); calls may be missed. "
                "Give each console its own [station] id.",
            )
        return StationSnapshot(
            calls=tuple(sorted(self._open.values(), key=lambda call: call.heard_mono)),
            tablets=tuple(self._presence.peers(now)),
            broker_connected=self._broker_connected,
            staff_problem=" ".join(problems) or None,
            stations=tuple(self._others.peers(now)),
            duplicate_id=duplicate,
            content=tuple(self._content_reports.values()),
            content_live=self._content_live,
            visits=self._visits.rooms(),
            relay_faults=tuple(
                (room, fault)
                for room, fault in sorted(self._relay_faults.items())
                if self._presence.online(room, now)
            ),
            pager=self.lease.holder(now),
            paging_possible=self.lease.anyone_may_page(now),
        )


def console_core(
    deployment: Deployment,
    data_dir: Path,
    broker: BrokerAddress,
    *,
    station_id: str | None = None,
    timing: Timing,
) -> StationCore:
    """The core a console stands on: its alarm gate, the site's stations, the rooms in the settings."""
    return StationCore(
        data_dir,
        broker,
        site=deployment.site,
        station_id=station_id or deployment.station.id,
        timing=timing,
        alarm=AlarmGate(),
        stations=frozenset(deployment.stations) or None,
        rooms=frozenset(room.id for room in deployment.station.rooms),
        may_page=deployment.pages_phones,
        phones=frozenset(phone.name for phone in deployment.phones),
    )
