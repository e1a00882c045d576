"""The look, measured: text contrast on the real colours, type and touch targets in millimetres."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.look.palette import DAY, NIGHT, TEXT_ON, Palette
from kiosk.views.assembly import QML_DIR, Kiosk
from kiosk.views.theme import MM_PER_POINT

from .conftest import REFERENCE_PX_PER_MM, KioskFactory, items, shown_opacity, tap

TOUCH_MM = 15.0
HELP_MM = 25.0


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(colour: str, opacity: float, below: str) -> str:
    """A translucent colour as it looks over another."""
    mixed = [
        round(opacity * int(colour[i : i + 2], 16) + (1 - opacity) * int(below[i : i + 2], 16))
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{channel:02X}" for channel in mixed)


@pytest.mark.parametrize("palette", [DAY, NIGHT], ids=["day", "night"])
def test_every_text_colour_has_7_to_1_on_what_it_is_drawn_on(palette: Palette) -> None:
    for text, fills in TEXT_ON.items():
        for fill in fills:
            ratio = contrast(getattr(palette, text), getattr(palette, fill))
            assert ratio >= 7.0, f"{text} on {fill}: {ratio:.2f}"


@pytest.mark.parametrize("palette", [DAY, NIGHT], ids=["day", "night"])
@pytest.mark.parametrize("photo", ["#FFFFFF", "#000000", "#F0A070"], ids=["white", "black", "peach"])
def test_text_over_pictures_has_7_to_1_on_the_scrim_whatever_the_picture(
    palette: Palette, photo: str
) -> None:
    scrim = over(palette.scrim, palette.scrim_opacity, photo)
    for text in ("text", "text_soft"):
        assert contrast(getattr(palette, text), scrim) >= 7.0, (text, photo)


def test_no_full_screen_is_pure_white() -> None:
    for palette in (DAY, NIGHT):
        assert "#FFFFFF" not in {palette.background, palette.surface, palette.text}


def test_only_the_help_button_uses_the_alert_colours() -> None:
    users = {path.name for path in Path(QML_DIR).glob("*.qml") if re.search(r"\balert", path.read_text())}
    assert users == {"HelpButton.qml", "Fallback.qml"}


def test_body_text_is_20_points_and_nothing_is_under_16(kiosk: Kiosk) -> None:
    font = kiosk.theme.font
    assert font["body"] >= round(20 * MM_PER_POINT * REFERENCE_PX_PER_MM)
    assert min(size for name, size in font.items() if name != "family") >= round(
        16 * MM_PER_POINT * REFERENCE_PX_PER_MM
    )


PAGES = {
    "home": [],
    "expect": ["tile_expect"],
    "breathing": ["tile_feelings", "flow_next"],
    "finished": ["tile_feelings", *["flow_next"] * 7],
}


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("page", PAGES)
def test_touch_targets_are_15_mm_and_the_help_button_25_mm(
    make_kiosk: KioskFactory, qtbot: QtBot, page: str, portrait: bool
) -> None:
    kiosk = make_kiosk()
    if portrait:
        kiosk.window.resize(800, 1280)
        qtbot.waitUntil(lambda: kiosk.window.contentItem().width() == 800)
    for name in PAGES[page]:
        tap(kiosk, name)
    kiosk.window.grabWindow()
    buttons = [
        candidate
        for candidate in items(kiosk.window.contentItem())
        if candidate.isVisible() and shown_opacity(candidate) > 0 and _tappable(candidate)
    ]
    assert len(buttons) >= 7, "the five shared buttons and the two help buttons at least"
    for button in buttons:
        floor = HELP_MM if button.objectName() in ("help_check", "help_now") else TOUCH_MM
        width, height = button.width() / REFERENCE_PX_PER_MM, button.height() / REFERENCE_PX_PER_MM
        assert min(width, height) >= floor, f"{button.objectName()} is {width:.1f}×{height:.1f} mm"


def _tappable(candidate: QQuickItem) -> bool:
    """Items a patient taps: those with a TapHandler of their own (the staff corner aside)."""
    handlers = [
        child for child in candidate.children() if child.metaObject().className() == "QQuickTapHandler"
    ]
    return any(handler.objectName() != "staff_gesture" for handler in handlers)
