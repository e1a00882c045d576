"""docs/content.md shows nurses what `lantern check` says about each common mistake: keep it word for word true.

Each case makes the mistake in a copy of the real content.yaml and checks it; every message must
appear in the guide (line numbers aside, so editing the content does not break the guide).
"""

from __future__ import annotations

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
        assert shown in GUIDE, f"docs/content.md does not show: {shown}"
