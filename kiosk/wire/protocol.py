"""The help-call wire protocol, versions 1 and 2 (docs/protocol.md): topics, payloads, and a strict parser.

Version 2 changes only presence and heartbeats (who sent them, in what order, when) and adds the roll
call; every other message is still sent as version 1, and a version 1 message is accepted everywhere.

Everything that arrives from the network goes through `parse_message`, which either returns a
validated message or raises `ProtocolError` with words fit for one log line, so a malformed message
can never crash a tablet or a station.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_serializer
from pydantic_core.core_schema import SerializerFunctionWrapHandler

from kiosk.wire.ids import PeerId, check_id, is_id

VERSION = 1
"""The topic root's version (`lantern/v1/`), and the payload version of the messages version 2 left alone."""
VERSIONS = (1, 2)
"""The payload versions this side accepts."""
MAX_PAYLOAD_BYTES = 1024
CallId = Annotated[
    str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
]
Timestamp = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Instance = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8,32}$")]
Sequence = Annotated[int, Field(ge=0, le=2**53)]


class ProtocolError(ValueError):
    """A message that breaks the protocol; the text says what is wrong, without echoing the payload."""


class CallKind(StrEnum):
    """What the patient asked for; TEST is for IT checking a room and never means a patient waits."""

    CHECK = "check"
    NOW = "now"
    TEST = "test"


class Feeling(StrEnum):
    """An answer to the kiosk's gentle "How are you feeling?"; SOMEONE also sends a "check" call."""

    OK = "ok"
    NOT_GREAT = "not_great"
    SOMEONE = "someone"


