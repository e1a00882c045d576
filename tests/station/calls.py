"""Made-up calls and snapshots for the pure station tests: times are plain numbers from a fake clock."""

from __future__ import annotations

import uuid

from kiosk.station.calllog import StationCall
from kiosk.station.core import StationSnapshot
from kiosk.wire.presence import PeerStatus
from kiosk.wire.protocol import CallKind, StationState


def call(
    room: str = "12",
    kind: CallKind = CallKind.CHECK,
    *,
    at: float = 1000.0,
    answered_after: float | None = None,
    done_after: float | None = None,
) -> StationCall:
    """A call pressed and received at `at`; answered and done that many seconds later (None: not yet)."""
    made = StationCall(str(uuid.uuid4()), room, kind, at, at, StationState.RECEIVED, at, heard_mono=at)
    if answered_after is not None:
        made = made.advanced(StationState.ON_WAY, at + answered_after)
    if done_after is not None:
        made = made.advanced(StationState.DONE, at + done_after)
    return made


def answered(made: StationCall, at: float) -> StationCall:
    return made.advanced(StationState.ON_WAY, at)


def snapshot(
    *calls: StationCall, online: tuple[str, ...] = (), offline: tuple[str, ...] = (), broker: bool = True
) -> StationSnapshot:
    tablets = [PeerStatus(room, True, 0.0) for room in online] + [
        PeerStatus(room, False, 0.0) for room in offline
    ]
    return StationSnapshot(
        calls=tuple(made for made in calls if made.state is not StationState.DONE),
        tablets=tuple(sorted(tablets, key=lambda tablet: tablet.peer)),
        broker_connected=broker,
        staff_problem=None,
    )
