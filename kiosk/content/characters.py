"""Find the characters in a content file that a nurse cannot see or the kiosk cannot draw, before YAML reads it.

Text pasted from Word or a web page brings characters that look like nothing at all (zero-width
spaces, a byte order mark), or like a space (a non-breaking space in the indentation), and a phone
keyboard brings emoji the kiosk's fonts do not have. YAML either stumbles over them lines later or
takes them silently, so each is named here, at its own line and column, with what it is. The YAML
parser then reads a cleaned copy (non-breaking spaces that indent as spaces, invisible characters
taken out), so the rest of the file is still checked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.content import glyphs
from kiosk.settingsfile.problems import Problem

MAX_REPORTED = 20
NO_BREAK_SPACE = "\u00a0"
SOFT_HYPHEN = "\u00ad"  # invisible too, but the kiosk shows a hyphen where it breaks a word, as meant
LATIN_FONT = "the kiosk's font, Noto Sans"
CHINESE_FONT = "the kiosk's font for Chinese, Noto Sans CJK SC"
TAB = "This line has a tab character. Use spaces to indent (2 spaces a level) and between words."
NBSP = (
    "This line has a non-breaking space (U+00A0) where YAML needs an ordinary space; it looks the same, "
    "but it comes from copying text out of a document or a web page. Delete the gap and type ordinary spaces."
)
_LINE_BREAKS = "\n\r\x85\u2028\u2029"
# What PyYAML refuses to read at all (yaml/reader.py); reported here so the rest is still checked.
_CONTROL = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Indentation, list dashes and `key:`: the places where YAML needs real spaces.
_STRUCTURE = re.compile(
    r"^(?P<indent>[ \t\u00a0]*)(?P<dashes>(?:-[ \t\u00a0]+)*)"
    r"(?:(?P<key>[^\s#:'\"{\[][^:#]*?)[ \u00a0]*:(?P<gap>[ \t\u00a0]+|$))?"
)
_CHINESE = re.compile(r"^zh(?:-|$)")


@dataclass(frozen=True)
class Screened:
    """What the screen found, and the text the YAML parser should read instead of the file's own."""

    problems: tuple[Problem, ...]
    for_parser: str
    layout_unknown: bool = False
    """A tab indents a line, so nobody can say which group the line belongs to."""
    removed: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """Per line, the 1-based columns of the characters taken out of `for_parser`."""

    def original_column(self, line: int, column: int) -> int:
        """A column of `for_parser` as a column of the file."""
        for removed in self.removed.get(line, ()):
            if removed <= column:
                column += 1
        return column


def screen(text: str, file: str) -> Screened:
    """Every character problem of the file, and the file as the YAML parser should read it."""
    odd = {character for character in set(text) if _is_odd(character)}
    if not odd:
        return Screened((), text)
    finder = re.compile("[" + re.escape("".join(sorted(odd))) + "]")
    problems: list[Problem] = []
    parser_lines: list[str] = []
    removed: dict[int, tuple[int, ...]] = {}
    layout_unknown = False
    chinese = False
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        structure = _STRUCTURE.match(line)
        assert structure is not None  # every part of the pattern may be empty
        if structure["key"] is not None:
            chinese = bool(_CHINESE.match(structure["key"]))
        if not finder.search(line):
            parser_lines.append(line)
            continue
        found = _LineScreen(line, number, file, structure, chinese)
        problems += found.problems
        parser_lines.append(found.for_parser)
        layout_unknown = layout_unknown or found.tab_indents
        if found.removed:
            removed[number] = tuple(found.removed)
    return Screened(tuple(problems[:MAX_REPORTED]), "".join(parser_lines), layout_unknown, removed)


def _is_odd(character: str) -> bool:
    if character.isascii():
        return character == "\t" or bool(_CONTROL.match(character))
    if character in _LINE_BREAKS:
        return False
    return (
        character == NO_BREAK_SPACE
        or _invisible(character)
        or bool(_CONTROL.match(character))
        or _undrawable(character)
    )


