"""Reminders for calls left "on the way", with a made-up monotonic clock: due at the configured time,
again only a whole period later, never once the nurse is there, and never a ring."""

from __future__ import annotations

from kiosk.station.board import reminder_words
from kiosk.station.ringing import RingPolicy, RingState, Sound
from kiosk.wire.protocol import CallKind, StationState
from tests.station.calls import answered, call, snapshot

REMIND_S = 300


def test_a_reminder_is_due_exactly_the_configured_time_after_on_my_way() -> None:
    policy = RingPolicy(repeat_s=10, reminder_s=REMIND_S)
    waiting = call("12", at=100.0)
    assert policy.update(snapshot(waiting), 100.0) == [Sound.CHECK]
    on_way = answered(waiting, 105.0)

    assert policy.update(snapshot(on_way), 105.0) == []
    assert policy.next_at() == 405.0
    assert policy.update(snapshot(on_way), 404.9) == []
    assert policy.state(404.9).reminding == ()
    assert policy.update(snapshot(on_way), 405.0) == [Sound.REMINDER]
    assert policy.update(snapshot(on_way), 405.0) == [], "asked again at once: no second chime"
    assert policy.state(405.0) == RingState(
        ringing=False, silenced_until=None, reminding=(("12", CallKind.CHECK),)
    )
    assert policy.reminders.overdue(407.0) == {("12", CallKind.CHECK): 302.0}


def test_a_reminder_repeats_only_after_another_whole_period() -> None:
    policy = RingPolicy(repeat_s=10, reminder_s=REMIND_S)
    on_way = call("12", CallKind.NOW, at=0.0, answered_after=5.0)
    policy.update(snapshot(on_way), 10.0)
    assert policy.update(snapshot(on_way), 310.0) == [Sound.REMINDER]

    assert policy.next_at() == 610.0
    assert policy.update(snapshot(on_way), 609.9) == []
    assert policy.update(snapshot(on_way), 610.0) == [Sound.REMINDER]


def test_no_reminder_once_the_call_is_done_or_a_nurse_is_at_the_bedside() -> None:
    policy = RingPolicy(repeat_s=10, reminder_s=REMIND_S)
    done, here = call("11", at=0.0, answered_after=1.0), call("12", at=0.0, answered_after=1.0)
    policy.update(snapshot(done, here), 1.0)

    finished = done.advanced(StationState.DONE, 200.0)
    arrived = here.advanced(StationState.HERE, 200.0)

    assert policy.update(snapshot(finished, arrived), 200.0) == []
    assert policy.next_at() is None
    assert policy.update(snapshot(finished, arrived), 1000.0) == []
    assert policy.state(1000.0).reminding == ()


def test_a_reminder_is_no_ring_and_calls_of_a_room_and_kind_remind_as_one() -> None:
    policy = RingPolicy(repeat_s=10, reminder_s=REMIND_S)
    first, second = (call("12", at=at, answered_after=1.0) for at in (0.0, 50.0))
    policy.update(snapshot(first), 1.0)
    policy.update(snapshot(first, second), 51.0)

    assert policy.update(snapshot(first, second), 301.0) == [Sound.REMINDER]
    policy.silence(301.0)

    state = policy.state(301.0)
    assert not state.ringing and state.silenced_until is None
    assert state.reminding == (("12", CallKind.CHECK),)
    assert policy.update(snapshot(first, second), 351.0) == [], "timed from the first on the way"


def test_a_new_call_still_rings_at_once_beside_a_reminder() -> None:
    policy = RingPolicy(repeat_s=10, reminder_s=REMIND_S)
    on_way = call("11", at=0.0, answered_after=1.0)
    policy.update(snapshot(on_way), 1.0)
    newcomer = call("12", CallKind.NOW, at=301.0)

    assert policy.update(snapshot(on_way, newcomer), 301.0) == [Sound.NOW, Sound.REMINDER]
    assert policy.state(301.0).ringing


def test_the_tile_asks_first_and_says_since_when() -> None:
    on_way = call("12", at=0.0).advanced(StationState.ON_WAY, 5.0, "desk")

    assert reminder_words(on_way, 362.0) == "still on the way? 6:02 · said at desk"
    assert reminder_words(call("12", at=0.0, answered_after=5.0), 300.0) == "still on the way? 5:00"
