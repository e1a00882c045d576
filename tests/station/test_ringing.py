"""The ring policy with a made-up clock: what sounds when, silence that never clears, offline chimes."""

from __future__ import annotations

from dataclasses import replace

from kiosk.station.core import StationSnapshot
from kiosk.station.ringing import ON_WAY_REMINDER_S, Fault, RingPolicy, RingState, Sound, faults_of
from kiosk.wire.presence import PeerStatus
from kiosk.wire.protocol import CallKind
from tests.station.calls import answered, call, snapshot

LABELS = {"11": "Recovery 11", "12": "Recovery 12"}


def test_a_call_sounds_at_once_then_every_repeat_until_answered() -> None:
    policy = RingPolicy(repeat_s=10)
    waiting = call(kind=CallKind.CHECK, at=100.0)

    assert policy.update(snapshot(waiting), 100.0) == [Sound.CHECK]
    assert policy.update(snapshot(waiting), 100.5) == []
    assert policy.next_at() == 110.0
    assert policy.update(snapshot(waiting), 109.9) == []
    assert policy.update(snapshot(waiting), 110.0) == [Sound.CHECK]
    assert policy.state(110.0) == RingState(ringing=True, silenced_until=None)

    assert policy.update(snapshot(answered(waiting, 112.0)), 125.0) == []
    assert policy.state(125.0) == RingState(ringing=False, silenced_until=None)
    assert policy.next_at() == 125.0 + ON_WAY_REMINDER_S, "no more ringing: only the on-the-way reminder"


def test_help_now_sets_the_pattern_and_a_new_call_sounds_at_once() -> None:
    policy = RingPolicy(repeat_s=10)
    check = call("11", CallKind.CHECK, at=100.0)
    now = call("12", CallKind.NOW, at=103.0)
    assert policy.update(snapshot(check), 100.0) == [Sound.CHECK]

    assert policy.update(snapshot(check, now), 103.0) == [Sound.NOW]
    assert policy.update(snapshot(check, now), 113.0) == [Sound.NOW]


def test_silence_pauses_the_sound_but_keeps_the_call_and_ends_with_a_new_call() -> None:
    policy = RingPolicy(repeat_s=10, silence_s=60)
    waiting = call("11", at=100.0)
    policy.update(snapshot(waiting), 100.0)

    policy.silence(101.0)

    assert policy.state(101.0) == RingState(ringing=True, silenced_until=161.0)
    assert policy.update(snapshot(waiting), 120.0) == []
    assert policy.next_at() == 161.0
    assert policy.update(snapshot(waiting), 161.0) == [Sound.CHECK]
    policy.silence(162.0)
    newcomer = call("12", CallKind.NOW, at=170.0)
    assert policy.update(snapshot(waiting, newcomer), 170.0) == [Sound.NOW]
    assert policy.state(170.0).silenced_until is None


def test_silence_with_nothing_ringing_does_nothing() -> None:
    policy = RingPolicy(repeat_s=10)
    policy.update(snapshot(), 100.0)

    policy.silence(100.0)

    assert policy.state(100.0) == RingState(ringing=False, silenced_until=None)


def sounds(policy: RingPolicy, snap: StationSnapshot, now: float) -> list[Sound]:
    """What the console's alarm does: the faults come from the same snapshot."""
    return policy.update(snap, now, faults_of(snap, LABELS))


def test_a_tablet_that_falls_silent_chimes_until_staff_acknowledge() -> None:
    policy = RingPolicy(repeat_s=10, fault_repeat_s=30)
    assert sounds(policy, snapshot(online=("11", "12")), 100.0) == []

    offline = snapshot(online=("11",), offline=("12",))
    assert sounds(policy, offline, 110.0) == [Sound.OFFLINE]
    assert sounds(policy, offline, 111.0) == []
    assert policy.next_at() == 140.0
    assert sounds(policy, offline, 140.0) == [Sound.OFFLINE]
    assert policy.state(140.0).faults == (Fault("offline:12", "Recovery 12: tablet offline"),)
    policy.acknowledge_faults()
    assert sounds(policy, offline, 170.0) == []
    assert policy.next_at() is None and not policy.state(170.0).unacknowledged
    assert sounds(policy, snapshot(online=("11", "12")), 171.0) == []
    assert sounds(policy, offline, 180.0) == [Sound.OFFLINE], "gone again: news again"


def test_a_tablet_already_offline_when_the_console_starts_is_news_too() -> None:
    policy = RingPolicy(repeat_s=10)

    assert sounds(policy, snapshot(offline=("12",)), 100.0) == [Sound.OFFLINE]


def test_another_console_gone_offline_chimes_as_a_fault() -> None:
    """A colleague's console that goes dark rings for nobody: this console says so until seen."""
    policy = RingPolicy(repeat_s=10)
    up = replace(snapshot(), stations=(PeerStatus("hall", True, 90.0),))
    down = replace(snapshot(), stations=(PeerStatus("hall", False, 95.0),))
    assert sounds(policy, up, 100.0) == []

    assert sounds(policy, down, 101.0) == [Sound.OFFLINE]
    assert policy.state(101.0).faults == (
        Fault("console:hall", "Console hall offline: calls do not ring there"),
    )


def test_losing_the_broker_is_one_fault_not_one_per_tablet() -> None:
    policy = RingPolicy(repeat_s=10, fault_repeat_s=30)
    sounds(policy, snapshot(online=("11", "12")), 100.0)

    assert sounds(policy, snapshot(online=("11", "12"), broker=False), 101.0) == [Sound.OFFLINE]
    assert sounds(policy, snapshot(offline=("11", "12"), broker=False), 111.0) == []
    assert [fault.key for fault in policy.state(111.0).faults] == ["broker"]
    assert sounds(policy, snapshot(offline=("11", "12"), broker=False), 131.0) == [Sound.OFFLINE]


def test_a_call_and_an_offline_tablet_at_once_play_call_first() -> None:
    policy = RingPolicy(repeat_s=10)
    sounds(policy, snapshot(online=("11",)), 100.0)

    assert sounds(policy, snapshot(call("12", CallKind.NOW, at=101.0), offline=("11",)), 101.0) == [
        Sound.NOW,
        Sound.OFFLINE,
    ]


def test_a_flood_from_one_room_rings_as_one_call() -> None:
    policy = RingPolicy(repeat_s=10)
    flood = [call("12", CallKind.NOW, at=100.0 + index / 100) for index in range(50)]
    assert policy.update(snapshot(flood[0]), 100.0) == [Sound.NOW]

    assert policy.update(snapshot(*flood), 100.5) == [], "more calls from the same room and kind are not news"
    assert policy.update(snapshot(*flood, call("11", CallKind.CHECK, at=100.6)), 100.6) == [Sound.NOW]


def test_test_calls_ring_with_the_medium_pattern() -> None:
    policy = RingPolicy(repeat_s=10)

    assert policy.update(snapshot(call(kind=CallKind.TEST, at=5.0)), 5.0) == [Sound.CHECK]


def test_a_duplicate_station_id_is_named_even_while_the_broker_looks_lost() -> None:
    """Two consoles with one id take the connection from each other: the cause must stay in view."""
    fighting = replace(snapshot(), duplicate_id=True, broker_connected=False)

    assert [fault.key for fault in faults_of(fighting, LABELS)] == ["duplicate", "broker"]
    assert [fault.key for fault in faults_of(replace(fighting, broker_connected=True), LABELS)] == [
        "duplicate"
    ]
