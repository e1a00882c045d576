"""The guided flow moves only when asked, one page at a time, and every page has a way back."""

from __future__ import annotations

from kiosk.session.navigation import Place, Step, back, fit, forward, open_screen, start_again

STEPS = 5


def walk_forward(place: Place, times: int) -> Place:
    for _ in range(times):
        place = forward(place, STEPS)
    return place


def test_forward_visits_every_page_then_stays_at_the_offer() -> None:
    place = open_screen("feelings")
    seen = []
    for _ in range(STEPS + 5):
        seen.append((place.step, place.grounding))
        place = forward(place, STEPS)
    assert seen[: STEPS + 4] == [
        (Step.WORDS, 0),
        (Step.BREATHING, 0),
        *[(Step.GROUNDING, n) for n in range(STEPS)],
        (Step.FINISHED, 0),
        (Step.OFFER, 0),
    ]
    assert place.step is Step.OFFER and not place.can_go_forward


def test_back_retraces_the_flow_and_leaves_it_for_home() -> None:
    place = walk_forward(open_screen("feelings"), STEPS + 3)
    assert place.step is Step.OFFER
    place = back(place, STEPS)
    assert place.step is Step.FINISHED
    place = back(place, STEPS)
    assert (place.step, place.grounding) == (Step.GROUNDING, STEPS - 1)
    place = walk_forward(place, 0)
    for _ in range(STEPS + 2):
        place = back(place, STEPS)
    assert place == Place() and place.at_home


def test_other_screens_go_back_home_and_never_forward() -> None:
    for screen in ("expect", "after", "resources"):
        assert forward(open_screen(screen), STEPS) == open_screen(screen)
        assert back(open_screen(screen), STEPS) == Place()


def test_start_again_only_after_grounding_and_fit_after_an_edit() -> None:
    finished = walk_forward(open_screen("feelings"), STEPS + 2)
    assert finished.can_start_again
    assert start_again(finished) == Place("feelings", Step.GROUNDING, 0)
    assert start_again(open_screen("expect")) == open_screen("expect")
    deep = walk_forward(open_screen("feelings"), 6)
    assert fit(deep, 3, ["feelings"]).grounding == 2


def test_a_screen_removed_by_an_edit_leads_home_and_others_stay() -> None:
    assert fit(open_screen("parking"), STEPS, ["expect", "feelings"]) == Place()
    assert fit(open_screen("expect"), STEPS, ["expect", "feelings"]) == open_screen("expect")
    assert fit(Place(), STEPS, []) == Place()
