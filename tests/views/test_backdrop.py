"""The pictures lead on every page, and the words' reading panel keeps 7:1 over each real picture."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.look.palette import DAY, NIGHT, Palette
from kiosk.views.assembly import Kiosk

from .conftest import NIGHT as NIGHT_TIME
from .conftest import FakeClock, item, items, tap
from .test_look import contrast

PAGES = {
    "home": [],
    "expect": ["tile_expect"],
    "after": ["tile_after"],
    "breathing": ["tile_feelings", "flow_next"],
}


def pixels(image: QImage) -> np.ndarray:
    """The grabbed window as an array of rows of (r, g, b) bytes."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3)


def corners(kiosk: Kiosk) -> list[tuple[int, ...]]:
    """The window's four corners, where nothing but the picture is drawn."""
    shot = pixels(kiosk.window.grabWindow())
    return [tuple(shot[y, x]) for y in (2, -3) for x in (2, -3)]


def showing(kiosk: Kiosk, qtbot: QtBot) -> None:
    """Wait until the backdrop's front picture is the one the model chose, decoded."""

    def shown() -> bool:
        front = [
            found
            for found in items(kiosk.window.contentItem())
            if found.objectName() in ("picture_a", "picture_b") and found.z() == 1
        ]
        return (
            bool(front)
            and front[0].property("source").toString() == kiosk.imagery.source
            and front[0].property("progress") == 1.0
        )

    qtbot.waitUntil(shown)


@pytest.mark.parametrize("page", PAGES)
def test_the_picture_shows_full_bleed_behind_every_page_and_holds_still_there(
    kiosk: Kiosk, qtbot: QtBot, page: str
) -> None:
    showing(kiosk, qtbot)
    at_home = corners(kiosk)
    for name in PAGES[page]:
        tap(kiosk, name)

    assert item(kiosk, "backdrop").opacity() == 1
    assert corners(kiosk) == at_home, "the picture is not what shows around the page"
    assert len(set(at_home)) > 1 and DAY.background not in {"#{:02X}{:02X}{:02X}".format(*c) for c in at_home}


def worst_panel_contrast(kiosk: Kiosk, qtbot: QtBot, palette: Palette) -> float:
    """Text on the reading panel over the brightest point of the picture under it, as the kiosk draws it.

    The page's words are hidden for the measurement, so every pixel inside the panel is panel over picture.
    """
    panel = item(kiosk, "reading_panel")
    words = item(kiosk, "page_after")
    words.setVisible(False)
    try:
        showing(kiosk, qtbot)
        shot = pixels(kiosk.window.grabWindow())
    finally:
        words.setVisible(True)
    corner = round(panel.property("radius"))
    top_left = panel.mapToScene(panel.boundingRect().topLeft())
    x, y = round(top_left.x()) + corner, round(top_left.y()) + corner
    inside = shot[y : y + round(panel.height()) - 2 * corner, x : x + round(panel.width()) - 2 * corner]
    flat = inside.reshape(-1, 3)
    lightest = flat[np.argmax(flat.astype(np.int32) @ np.array([2126, 7152, 722]))]
    shade = "#{:02X}{:02X}{:02X}".format(*lightest)
    return min(contrast(palette.text, shade), contrast(palette.text_soft, shade))


@pytest.mark.parametrize("night", [False, True], ids=["day", "night"])
def test_words_keep_7_to_1_on_the_reading_panel_over_every_real_picture(
    kiosk: Kiosk, qtbot: QtBot, clock: FakeClock, night: bool
) -> None:
    if night:
        clock.moment = NIGHT_TIME
        kiosk.imagery.check_night()
    pictures = kiosk.words.content.imagery.night if night else kiosk.words.content.imagery.day
    tap(kiosk, "tile_after")

    for _ in pictures:
        ratio = worst_panel_contrast(kiosk, qtbot, NIGHT if night else DAY)
        assert ratio >= 7.0, f"{kiosk.imagery.picture.file}: {ratio:.2f}"
        kiosk.imagery.next_picture()
