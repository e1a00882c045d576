"""A stand-in for the paging core, as small as it can be: one call, one token per phone, first answer wins.

The real token store lives in kiosk/paging; this only has to keep the promises of PhoneAnswers, and to
record every token it was handed, so tests can prove what never reached it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace

from kiosk.paging.answers import CallView, Refusal
from kiosk.wire.protocol import CallKind, StationState


@dataclass
class OneCall:
    """`phones` maps each phone's token to its name; `ended` stands for the call being over."""

    room_label: str = "Recovery 3"
    kind: CallKind = CallKind.NOW
    waited_s: float = 65.0
    desk_phone: str | None = None
    phones: dict[str, str] = field(
        default_factory=lambda: {secrets.token_urlsafe(16): f"Phone {n}" for n in "AB"}
    )
    ended: bool = False
    taken_by: str | None = None
    answered: set[str] = field(default_factory=set)
    asked: list[str] = field(default_factory=list)

    def token(self, name: str) -> str:
        return next(token for token, phone in self.phones.items() if phone == name)

    def view(self, token: str) -> CallView | Refusal:
        self.asked.append(token)
        if token not in self.phones:
            return Refusal.UNKNOWN
        if self.ended:
            return Refusal.ENDED
        return CallView(
            room_label=self.room_label,
            kind=self.kind,
            waited_s=self.waited_s,
            state=StationState.RECEIVED if self.taken_by is None else StationState.ON_WAY,
            taken_by=self.taken_by,
            yours=self.taken_by == self.phones[token],
            desk_phone=self.desk_phone,
        )

    def on_my_way(self, token: str) -> CallView | Refusal:
        seen = self.view(token)
        if isinstance(seen, Refusal):
            return seen
        if token in self.answered:
            return Refusal.USED
        self.answered.add(token)
        if self.taken_by is None:
            self.taken_by = self.phones[token]
            return replace(seen, state=StationState.ON_WAY, taken_by=self.taken_by, yours=True)
        return seen
