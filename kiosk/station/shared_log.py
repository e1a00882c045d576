"""The finished calls one station shares with another that comes (back) online, as `logged` messages.

So the consoles of a site end with the same call log: what a console missed while it was off it
logs with the times and the answerer of the console that was there (`StationCall.merged_with`).
"""

from __future__ import annotations

from kiosk.station.calllog import CLOCK_SLACK_S, StationCall
from kiosk.wire.protocol import LoggedMessage, StationState

SHARED_LOG_S = 86_400.0
SHARED_LOG_CALLS = 500
"""A station that comes back is sent the finished calls of the last day, at most this many."""


def logged_message(call: StationCall, station: str) -> LoggedMessage:
    return LoggedMessage(
        id=call.id,
        room=call.room,
        kind=call.kind,
        pressed_at=call.pressed_at,
        station=station,
        heard_at=call.received_at,
        answered_at=call.acknowledged_at,
        answered_by=call.acknowledged_by,
        finished_at=call.cleared_at or call.updated_at,
    )


def logged_call(message: LoggedMessage, wall: float, mono: float) -> StationCall | None:
    """The call as the other station logged it; None when its times cannot be true (an answer
    before the call existed, a finish before the answer, anything in the future)."""
    answered = message.answered_at if message.answered_at is not None else message.finished_at
    slack = CLOCK_SLACK_S
    if (
        not min(message.pressed_at, message.heard_at) - slack
        <= answered
        <= message.finished_at
        <= wall + slack
    ):
        return None
    return StationCall(
        message.id,
        message.room,
        message.kind,
        message.pressed_at,
        message.heard_at,
        StationState.DONE,
        message.finished_at,
        acknowledged_at=answered,
        cleared_at=message.finished_at,
        acknowledged_by=message.answered_by,
        heard_mono=mono,
    )
