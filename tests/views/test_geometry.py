"""Every screen, in every call state and language, laid out on the panels clinics buy, landscape and
portrait, measured in real millimetres: no words drawn over anything, nothing cut off or off screen,
every target large enough and far enough from the next."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.session.screen_size import pixels_per_mm
from kiosk.views.assembly import Kiosk
from kiosk.views.layout_audit import audit
from kiosk.views.rehearsal import RehearsalHelpCall
from kiosk.views.screenshots import CALL_STATES, Step, end_visit, pages, settle, show_call, show_visit
from kiosk.wire.protocol import CallKind
from tests.views.conftest import KioskFactory

PANELS = {
    '7" 1024x600': (1024, 600, 7.0),
    '7" 800x480': (800, 480, 7.0),
    '8" 1280x800': (1280, 800, 8.0),
    '10.1" 1280x800': (1280, 800, 10.1),
    '10.1" 1920x1200': (1920, 1200, 10.1),
    '12.4" 2560x1600': (2560, 1600, 12.4),
}
TABLE = [
    pytest.param(width, height, inches, id=f"{name} landscape")
    for name, (width, height, inches) in PANELS.items()
] + [
    pytest.param(height, width, inches, id=f"{name} portrait")
    for name, (width, height, inches) in PANELS.items()
]


def scenes(kiosk: Kiosk, rehearsal: RehearsalHelpCall) -> Iterator[tuple[str, Step]]:
    """Every page, then every call state over home, then a page under an open call's strip."""
    yield from pages(kiosk)
    for state, kind in CALL_STATES:
        yield f"call {state.value}", show_call(rehearsal, state, kind)
    yield (
        "call received, urgent",
        show_call(rehearsal, PatientCallState.RECEIVED, CallKind.NOW, now_urgent=True),
    )
    collapse: Step = lambda k: k.call.collapse()  # noqa: E731
    yield "strip over home", collapse
    for name, step in pages(kiosk):
        yield f"strip over {name}", step
    yield "no call", show_call(rehearsal, PatientCallState.IDLE, None)
    yield "a visit's time line", show_visit(asking=False)
    yield "a visit's check-in", show_visit(asking=True)
    yield "after the visit", end_visit


@pytest.mark.parametrize(("width", "height", "inches"), TABLE)
def test_every_screen_fits_the_panel(
    make_kiosk: KioskFactory, width: int, height: int, inches: float
) -> None:
    rehearsal = RehearsalHelpCall(scripted=False)
    kiosk = make_kiosk(rehearsal)
    px_per_mm = pixels_per_mm(width, height, None, inches)
    kiosk.theme.set_px_per_mm(px_per_mm)
    kiosk.window.resize(width, height)
    found: dict[str, list[str]] = {}
    for larger in (False, True):
        if larger != kiosk.session.larger_text:
            kiosk.session.toggle_larger_text()
        for language in list(kiosk.words.content.languages)[: 2 if larger else None]:
            kiosk.words.set_language(language)
            for scene, step in scenes(kiosk, rehearsal):
                step(kiosk)
                for _ in range(2):  # what a frame decides (a page's arrows) is laid out by the next
                    settle(kiosk, lambda: True)
                    kiosk.window.grabWindow()
                label = f"{language}{' larger' if larger else ''} {scene}"
                for problem in audit(kiosk.window, px_per_mm):
                    found.setdefault(str(problem), []).append(label)
            kiosk.session.home()
    report = [f"{problem}  [{len(where)} scenes: {', '.join(where[:3])}]" for problem, where in found.items()]
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(report[:40])
