"""Millimetres on a real screen, and what read aloud says."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.session.navigation import Place, Step
from kiosk.session.reading import spoken_text
from kiosk.session.screen_size import pixels_per_mm
from tests.fixtures.content import load_content

CONTENT = load_content(Path(__file__).resolve().parents[2] / "content.yaml")


def test_a_given_diagonal_wins_then_a_plausible_report_then_the_reference() -> None:
    assert pixels_per_mm(1280, 800, (100.0, 100.0), 10.1) == pytest.approx(5.88, abs=0.01)
    assert pixels_per_mm(1280, 800, (217.0, 136.0), None) == pytest.approx(5.89, abs=0.01)
    assert pixels_per_mm(1280, 800, (0.0, 0.0), None) == pytest.approx(4.91, abs=0.01)
    assert pixels_per_mm(1280, 800, (1000.0, 20.0), None) == pytest.approx(4.91, abs=0.01)
    assert pixels_per_mm(1920, 1080, None, None) == pytest.approx(5.56, abs=0.01)


def test_read_aloud_says_the_page_in_the_patients_language() -> None:
    grounding = Place("feelings", Step.GROUNDING, 1)
    text = spoken_text(CONTENT, grounding, "es", picture=None, call=None)
    assert text == CONTENT.screens.feelings.grounding.steps[1].prompt.in_language("es")

    home = spoken_text(CONTENT, Place(), "en", picture=CONTENT.imagery.day[0], call=CONTENT.help.on_way)
    assert home.startswith(
        f"{CONTENT.help.on_way.title.in_language('en')}. {CONTENT.help.on_way.detail.in_language('en')}"
    )
    assert home.endswith(CONTENT.imagery.day[0].description.in_language("en"))
