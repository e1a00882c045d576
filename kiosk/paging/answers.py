"""What the station's phone endpoint may ask of the paging core, and nothing more.

The web layer (kiosk/paging/web.py) sees calls only through this interface, so it cannot read or
store anything about a patient, and tokens are checked in one place (the paging core).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.wire.protocol import CallKind, StationState


class Refusal(StrEnum):
    UNKNOWN = "unknown"  # forged, garbled or never issued -> HTTP 404
    ENDED = "ended"  # the call is over; the token expired -> HTTP 410
    USED = "used"  # this token already answered once (a replay) -> HTTP 409


@dataclass(frozen=True)
class CallView:
    """What a phone may see of one call: a room label and times, never anything about the patient."""

    room_label: str  # "Recovery 3"
    kind: CallKind  # NOW ("Help now") or CHECK ("Check on me")
    waited_s: float  # since the press
    state: StationState
    taken_by: (
        str | None
    )  # who said "On my way" ("this phone", a phone's name, or a console id), None if nobody yet
    yours: bool  # True when this phone's token is the one that took it
    desk_phone: (
        str | None
    )  # a tel: number for "Call the desk", only for phones allowed it (charge nurse), else None


class PhoneAnswers(Protocol):
    """Called from the endpoint's worker threads, several at once, so an implementation must be thread-safe
    (and decide "first answer wins" atomically); only tokens matching web.TOKEN ever arrive."""

    def view(self, token: str) -> CallView | Refusal: ...

    def on_my_way(self, token: str) -> CallView | Refusal:
        """First answer wins: the view after the attempt (yours=True if this phone took it, else
        taken_by names who did); a replay of a token that already answered returns Refusal.USED."""
        ...
