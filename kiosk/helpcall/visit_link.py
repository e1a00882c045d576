"""The visit's few messages on the help call's link: orders from the site's stations in; the visit's
length and the check-in's answers out, sent again after a lost link.

Kept beside the help call rather than in it: a visit is not a call, and nothing here decides what the
patient is told about one. Called with the tablet's lock held.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from kiosk.wire.protocol import (
    ORDER_FRESH_S,
    CheckInAnswer,
    Feeling,
    Topics,
    VisitOrder,
    VisitReport,
    encode,
)
from kiosk.wire.transport import Outgoing

log = logging.getLogger(__name__)

RECENT_ANSWERS_S = 600.0
"""Check-in answers this recent are sent again when a station calls the roll."""


class VisitLink:
    def __init__(self, topics: Topics, room: str) -> None:
        self._topics = topics
        self._room = room
        self._visit: Outgoing | None = None
        self._due: list[Outgoing] = []
        self._answers: list[tuple[float, Outgoing]] = []
        """This visit's check-in answers of the last `RECENT_ANSWERS_S`, with when they were given."""
        self._newest_order_at: float | None = None
        """When the newest order taken was given: an order no newer is a copy, or was overtaken."""
        self._listeners: list[Callable[[bool], None]] = []

    def add_listener(self, callback: Callable[[bool], None]) -> None:
        self._listeners.append(callback)

    def order(self, message: VisitOrder, wall_now: float) -> None:
        if abs(wall_now - message.at) > ORDER_FRESH_S:
            log.warning(
                "Ignored a visit order from station %s: it is too old or from the future", message.station
            )
            return
        if self._newest_order_at is not None and message.at <= self._newest_order_at:
            return  # a copy, or one a later order overtook: a second start would wipe a visit under way
        self._newest_order_at = message.at
        self._answers = []  # a visit begins or ends: the last patient's answers are not sent again
        log.info("Station %s %s this room's visit", message.station, "started" if message.start else "ended")
        for listener in self._listeners:
            listener(message.start)

    def report_visit(self, resting_s: int | None) -> None:
        report = VisitReport(room=self._room, resting_s=resting_s)
        self._visit = Outgoing(self._topics.room(self._room, "visit"), encode(report), retain=True)
        self._due = [message for message in self._due if message.topic != self._visit.topic] + [self._visit]

    def report_check_in(self, feeling: Feeling, wall_now: float) -> None:
        answer = CheckInAnswer(id=str(uuid.uuid4()), room=self._room, feeling=feeling, at=wall_now)
        sent = Outgoing(self._topics.room(self._room, "checkin"), encode(answer))
        self._answers = [(at, old) for at, old in self._answers if wall_now - at <= RECENT_ANSWERS_S]
        self._answers.append((wall_now, sent))
        self._due.append(sent)

    def station_asked(self, wall_now: float) -> None:
        """A station that calls the roll may have been away (one given several brokers keeps no
        session): the answers of the last minutes go again; a station counts each once (its id)."""
        recent = [sent for at, sent in self._answers if wall_now - at <= RECENT_ANSWERS_S]
        self._due += [sent for sent in recent if sent not in self._due]

    def connected(self) -> None:
        """The broker may have lost the retained report: say it again."""
        if self._visit is not None and self._visit not in self._due:
            self._due.append(self._visit)

    def due(self) -> list[Outgoing]:
        due, self._due = self._due, []
        return due

    def unsent(self, messages: list[Outgoing]) -> None:
        topics = {self._topics.room(self._room, leaf) for leaf in ("visit", "checkin")}
        self._due = [message for message in messages if message.topic in topics] + self._due
