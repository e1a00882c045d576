"""The pager lease alone, on a driven clock: one holder, the lowest id among those who may page, and
another within one silence window when it goes quiet."""

from __future__ import annotations

from kiosk.station.pager_lease import PagerLease

SILENCE = 10.0


def lease(station: str, *, may_page: bool = True) -> PagerLease:
    """A console whose broker link came up at 0.0."""
    made = PagerLease(station, may_page=may_page, silence_s=SILENCE)
    made.link(True, 0.0)
    return made


def test_the_listening_window_starts_at_the_first_link_and_nobody_claims_without_one() -> None:
    desk = PagerLease("desk", may_page=True, silence_s=SILENCE)
    assert not desk.holding(100.0), "no link yet: it has heard nobody, so it knows nothing"
    desk.link(True, 100.0)
    assert not desk.holding(109.9)
    assert desk.holding(110.0)
    desk.link(False, 120.0)
    assert desk.holding(121.0), "a holder that loses the link keeps paging the calls it has"
    late = PagerLease("hall", may_page=True, silence_s=SILENCE)
    late.link(True, 0.0)
    late.link(False, 5.0)
    assert not late.holding(50.0), "no new claim without a link"


def test_nobody_claims_while_listening_then_the_lowest_id_does() -> None:
    desk, hall = lease("desk"), lease("hall")
    for now in (1.0, 5.0):
        desk.heard("hall", pages=True, paging=False, online=True, now=now)
        hall.heard("desk", pages=True, paging=False, online=True, now=now)
    assert not desk.holding(9.0) and not hall.holding(9.0)

    assert desk.holding(10.0)
    assert not hall.holding(10.0), "hall is not the lowest id among those who may page"
    assert desk.holder(10.0) == "desk"


def test_a_holder_keeps_the_lease_when_a_lower_id_arrives_that_does_not_hold_it() -> None:
    hall = lease("hall")
    assert hall.holding(10.0)
    hall.heard("desk", pages=True, paging=False, online=True, now=11.0)
    assert hall.holding(12.0)


def test_of_two_holders_the_lower_id_keeps_it() -> None:
    hall = lease("hall")
    assert hall.holding(10.0)
    hall.heard("desk", pages=True, paging=True, online=True, now=11.0)
    assert not hall.holding(11.5)
    assert hall.holder(11.5) == "desk"


def test_a_silent_holder_is_replaced_after_one_silence_window() -> None:
    hall = lease("hall")
    hall.heard("desk", pages=True, paging=True, online=True, now=10.0)
    assert not hall.holding(19.9)
    assert hall.next_change_at(19.9) == 20.0
    assert hall.holding(20.0)


def test_a_holder_that_says_goodbye_is_replaced_at_once() -> None:
    hall = lease("hall")
    hall.heard("desk", pages=True, paging=True, online=True, now=10.0)
    hall.heard("desk", pages=True, paging=False, online=False, now=12.0)
    assert hall.holding(12.0)


def test_a_console_that_may_not_page_never_holds_it_and_knows_when_nobody_can() -> None:
    front = lease("front", may_page=False)
    assert not front.holding(30.0)
    assert not front.anyone_may_page(30.0)
    front.heard("desk", pages=True, paging=True, online=True, now=30.0)
    assert front.anyone_may_page(31.0) and front.holder(31.0) == "desk"
    assert not front.anyone_may_page(41.0), "the only console that may page went silent"