def _invisible(character: str) -> bool:
    return unicodedata.category(character) == "Cf" and character != SOFT_HYPHEN


class _LineScreen:
    """The character problems of one line, and the line as the parser should read it."""

    def __init__(self, line: str, number: int, file: str, structure: re.Match[str], chinese: bool) -> None:
        self.problems: list[Problem] = []
        self.removed: list[int] = []
        self.tab_indents = "\t" in structure["indent"]
        self._line, self._number, self._file = line, number, file
        self._font = CHINESE_FONT if chinese else LATIN_FONT
        self.for_parser = self._screen(structure)

    def _screen(self, structure: re.Match[str]) -> str:
        line = self._line
        comment = _comment_start(line, structure.end())
        spacing = {
            index
            for group in ("indent", "dashes", "gap")
            for index in range(*structure.span(group))
            if line[index] == NO_BREAK_SPACE
        }
        if spacing:
            self._add(min(spacing), NBSP)
        if "\t" in line[:comment]:
            self._add(line.index("\t"), TAB)
        kept: list[str] = []
        index = 0
        while index < len(line):
            character = line[index]
            length = 1
            if _CONTROL.match(character):
                self._add(index, _control(character))
                kept.append(" ")
            elif character == "\t" or index in spacing:
                kept.append(" ")
            elif index >= comment:
                kept.append(character)
            elif _invisible(character):
                length = _run(line, index, _invisible)
                self._add(index, _invisible_message(line[index : index + length]))
                self.removed.extend(range(index + 1, index + length + 1))
            elif index >= structure.end() and _undrawable(character):
                length = _run(line, index, lambda c: _undrawable(c) or glyphs.part_of_an_emoji(c))
                self._add(index, self._cannot_draw(line[index : index + length]))
                kept.append(line[index : index + length])
            else:
                kept.append(character)
            index += length
        return "".join(kept)

    def _cannot_draw(self, characters: str) -> str:
        return (
            f"'{characters}' ({glyphs.described(characters[0])}) cannot be drawn by {self._font}: "
            "patients would see an empty box. Write it in words or delete it."
        )

    def _add(self, index: int, message: str) -> None:
        self.problems.append(Problem(self._number, index + 1, message, self._file))


def _undrawable(character: str) -> bool:
    """Neither font has it; a joiner or selector on its own is not drawn at all, so it is no box."""
    return (
        not character.isascii() and not glyphs.drawable(character) and not glyphs.part_of_an_emoji(character)
    )


def _run(line: str, start: int, belongs: Callable[[str], bool]) -> int:
    """How many characters from `start` on belong together (an emoji with its joiners, a row of invisibles)."""
    end = start + 1
    while end < len(line) and line[end] not in _LINE_BREAKS and belongs(line[end]):
        end += 1
    return end - start


def _control(character: str) -> str:
    return (
        f"This line has an invisible control character (U+{ord(character):04X}). "
        "Delete it and type the text again."
    )


def _invisible_message(characters: str) -> str:
    first = characters[0]
    name = unicodedata.name(first, "FORMAT CHARACTER")
    if first == "\ufeff":
        name += ", a byte order mark"
    what = f"U+{ord(first):04X} ({name})"
    if len(characters) > 1:
        return (
            f"There are {len(characters)} invisible characters here, starting with {what}, often pasted in "
            "with text from a document or a web page. Delete them, or type the words around them again."
        )
    return (
        f"There is an invisible character here, {what}, often pasted in with text from a document or "
        "a web page. Delete it, or type the words around it again."
    )


def _comment_start(line: str, value_start: int) -> int:
    """Where a `#` note begins on this line (its length when there is none); quoted text is not a note."""
    quote = line[value_start] if value_start < len(line) and line[value_start] in "\"'" else None
    index = value_start + 1 if quote else value_start
    while index < len(line):
        character = line[index]
        if quote is not None:
            if character == "\\" and quote == '"':
                index += 2
                continue
            if character == quote:
                quote = None
        elif character == "#" and (index == 0 or line[index - 1] in " \t\u00a0"):
            return index
        index += 1
    return len(line)
