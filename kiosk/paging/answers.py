"""What a phone may ask of the station about the one call its token is for (the web endpoint's interface)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.wire.protocol import CallKind, StationState


class Refusal(StrEnum):
    UNKNOWN = "unknown"
    """Forged, garbled or never issued."""
    ENDED = "ended"
    """The call is over, so its tokens are."""
    USED = "used"
    """This token answered once already (a replay)."""


@dataclass(frozen=True)
class CallView:
    """What a phone may see of one call: a room label and times, never anything about the patient."""

    room_label: str
    kind: CallKind
    waited_s: float
    state: StationState
    taken_by: str | None
    """Who said "On my way": a phone's name, a console's id or "a nurse at the bedside"; None if nobody yet."""
    yours: bool
    """This phone's token is the one that took it."""
    desk_phone: str | None
    """The desk's number for "Call the desk", only for phones given that button."""


class PhoneAnswers(Protocol):
    def view(self, token: str) -> CallView | Refusal: ...

    def on_my_way(self, token: str) -> CallView | Refusal:
        """The first answer wins: the view after the attempt (`yours` when this phone took it, else
        `taken_by` says who did); a token that answered once already gives Refusal.USED."""
        ...
