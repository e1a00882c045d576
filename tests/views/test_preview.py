"""`lantern preview --out`: every page whole, and no doubt about whose content a picture shows."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from kiosk.views.assembly import Kiosk
from kiosk.views.previewcmd import not_your_file
from kiosk.views.screenshots import Camera, place

from .conftest import SIZE, ContentFolder, KioskFactory, items, shown_opacity


def scrolling_part(kiosk: Kiosk) -> tuple[float, float]:
    """Height of the page's words, and of the part of the screen they scroll in."""
    [flick] = [
        item
        for item in items(kiosk.window.contentItem())
        if item.metaObject().className() == "QQuickFlickable" and item.isVisible() and shown_opacity(item) > 0
    ]
    return float(flick.property("contentHeight")), flick.height()


def test_a_long_page_is_every_screenful_of_it_down_to_its_last_card(kiosk: Kiosk, tmp_path: Path) -> None:
    path = Camera().shoot(kiosk, tmp_path / "resources.png", place("resources"))

    words, view = scrolling_part(kiosk)
    picture = QImage(str(path))
    assert words > view * 2, "the resources page should need scrolling at this size"
    screens = 1 + math.ceil((words - view) / int(view * 0.8))
    seam = (picture.height() - screens * SIZE[1]) / (screens - 1)
    assert picture.width() == SIZE[0] and seam.is_integer() and 0 < seam < 20, (
        "whole screens, one under another"
    )
    last_card = picture.copy(0, picture.height() - int(view) // 2, picture.width(), int(view) // 3)
    colours = {
        last_card.pixel(x, y) for x in range(0, last_card.width(), 3) for y in range(0, last_card.height(), 3)
    }
    assert len(colours) > 20, "the bottom of the tall picture is empty: the last card was not drawn"


def test_a_page_that_fits_is_the_screen_as_it_is(kiosk: Kiosk, tmp_path: Path) -> None:
    path = Camera().shoot(kiosk, tmp_path / "home.png", place("home"))

    assert QImage(str(path)).size().toTuple() == SIZE


def test_a_broken_file_is_named_in_a_banner_on_every_picture(
    make_kiosk: KioskFactory, content_folder: ContentFolder, tmp_path: Path
) -> None:
    number = content_folder.line_of("{clinic_phone}")
    content_folder.replace_line(
        number, content_folder.lines[number - 1].replace("{clinic_phone}", "{clinic phone}")
    )
    kiosk = make_kiosk()

    notice = not_your_file(content_folder.path, 1, kiosk.watch.shown)
    assert notice == (
        f"NOT YOUR FILE: content.yaml has 1 problem to fix, so this shows Lantern's built-in content. "
        f"Run: lantern check {content_folder.path}"
    )
    picture = QImage(str(Camera(notice).shoot(kiosk, tmp_path / "home.png", place("home"))))
    assert picture.width() == SIZE[0] and picture.height() > SIZE[1]
    assert QColor(picture.pixel(2, 2)).name() == "#8a1c1c"


def test_a_good_file_gets_no_banner(kiosk: Kiosk) -> None:
    assert not_your_file(Path("content.yaml"), 0, kiosk.watch.shown) is None
