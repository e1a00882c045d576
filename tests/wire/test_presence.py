"""Our own presence: a flood of roll calls gets at most one answer a second, and none goes unanswered."""

from __future__ import annotations

import json

from kiosk.wire.presence import Announcer, Freshness
from kiosk.wire.protocol import RoomPresence


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


def word(seq: int, sent_at: float, instance: str = "0123abcd") -> RoomPresence:
    return RoomPresence(room="12", online=True, instance=instance, seq=seq, sent_at=sent_at)


def test_a_sender_whose_clock_is_behind_is_believed_once_heard_for_longer_than_the_bound() -> None:
    """A replay is short and old; a slow clock looks old for ever: after 60 s of it, take its words."""
    freshness = Freshness(60.0)
    wall = 1_000_000.0

    assert not freshness.judge("room 12", word(1, wall - 100), wall, now=0.0).take
    assert not freshness.judge("room 12", word(2, wall + 30 - 100), wall + 30, now=30.0).take
    late = freshness.judge("room 12", word(3, wall + 61 - 100), wall + 61, now=61.0)
    assert late.take and late.why == "its clock is 100 s behind this one's: set both by NTP"
    assert (
        freshness.judge("room 12", word(1, wall - 100, instance="fedc4321"), wall + 62, now=62.0).take
        is False
    )


def test_made_up_peers_cannot_grow_the_memory_for_ever() -> None:
    freshness = Freshness(60.0)
    for number in range(Freshness.MAX_PEERS + 100):
        assert freshness.judge(f"room {number}", word(1, 1.0), 1.0, now=0.0).take
    assert len(freshness._newest) == Freshness.MAX_PEERS
