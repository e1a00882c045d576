"""Our own presence: a flood of roll calls gets at most one answer a second, and none goes unanswered."""

from __future__ import annotations

import json

from kiosk.wire.presence import Announcer


def test_roll_calls_in_a_flood_share_one_answer_a_second_and_the_last_is_answered() -> None:
    announcer = Announcer("p", "h", lambda online, seq, at: json.dumps([online, seq, at]).encode(), 30.0)
    announcer.due(0.0)  # the first heartbeat

    def presences(now: float) -> int:
        return sum(message.topic == "p" for message in announcer.due(now))

    announcer.asked(10.0)
    assert presences(10.0) == 1
    for now in (10.1, 10.2, 10.5, 10.9):
        announcer.asked(now)
        assert presences(now) == 0
    assert announcer.next_answer == 11.0
    assert presences(11.0) == 1
    assert presences(11.5) == 0 and announcer.next_answer is None
