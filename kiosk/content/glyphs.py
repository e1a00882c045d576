"""Which characters the kiosk's fonts can draw, without Qt and without reading a font at check time.

The kiosk draws with Noto Sans, and Chinese with Noto Sans CJK SC (views/theme.py; both from the
fonts-noto-core and fonts-noto-cjk packages every kiosk installs). A character neither font has is
an empty box on the screen. The check answers from `glyphs.txt`, the two fonts' character maps
written out as ranges, rather than from the font files, because:

- the verdict must not depend on the computer: a nurse may check the file on a laptop with other
  fonts (or none), and a file that passes there must look right on the kiosk;
- reading the CJK font's map takes about 170 ms, more than the whole check may take; the table
  loads in about a millisecond;
- Unicode categories alone cannot tell: Noto Sans lacks most symbols and arrows, which are neither
  emoji nor unassigned.

`python -m kiosk.content.glyphs` writes the table again from the fonts on this machine (it needs
fontTools), and a test fails when the installed fonts and the table disagree.
"""

from __future__ import annotations

import bisect
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

TABLE = Path(__file__).with_name("glyphs.txt")
FONTS = ("Noto Sans", "Noto Sans CJK SC")

# Blocks whose pictures people call emoji; used only to name what a character is.
_EMOJI_BLOCKS = ((0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF))
_PARTS_OF_AN_EMOJI = {0x200D, 0xFE0E, 0xFE0F, 0x20E3} | set(range(0x1F3FB, 0x1F400))


def drawable(character: str) -> bool:
    starts, ends = _ranges()
    code = ord(character)
    index = bisect.bisect_right(starts, code) - 1
    return index >= 0 and code <= ends[index]


def part_of_an_emoji(character: str) -> bool:
    """A joiner, a skin tone or a style selector, which only means something after an emoji."""
    return ord(character) in _PARTS_OF_AN_EMOJI


def described(character: str) -> str:
    """The character's Unicode name and what kind of thing it is, as a nurse can look it up."""
    code = ord(character)
    category = unicodedata.category(character)
    if category == "Co":
        return f"U+{code:04X}, a private-use character that only a special font can show"
    if category == "Cn":
        return f"U+{code:04X}, not a character in Unicode"
    name = unicodedata.name(character, f"U+{code:04X}")
    if any(low <= code <= high for low, high in _EMOJI_BLOCKS) and category == "So":
        return f"{name}, an emoji"
    return f"{name}, a symbol" if category.startswith("S") else name


@cache
def _ranges() -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for line in TABLE.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            low, _, high = line.partition("-")
            starts.append(int(low, 16))
            ends.append(int(high or low, 16))
    return starts, ends


def table_from_fonts(paths: dict[str, Path]) -> str:
    """The text of `glyphs.txt` for these font files (family name -> file)."""
    codes: set[int] = set()
    header = ["# Characters the kiosk's fonts can draw: python -m kiosk.content.glyphs writes this file."]
    for family, path in paths.items():
        font = _face(path, family)
        codes |= set(font.getBestCmap())
        header.append(f"# {family}: {path.name}, {font['name'].getDebugName(5)}")
    lines = [f"{low:04X}-{high:04X}" if high != low else f"{low:04X}" for low, high in _runs(sorted(codes))]
    return "\n".join([*header, *lines]) + "\n"


def installed_fonts() -> dict[str, Path]:
    """The files fontconfig picks for the kiosk's font families on this machine, if it has them."""
    import subprocess  # not needed to check a file

    found = {}
    for family in FONTS:
        try:
            answer = subprocess.run(
                ["fc-match", "--format=%{family}\n%{file}", family],
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        families, _, file = answer.partition("\n")
        if family in families.split(","):
            found[family] = Path(file)
    return found


def _face(path: Path, family: str) -> Any:
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]  # only to write the table

    if path.suffix.lower() != ".ttc":
        return TTFont(path, lazy=True)
    return next(
        face for face in TTCollection(path, lazy=True).fonts if face["name"].getDebugName(1) == family
    )


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1] = (runs[-1][0], code)
        else:
            runs.append((code, code))
    return runs


if __name__ == "__main__":
    fonts = installed_fonts()
    if set(fonts) != set(FONTS):
        sys.exit(
            f"Install the kiosk's fonts first (fonts-noto-core, fonts-noto-cjk); found only {sorted(fonts)}."
        )
    TABLE.write_text(table_from_fonts(fonts), encoding="ascii")
    print(f"wrote {TABLE}")
