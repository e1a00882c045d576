"""A problem's line of the file with a caret under its column, as rustc prints it, so the nurse sees
the very character that is wrong rather than counting columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

from kiosk.settingsfile.problems import Problem


def excerpt(problem: Problem, lines: Sequence[str]) -> str:
    """Three lines to print under the problem; empty when the line is not in the file (an empty file)."""
    if not 0 < problem.line <= len(lines):
        return ""
    line = lines[problem.line - 1]
    number = str(problem.line)
    gutter = " " * len(number)
    before = shown(line[: problem.column - 1])
    return f"{gutter} |\n{number} | {shown(line)}\n{gutter} | {' ' * _width(before)}^"


def shown(text: str) -> str:
    """The text as a terminal can show it: tabs as a space; invisible characters and spaces that are
    not plain spaces written out, so the caret points at something visible."""
    return "".join(_shown(character) for character in text)


def _shown(character: str) -> str:
    if character == "\t":
        return " "
    if unicodedata.category(character) in ("Cc", "Cf") or (character != " " and character.isspace()):
        return f"<U+{ord(character):04X}>"
    return character


def _width(text: str) -> int:
    """Columns a terminal takes for the text: Chinese characters take two, accents none."""
    return sum(
        0 if unicodedata.combining(character) else 2 if unicodedata.east_asian_width(character) in "WF" else 1
        for character in text
    )


def file_lines(path: Path) -> list[str]:
    """A hand-edited file's lines as the check read them, for the excerpts; none when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return []


def print_problems(problems: Sequence[Problem], lines: Sequence[str]) -> None:
    """Each problem as `file:line:col: message`, then its line with a caret, as `lantern check` prints."""
    for problem in problems:
        print(problem)
        print(excerpt(problem, lines), end="\n\n")
