"""The rooms as the console shows them: configured rooms in their order, then other rooms that call.

A room that is not in the configuration but calls gets a tile of its own, so a call is never dropped
because of a settings mistake; a presence alone makes no tile, and at most MAX_UNKNOWN_TILES such
rooms get one (those calling unanswered first): the rest are counted in words, so a peer inventing
rooms cannot bury the ward. Pure, so the console only draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.config.deployment import RoomConfig
from kiosk.station.calllog import StationCall, answerer_words
from kiosk.station.core import StationSnapshot
from kiosk.station.ringing import Fault
from kiosk.station.visits import RoomVisit
from kiosk.wire.content_protocol import ContentReport
from kiosk.wire.presence import PeerStatus
from kiosk.wire.protocol import CallKind, Feeling, RelayFault, StationState

MAX_UNKNOWN_TILES = 12

KIND_WORDS = {CallKind.NOW: "Help now", CallKind.CHECK: "Check on me", CallKind.TEST: "Test call"}
STATE_WORDS = {
    StationState.RECEIVED: "Waiting",
    StationState.ON_WAY: "On the way",
    StationState.HERE: "Nurse at the bedside",
    StationState.DONE: "Done",
}


@dataclass(frozen=True)
class RoomTile:
    """One room: its tablet as last heard (None: never heard) and its open calls, most urgent first."""

    room: str
    label: str
    configured: bool
    tablet: PeerStatus | None
    calls: tuple[StationCall, ...]
    content: ContentReport | None = None
    """What the room last said of the published content."""
    content_live: int | None = None
    """The newest version a station of the site has published."""
    visit: RoomVisit | None = None
    """The room's visit and last check-in answer: a quiet note, never an alarm."""
    relay_fault: RelayFault | None = None
    """The room's own nurse-call relay, as its tablet last said: a fault, or None when all is well."""

    @property
    def call(self) -> StationCall | None:
        """The call the tile is about: an unanswered one before an answered one, "help now" first."""
        return self.calls[0] if self.calls else None

    @property
    def ringing_ids(self) -> list[str]:
        return [call.id for call in self.calls if call.ringing]

    @property
    def open_ids(self) -> list[str]:
        return [call.id for call in self.calls]


def room_label(room: str, rooms: Sequence[RoomConfig]) -> str:
    """The configured label, or "Room <id>" for a room the settings do not know."""
    return next((config.label for config in rooms if config.id == room), f"Room {room}")


def room_order(rooms: Sequence[RoomConfig], heard: Iterable[str]) -> list[str]:
    """Configured rooms in their order, then every other room heard, room 9 before room 10."""
    configured = [config.id for config in rooms]
    return configured + sorted(set(heard) - set(configured), key=_natural)


def unknown_calling_rooms(rooms: Sequence[RoomConfig], snapshot: StationSnapshot) -> list[str]:
    """Rooms not in the settings with an open call, unanswered ones first, room 9 before room 10."""
    configured = {config.id for config in rooms}
    ringing = {call.room for call in snapshot.calls if call.ringing}
    calling = {call.room for call in snapshot.calls} - configured
    return sorted(calling, key=lambda room: (room not in ringing, _natural(room)))


def room_tiles(rooms: Sequence[RoomConfig], snapshot: StationSnapshot) -> list[RoomTile]:
    """Every room's tile, in `urgent_first` order."""
    tablets = {tablet.peer: tablet for tablet in snapshot.tablets}
    reports = {report.room: report for report in snapshot.content}
    visits = {visit.room: visit for visit in snapshot.visits}
    relays = dict(snapshot.relay_faults)
    configured = {config.id for config in rooms}
    shown = unknown_calling_rooms(rooms, snapshot)[:MAX_UNKNOWN_TILES]
    return urgent_first(
        [
            RoomTile(
                room=room,
                label=room_label(room, rooms),
                configured=room in configured,
                tablet=tablets.get(room),
                calls=tuple(sorted((c for c in snapshot.calls if c.room == room), key=_urgency)),
                content=reports.get(room),
                content_live=snapshot.content_live,
                visit=visits.get(room),
                relay_fault=relays.get(room),
            )
            for room in room_order(rooms, shown)
        ]
    )


def urgent_first(tiles: Sequence[RoomTile]) -> list[RoomTile]:
    """Rooms waiting on "help now" first, the longest wait first; every other room keeps its place in
    the order, so staff still find a room where they learnt it is."""
    urgent = [tile for tile in tiles if _waits_for_help_now(tile)]
    urgent.sort(
        key=lambda tile: min(c.heard_mono for c in tile.calls if c.ringing and c.kind is CallKind.NOW)
    )
    return urgent + [tile for tile in tiles if not _waits_for_help_now(tile)]


def _waits_for_help_now(tile: RoomTile) -> bool:
    return any(call.ringing and call.kind is CallKind.NOW for call in tile.calls)


def format_duration(seconds: float) -> str:
    """`0:07`, `12:30`, `1:02:03`: minutes and seconds, which staff read faster than "12 min 30 s";
    rounded to the nearest second, so 59.6 s reads 1:00 here as in the CSV's 59.6."""
    whole = max(int(seconds + 0.5), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _urgency(call: StationCall) -> tuple[bool, bool, float]:
    return (not call.ringing, call.kind is not CallKind.NOW, call.received_at)


def _natural(room: str) -> tuple[int, str]:
    """Room 9 before room 10."""
    return (int(room), "") if room.isdigit() else (1 << 62, room)


def headline(
    calls: Sequence[StationCall], faults: Sequence[Fault], now: float, labels: dict[str, str]
) -> str:
    """The one line a charge nurse reads first: the most urgent waiting call ("help now" first, then
    the longest wait) and how many wait, else the worst fault; never "All calm" while something is
    wrong."""
    waiting = [call for call in calls if call.ringing]
    on_way = [call for call in calls if call.state in (StationState.ON_WAY, StationState.HERE)]
    if waiting:
        worst = min(waiting, key=lambda call: (call.kind is not CallKind.NOW, call.heard_mono))
        room = labels.get(worst.room, f"Room {worst.room}")
        more = f" · {len(waiting)} calls waiting" if len(waiting) > 1 else ""
        return f"{KIND_WORDS[worst.kind]}: {room}, {format_duration(now - worst.heard_mono)}{more}"
    if faults:
        more = f" · {len(faults) - 1} more" if len(faults) > 1 else ""
        return faults[0].words + more
    if on_way:
        return "Nobody waiting · " + (
            "1 nurse on the way" if len(on_way) == 1 else f"{len(on_way)} calls on the way"
        )
    return "All calm"


def reminder_words(call: StationCall, on_way_s: float) -> str:
    """A tile's state line once "On my way" is past its reminder time: the question first, so it
    survives when a small tile cuts the line short."""
    where = f" · said {answerer_words(call.acknowledged_by)}" if call.acknowledged_by else ""
    return f"still on the way? {format_duration(on_way_s)}{where}"


FEELING_WORDS = {Feeling.OK: "OK", Feeling.NOT_GREAT: "not great", Feeling.SOMEONE: "asked for someone"}


def visit_words(visit: RoomVisit | None, now: float) -> str:
    """A quiet note: how long the visit has run and the last check-in answer, with how long ago."""
    if visit is None:
        return ""
    resting = visit.resting_s(now)
    parts = [f"visit {format_duration(resting)}"] if resting is not None else []
    if visit.feeling is not None and visit.feeling_mono is not None:
        parts.append(f"felt {FEELING_WORDS[visit.feeling]} {format_duration(now - visit.feeling_mono)} ago")
    return " · ".join(parts)
