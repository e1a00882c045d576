"""The relay keeper's rules on a made-up clock: when a command goes out and what counts as a fault."""

from __future__ import annotations

from kiosk.relay.keeper import RelayKeeper
from kiosk.wire.protocol import RelayFault


def tick(keeper: RelayKeeper, now: float, *, reachable: bool = True) -> bool | None:
    """One turn of the relay's thread: decide, and send when due; returns the state sent, if any."""
    keeper.check(now)
    if not keeper.command_due(now):
        return None
    sent = keeper.sending(now)
    if not reachable:
        keeper.unreachable(now)
    return sent


def started() -> RelayKeeper:
    """A keeper whose tablet has read its outbox at 0.0 and found no call waiting."""
    keeper = RelayKeeper(confirm_s=2.0, reassert_s=30.0)
    keeper.want(False, 0.0)
    return keeper


def test_nothing_goes_out_until_the_tablet_says_what_it_wants() -> None:
    keeper = RelayKeeper(confirm_s=2.0, reassert_s=30.0)
    assert not keeper.command_due(100.0), "a relay closed for a call across a restart stays closed"
    keeper.want(True, 100.0)
    assert keeper.command_due(100.0)


def test_a_link_that_comes_up_within_the_window_is_no_fault() -> None:
    keeper = started()
    assert tick(keeper, 0.0, reachable=False) is False
    assert keeper.next_at() == 0.5
    assert tick(keeper, 0.5) is False  # the retry, in the same window
    keeper.heard(False, 0.6)
    tick(keeper, 2.0)
    assert keeper.fault is None


def test_a_relay_never_reached_in_a_window_is_unavailable_and_tried_again() -> None:
    keeper = started()
    for now in (0.0, 0.5, 1.0, 1.5):
        assert tick(keeper, now, reachable=False) is False
    tick(keeper, 2.0, reachable=False)
    assert keeper.fault is RelayFault.UNAVAILABLE
    assert tick(keeper, 2.5) is False
    keeper.heard(False, 2.6)
    assert keeper.fault is None


def test_silence_then_a_late_answer() -> None:
    keeper = RelayKeeper(confirm_s=1.0, reassert_s=5.0)
    tick(keeper, 0.0)
    keeper.want(True, 0.2)
    assert tick(keeper, 0.2) is True
    tick(keeper, 1.2)
    assert keeper.fault is RelayFault.NO_ANSWER
    keeper.heard(True, 3.0)
    assert keeper.fault is None
    assert tick(keeper, 5.2) is True  # said again after reassert_s


def test_the_opposite_state_is_a_fault_and_a_relay_switched_by_hand_is_set_again() -> None:
    keeper = RelayKeeper(confirm_s=1.0, reassert_s=30.0)
    keeper.want(True, 0.0)
    tick(keeper, 0.0)
    keeper.heard(False, 0.1)
    tick(keeper, 1.0)
    assert keeper.fault is RelayFault.WRONG_STATE
    assert tick(keeper, 1.5) is None  # no command per wrong word inside the reassert time...
    keeper.heard(True, 2.0)
    assert keeper.fault is None
    keeper.heard(False, 9.0)  # ...but once confirmed, a relay that opens by itself is told again at once
    assert tick(keeper, 9.0) is True
