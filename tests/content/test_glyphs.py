"""The check's table of drawable characters is the kiosk's fonts' own, so its verdict is the screen's."""

from __future__ import annotations

import pytest

from kiosk.content import glyphs


def test_the_table_matches_the_fonts_the_kiosk_draws_with() -> None:
    fonts = glyphs.installed_fonts()
    if set(fonts) != set(glyphs.FONTS):
        pytest.fail(
            f"the kiosk's fonts are not installed (fonts-noto-core, fonts-noto-cjk): found {sorted(fonts)}"
        )

    assert glyphs.TABLE.read_text(encoding="ascii") == glyphs.table_from_fonts(fonts), (
        "the fonts changed: run python -m kiosk.content.glyphs and commit glyphs.txt"
    )


@pytest.mark.parametrize(
    ("character", "drawn"),
    [("a", True), ("ñ", True), ("ệ", True), ("帮", True), ("🙏", False), ("🚑", False)],
)
def test_letters_of_every_shipped_language_are_drawn_and_emoji_are_not(character: str, drawn: bool) -> None:
    assert glyphs.drawable(character) is drawn
