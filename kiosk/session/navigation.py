"""Where the patient is: a screen, and within the hard-feelings flow a step; every step has a way back.

The flow never moves on by itself (no countdowns, no auto-advance): only `forward` and `back` move it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk.content.model import FEELINGS, HOME


class Step(StrEnum):
    """The hard-feelings flow: kind words, breathing, grounding one step per page, then an offer of help."""

    WORDS = "words"
    BREATHING = "breathing"
    GROUNDING = "grounding"
    FINISHED = "finished"
    OFFER = "offer"


_FLOW = (Step.WORDS, Step.BREATHING, Step.GROUNDING, Step.FINISHED, Step.OFFER)


@dataclass(frozen=True)
class Place:
    """One page: a screen by its name in content.yaml; `step` and `grounding` (0-based) only mean
    something on the feelings screen."""

    screen: str = HOME
    step: Step = Step.WORDS
    grounding: int = 0

    @property
    def at_home(self) -> bool:
        return self.screen == HOME

    @property
    def guided(self) -> bool:
        """In the middle of the guided steps for hard feelings (breathing, grounding)."""
        return self.screen == FEELINGS and self.step in (Step.BREATHING, Step.GROUNDING)

    @property
    def can_go_forward(self) -> bool:
        return self.screen == FEELINGS and self.step is not Step.OFFER

    @property
    def can_start_again(self) -> bool:
        return self.screen == FEELINGS and self.step is Step.FINISHED

    @property
    def paced(self) -> bool:
        """The breathing pacer: read aloud goes on to speak each "Breathe in" and "Breathe out"."""
        return self.screen == FEELINGS and self.step is Step.BREATHING


def open_screen(screen: str) -> Place:
    return Place(screen)


def forward(place: Place, grounding_steps: int) -> Place:
    """The next page of the flow; anywhere else (and at the end) it stays put."""
    if not place.can_go_forward:
        return place
    if place.step is Step.GROUNDING and place.grounding + 1 < grounding_steps:
        return replace(place, grounding=place.grounding + 1)
    following = _FLOW[_FLOW.index(place.step) + 1]
    return replace(place, step=following, grounding=0)


def back(place: Place, grounding_steps: int) -> Place:
    """The page before; the first page of anything leads back home."""
    if place.screen != FEELINGS or place.step is Step.WORDS:
        return Place()
    if place.step is Step.GROUNDING and place.grounding > 0:
        return replace(place, grounding=place.grounding - 1)
    previous = _FLOW[_FLOW.index(place.step) - 1]
    return replace(place, step=previous, grounding=grounding_steps - 1 if previous is Step.GROUNDING else 0)


def start_again(place: Place) -> Place:
    """From the end of grounding back to its first step, for someone who wants another round."""
    return replace(place, step=Step.GROUNDING, grounding=0) if place.can_start_again else place


def fit(place: Place, grounding_steps: int, screens: Collection[str]) -> Place:
    """Keep the place valid after a content edit: a screen that was removed leads home, and fewer
    grounding steps move the patient to the last one."""
    if place.screen not in screens and place.screen != HOME:
        return Place()
    return replace(place, grounding=min(place.grounding, max(grounding_steps - 1, 0)))
