"""The station's side of a phone's answer: a token from a page, checked, spent once, and turned into
"a nurse is on the way" for the room, as when staff press "On my way" at a console (one nurse goes to
the room, so it answers every unanswered call in it).

A token is good for one call and one phone, until that call is over; it answers once (a replay is
refused), and the first answer of any phone or console wins: a later one is told who took it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from kiosk.config.deployment import PhoneTarget, RoomConfig
from kiosk.paging.answers import CallView, Refusal
from kiosk.paging.ledger import PageLedger, TokenRecord, token_hash
from kiosk.station.board import room_label
from kiosk.station.calllog import StationCall, answerer_words, answering_phone
from kiosk.station.core import StationCore
from kiosk.wire.protocol import StationState


class AnswerDesk:
    """Implements `PhoneAnswers` over the pager's ledger and the console's station core."""

    def __init__(
        self,
        ledger: PageLedger,
        core: StationCore,
        rooms: Sequence[RoomConfig],
        phones: Sequence[PhoneTarget],
        desk_phone: str | None,
    ) -> None:
        self._ledger = ledger
        self._core = core
        self._rooms = rooms
        self._desk_phones = {phone.name for phone in phones if phone.call_desk}
        self._desk_phone = desk_phone

    def view(self, token: str) -> CallView | Refusal:
        found = self._find(token_hash(token))
        return found if isinstance(found, Refusal) else self._view(*found)

    def on_my_way(self, token: str) -> CallView | Refusal:
        digest = token_hash(token)
        found = self._find(digest)
        if isinstance(found, Refusal):
            return found
        record, call = found
        if record.used or not self._ledger.use_token(digest, time.time()):
            return Refusal.USED
        if call.ringing:
            for sibling in self._core.snapshot().calls:
                if sibling.ringing and sibling.room == call.room:
                    self._core.acknowledge(sibling.id, phone=record.phone)
        return self._view(record, self._core.call(call.id) or call)

    def _find(self, digest: str) -> tuple[TokenRecord, StationCall] | Refusal:
        record = self._ledger.token(digest)
        call = self._core.call(record.call_id) if record else None
        if record is None or call is None:
            return Refusal.UNKNOWN
        if call.state is StationState.DONE:
            return Refusal.ENDED
        return record, call

    def _view(self, record: TokenRecord, call: StationCall) -> CallView:
        taker = call.acknowledged_by
        phone = answering_phone(taker)
        return CallView(
            room_label=room_label(call.room, self._rooms),
            kind=call.kind,
            waited_s=max(
                0.0, time.monotonic() - call.heard_mono if call.heard_mono else time.time() - call.waited_from
            ),
            state=call.state,
            taken_by=None if taker is None else phone or answerer_words(taker),
            yours=phone == record.phone,
            desk_phone=self._desk_phone if record.phone in self._desk_phones else None,
        )