class StationState(StrEnum):
    """How far the station has got with a call; a call only ever moves forward."""

    RECEIVED = "received"
    ON_WAY = "on_way"
    HERE = "here"
    """Staff said at the tablet that a nurse is with the patient."""
    DONE = "done"

    @property
    def rank(self) -> int:
        return list(StationState).index(self)


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    v: Literal[1, 2] = 1

    _left_out_when_none: ClassVar[frozenset[str]] = frozenset()
    """Fields added after a version was out: left out of the JSON when None, so an older receiver,
    which refuses any field it does not know, still takes the message."""

    @model_serializer(mode="wrap")
    def _without_empty_additions(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        data: dict[str, object] = handler(self)
        for name in self._left_out_when_none:
            if data.get(name) is None:
                data.pop(name, None)
        return data


class CallFacts(_Message):
    """What every message about one call carries, so any receiver can record a call it missed."""

    id: CallId
    room: PeerId
    kind: CallKind
    pressed_at: Timestamp


class CallMessage(CallFacts):
    """Tablet → station: please record this call (sent again until the station's receipt arrives)."""

    attempt: Annotated[int, Field(ge=1, le=1_000_000)]


class ClearMessage(CallFacts):
    """Tablet → station: staff cleared this call at the bedside."""

    cleared_at: Timestamp


class HereMessage(CallFacts):
    """Tablet → station: staff said at the bedside that a nurse is with the patient."""

    here_at: Timestamp


class StatusMessage(CallFacts):
    """Station → tablets and other stations: where the call stands now."""

    state: StationState
    at: Timestamp
    station: PeerId
    by: PeerId | None = None
    """Who said "On my way" when it was not the station's own staff: the name of a phone in the
    settings that answered its page. Absent otherwise."""
    _left_out_when_none: ClassVar[frozenset[str]] = frozenset({"by"})


class LoggedMessage(CallFacts):
    """Station → other stations: one finished call from its log, so a console that was off when the
    call happened logs the same times and the same answerer (consoles of a site converge)."""

    station: PeerId
    heard_at: Timestamp
    answered_at: Timestamp | None
    answered_by: Annotated[str, StringConstraints(pattern=r"^(phone:)?[A-Za-z0-9_-]{1,32}$")] | None
    """A station's id, "bedside", or "phone:" and the name of the phone that took the call."""
    finished_at: Timestamp


class _Presence(_Message):
    """Version 2 of a presence or heartbeat says which start of its sender it comes from (`instance`),
    its place in that start's words (`seq`, counting up) and when the sender wrote it (`sent_at`), so
    a receiver can drop a word that comes late (docs/protocol.md, "Stale words")."""

    v: Literal[1, 2] = 2
    seq: Sequence | None = None
    sent_at: Timestamp | None = None


class RelayFault(StrEnum):
    """Why the room's own nurse-call relay is not known to be as the tablet wants it."""

    NO_ANSWER = "no_answer"
    """The relay did not confirm its state in time."""
    WRONG_STATE = "wrong_state"
    """The relay reports the opposite of what the tablet asked for."""
    UNAVAILABLE = "unavailable"
    """The tablet cannot reach the relay at all (no GPIO line, no broker link for it)."""


class RoomPresence(_Presence):
    """A tablet's presence (retained, with a last will) and its heartbeat share this shape.

    `relay`: the room's nurse-call relay has a fault (in every online word); left out of the JSON when
    there is none, so a tablet without a relay sends exactly what it always sent.
    """

    room: PeerId
    online: bool
    instance: Instance | None = None
    relay: RelayFault | None = None
    _left_out_when_none: ClassVar[frozenset[str]] = frozenset({"relay"})


class StationPresence(_Presence):
    """A station's presence (retained, with a last will) and its heartbeat share this shape.

    `rings`: a console's alarm is live there, so its receipts mean someone hears the call; a headless
    station records calls but rings for nobody. `instance` is new on every start, so a console can
    tell its own heartbeat from another's that was given the same station id by mistake.
    """

    station: PeerId
    online: bool
    rings: bool
    instance: Instance
    pages: bool = False
    """This console may page phones (its settings have phones, tiers and `escalate`)."""
    paging: bool = False
    """This console holds the pager lease: it is the one that sends the site's pages now."""


class PagedMessage(CallFacts):
    """Station → other stations: a page went out to a phone (`tier`, or None for the "answered"
    follow-up), so a console that takes the pager lease over never sends it again. `token_sha256` is
    the hash of the phone's answer token, so any console can take that phone's answer."""

    station: PeerId
    phone: PeerId
    tier: Annotated[int, Field(ge=0, le=99)] | None
    at: Timestamp
    token_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None


ORDER_FRESH_S = 600.0
"""An order older than this (by the wall clocks of station and tablet) is ignored, and not sent again:
a start queued for a tablet that was off for hours must not wipe a later patient's screen."""


class VisitOrder(_Message):
    """Station → tablet: staff at the station started (`start`) or ended a visit in this room. A tablet
    takes each once (by `station` and `at`): the station sends its last one again at the room's roll
    call, as a tablet that keeps no session (several brokers) may have been moving when it was sent."""

    room: PeerId
    station: PeerId
    start: bool
    at: Timestamp


class VisitReport(_Message):
    """Tablet → stations (retained): how long this room's visit has run, by the tablet's monotonic
    clock; None: no visit. A visit is a room and a time, never a person."""

    room: PeerId
    resting_s: Annotated[int, Field(ge=0, le=86_400)] | None


class CheckInAnswer(_Message):
    """Tablet → stations: the patient answered the check-in; `id` lets a station count a copy once."""

    id: CallId
    room: PeerId
    feeling: Feeling
    at: Timestamp


Side = Literal["room", "station", "watch"]
"""Who calls the roll: a tablet (its room), a station, or a head-office view that only watches."""


class RollCall(_Message):
    """Who is there? Sent by a station (or a head-office view, `watch`) when it (re)connects, answered
    by every tablet and station with its presence; a tablet asks the stations the same. Retained
    presence cannot do this job on every broker (RabbitMQ keeps none for wildcard subscriptions)."""

    v: Literal[1, 2] = 2
    side: Side
    asker: PeerId


Message = (
    CallMessage
    | ClearMessage
    | HereMessage
    | StatusMessage
    | LoggedMessage
    | PagedMessage
    | RoomPresence
    | StationPresence
    | VisitOrder
    | VisitReport
    | CheckInAnswer
    | RollCall
)

_ROUTES: dict[tuple[str, str], type[Message]] = {
    ("room", "call"): CallMessage,
    ("room", "clear"): ClearMessage,
    ("room", "here"): HereMessage,
    ("room", "status"): StatusMessage,
    ("room", "presence"): RoomPresence,
    ("room", "heartbeat"): RoomPresence,
    ("room", "visit"): VisitReport,
    ("room", "order"): VisitOrder,
    ("room", "checkin"): CheckInAnswer,
    ("station", "presence"): StationPresence,
    ("station", "heartbeat"): StationPresence,
    ("station", "logged"): LoggedMessage,
    ("station", "paged"): PagedMessage,
    ("room", "rollcall"): RollCall,
    ("station", "rollcall"): RollCall,
    ("watch", "rollcall"): RollCall,
}


@dataclass(frozen=True)
class Topics:
    """All topic names of one site, so no other module builds a topic string by hand."""

    site: str

    def __post_init__(self) -> None:
        check_id(self.site, "site")

    @property
    def root(self) -> str:
        return f"lantern/v{VERSION}/{self.site}"

    def room(self, room: str, leaf: str) -> str:
        return f"{self.root}/room/{room}/{leaf}"

    def station(self, station: str, leaf: str) -> str:
        return f"{self.root}/station/{station}/{leaf}"

    def roll_call(self, side: str, asker: str) -> str:
        return f"{self.root}/{side}/{asker}/rollcall"


def encode(message: Message) -> bytes:
    return message.model_dump_json().encode()


def parse_message(topics: Topics, topic: str, payload: bytes) -> Message:
    """Validate one message from the network against its topic; raise ProtocolError when it is wrong."""
    prefix = f"{topics.root}/"
    parts = topic.removeprefix(prefix).split("/") if topic.startswith(prefix) else []
    if len(parts) != 3 or (parts[0], parts[2]) not in _ROUTES or not is_id(parts[1]):
        raise ProtocolError("the topic is not part of the protocol")
    scope, sender, leaf = parts
    model = _ROUTES[(scope, leaf)]
    check_envelope(payload)
    try:
        message = model.model_validate_json(payload, strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "payload"
        raise ProtocolError(f"field {where!r}: {first['msg']}") from None
    claimed: tuple[str, str]
    if isinstance(message, RollCall):
        claimed = (message.side, message.asker)
    else:
        claimed = (
            scope,
            message.station
            if isinstance(message, StationPresence | LoggedMessage | PagedMessage)
            else message.room,
        )
    if claimed != (scope, sender):
        topic_says = repr(sender) if claimed[0] == scope else f"{scope} {sender!r}"
        raise ProtocolError(f"the payload says {claimed[0]} {claimed[1]!r} but the topic says {topic_says}")
    return message


def check_envelope(payload: bytes, limit: int = MAX_PAYLOAD_BYTES) -> None:
    """Size, JSON and version first, so each gets its own clear reason before the field checks."""
    if len(payload) > limit:
        raise ProtocolError(f"the payload has {len(payload)} bytes, more than the limit of {limit}")
    try:
        data = json.loads(payload.decode("utf-8"), object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateKeyError as error:
        raise ProtocolError(f"the field {error.args[0]!r} is written twice") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise ProtocolError(f"the payload is not JSON ({error})") from None
    if not isinstance(data, dict):
        raise ProtocolError("the payload is not a JSON object")
    version = data.get("v")
    if type(version) is not int or version not in VERSIONS:
        raise ProtocolError(
            f"protocol version {version!r} is not supported (this side speaks {' and '.join(map(str, VERSIONS))})"
        )


class _DuplicateKeyError(Exception):
    pass


def _refuse_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """JSON allows a name twice and parsers keep the last: a forged second `state` must not win."""
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKeyError(key)
        data[key] = value
    return data
