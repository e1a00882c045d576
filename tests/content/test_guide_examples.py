"""docs/content.md shows nurses what `lantern check` says about each common mistake: keep it word for word true.

Each case makes the mistake in a copy of the real content.yaml and checks it; every message must
appear in the guide (line numbers aside, so editing the content does not break the guide).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.content.check import check_content

from .conftest import REPO, ContentFolder

GUIDE = (REPO / "docs" / "content.md").read_text(encoding="utf-8")

Edit = Callable[[str, Path], str]


def sub(old: str, new: str) -> Edit:
    def edit(text: str, folder: Path) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def fake_picture(name: str, old: str, new: str) -> Edit:
    def edit(text: str, folder: Path) -> str:
        (folder / "assets" / name).write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100)
        return sub(old, new)(text, folder)

    return edit


def damaged_picture(name: str, spoil: Callable[[bytes], bytes]) -> Edit:
    def edit(text: str, folder: Path) -> str:
        path = folder / "assets" / name
        path.write_bytes(spoil(path.read_bytes()))
        return text

    return edit


CASES: dict[str, Edit] = {
    "misspelt setting": sub("    greeting:\n", "    greting:\n"),
    "setting written twice": sub(
        '  phone: "(555) 010-0199"\n', '  phone: "(555) 010-0199"\n  phone: "(555) 010-0200"\n'
    ),
    "tab": sub("    en: Call for help\n", "\ten: Call for help\n"),
    "missing Spanish": sub("    en: Call for help\n    es: Pedir ayuda\n", "    en: Call for help\n"),
    "too long": sub("    en: Call for help\n", "    en: Press here to call a nurse to your chair\n"),
    "word for a number": sub("seconds_per_picture: 30", "seconds_per_picture: thirty"),
    "number too large": sub("breaths_per_minute: 6", "breaths_per_minute: 12"),
    "colon in text": sub(
        "          en: Blurry or double vision\n", "          en: Vision: blurry or double\n"
    ),
    "unclosed quote": sub('phone: "(555) 010-0199"', 'phone: "(555) 010-0199'),
    "text starting with a quote": sub(
        "    en: What do you need?\n", '    en: "Call for help" is here. What do you need?\n'
    ),
    "indented too little": sub(
        "    en: Call for help\n    es: Pedir ayuda\n", "    en: Call for help\n   es: Pedir ayuda\n"
    ),
    "missing picture": sub("file: assets/day-hills.jpg", "file: assets/day-hill.jpg"),
    "not a picture": fake_picture("garden.heic", "file: assets/day-hills.jpg", "file: assets/garden.heic"),
    "picture outside assets": sub("file: assets/day-hills.jpg", "file: /home/nurse/Pictures/garden.jpg"),
    "time written wrongly": sub('night_starts: "20:00"', "night_starts: 8pm"),
    "time out of range": sub('night_starts: "20:00"', 'night_starts: "24:00"'),
    "misspelt placeholder": sub("press a {help_button} button", "press a {help_buton} button"),
    "empty file": lambda text, folder: "",
    "list item without its dash": sub(
        "      - name:\n          en: Veterans Crisis Line",
        "        name:\n          en: Veterans Crisis Line",
    ),
    "emoji": sub("    en: Call for help\n", "    en: Call for help 🙏\n"),
    "invisible character": sub("    en: Call for help\n", "    en: Call for\u200b help\n"),
    "non-breaking space": sub("    en: Call for help\n", "  \u00a0 en: Call for help\n"),
    "curly quotes": sub(
        "          en: Blurry or double vision\n", "          en: “Vision: blurry or double”\n"
    ),
    "text starting with a dash": sub(
        "          en: Blurry or double vision\n", "          en: - blurry or double vision\n"
    ),
    "damaged picture": damaged_picture("day-hills.jpg", lambda raw: raw[:600] + bytes(len(raw) - 600)),
    "half-copied picture": damaged_picture("day-hills.jpg", lambda raw: raw[: len(raw) // 2]),
    "placeholder with a space": sub("Call us at {clinic_phone}", "Call us at {clinic phone}"),
    "three mistakes": lambda text, folder: sub("    en: Call for help\n", "    en: Call for help 🙏\n")(
        sub("Call us at {clinic_phone}", "Call us at {clinic phone}")(
            sub(
                "      en: Veterans Crisis Line\n",
                "      en: Veterans Crisis Line\n      fr: Ligne de crise\n",
            )(text, folder),
            folder,
        ),
        folder,
    ),
}


@pytest.mark.parametrize("edit", CASES.values(), ids=CASES.keys())
def test_the_guide_quotes_what_the_check_says(content_folder: ContentFolder, edit: Edit) -> None:
    content_folder.path.write_text(
        edit(content_folder.path.read_text(encoding="utf-8"), content_folder.folder)
    )

    result = check_content(content_folder.path)

    assert result.errors
    for problem in result.errors:
        shown = problem.message.split(" Looked for it at ")[0]  # the folder differs from machine to machine
        assert _any_line(shown) in _any_line(GUIDE), f"docs/content.md does not show: {shown}"


def _any_line(text: str) -> str:
    """Line numbers inside a message move with every edit above them; the words must not."""
    return re.sub(r"\b(lines?) \d+(?: and \d+)?", r"\1 N", text)


def _guide_block(heading: str) -> str:
    """The first ```yaml block after a heading of the guide."""
    after = GUIDE.split(heading, 1)[1]
    return after.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_guide_s_new_screen_passes_and_gets_its_tile_where_it_is_written(
    content_folder: ContentFolder,
) -> None:
    (content_folder.folder / "assets" / "parking.jpg").write_bytes(
        (content_folder.folder / "assets" / "day-hills.jpg").read_bytes()
    )
    text = content_folder.path.read_text(encoding="utf-8")
    content_folder.path.write_text(
        text.replace("\n  expect:\n", "\n" + _guide_block("### Add a screen of your own") + "  expect:\n", 1),
        encoding="utf-8",
    )

    result = check_content(content_folder.path)

    assert result.content is not None, "\n".join(map(str, result.problems))
    assert result.content.screens.menu[0] == "parking"
    assert result.content.screens.topics["parking"].sections[0].picture is not None
