"""Word YAML syntax errors for a nurse, at the line where the mistake is rather than where the parser gave up.

An unclosed quote or bracket is only noticed by the parser lines later, often at the end of the
file; a short scan back from there finds the line that opened it.
"""

from __future__ import annotations

import re

from yaml.error import MarkedYAMLError
from yaml.reader import ReaderError

from kiosk.settingsfile.problems import Problem

MAX_DEPTH = 24
TOO_DEEP = f"The settings here are nested more than {MAX_DEPTH} levels deep. Please check the indentation."
LOOK_BACK_LINES = 12

_UNCLOSED = {
    '"': "A quotation mark is opened here but never closed. Add the closing quote.",
    "'": "A single quote (') is opened here but never closed. Add the closing quote, or write it with double quotes.",
    "[": "A '[' is opened here but never closed with ']'. If the text starts with '[', put it all in double quotes.",
    "{": "A '{' is opened here but never closed with '}'. If the text starts with '{', put it all in double quotes.",
}

# A text that starts with a character YAML reads as markup: `en: {clinic} welcomes you`,
# `en: "Call for help" is here`, `en: [Draft] text`, `en: @home`.
_MARKUP_START = re.compile(
    r"""^\s*(?:-\s+)?[\w-]+:\s+(\{[^{}]*\}\s*[^\s#]|\[[^\[\]]*\]\s*[^\s#]|"[^"]*"\s*[^\s#]|'[^']*'\s*[^\s#]|[%@`*!|>]|-\s)"""
)
_MARKUP_ADVICE = {
    "{": "A text that starts with '{' must be in double quotes, like \"{help_button} is at the top.\"",
    "[": "A text that starts with '[' must be in double quotes, like \"[Draft] Rest here.\"",
    '"': "A text that starts with a quotation mark must have quotes around all of it. Put single quotes "
    "around the whole text, like '\"Call for help\" is at the top.'",
    "'": "A text that starts with a single quote must have quotes around all of it. Put double quotes "
    "around the whole text, like \"'Free' help is here.\"",
    "-": "A text cannot start with '- ' (YAML reads it as a new list item). Put the whole text in double "
    'quotes, like "- Rest here."',
}
# Word and phones type curly quotes; YAML only counts straight ones, so "put it in quotes" misleads.
_CURLY_START = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s+([\u201c\u201d\u2018\u2019\u201e\u00ab])")
_CURLY = (
    "This text starts with a curly quotation mark ({0}), the kind a word processor types. YAML only "
    'counts straight quotes ("). Type the quotes around the text again as straight quotes, "like this", '
    "in a plain text editor."
)
UNREADABLE = (
    "The file cannot be read from here on: the indentation or the quotes on this line, or on the line "
    "above, are off. Line it up with the lines beside it, and close every quote you open."
)
_MARKUP_DEFAULT = (
    "A text cannot start with '{0}'. Put the whole text in double quotes, like \"{0}home is here.\""
)

_ADVICE = (
    (
        "mapping values are not allowed",
        "This line is indented differently from the lines beside it, or it has a ':' in an unexpected place. "
        'Line up the indentation; if a text has a colon in it, put the whole text in double quotes ("like: this").',
    ),
    (
        "could not find expected ':'",
        "A setting name is missing its ':', or the indentation is off. Each line needs 'name: value' with "
        "the same indentation as the lines beside it.",
    ),
    (
        "did not find expected key",
        "The indentation is off here: this line does not line up with the lines above it. Use the same "
        "number of spaces as the other settings in the group.",
    ),
    (
        "did not find expected '-' indicator",
        "This line starts where a new list item would, but it has no '- '. If it belongs to the item above, "
        "indent it like that item's other lines; if it is a new item, start it with '- ' lined up with the "
        "dashes above.",
    ),
    (
        "found unknown escape character",
        "A backslash (\\) in double quotes starts an unknown code. Remove the backslash, or use single quotes.",
    ),
    (
        "expected a single document",
        "The file has more than one document ('---' on a line by itself). Remove the extra '---'.",
    ),
    ("expected <block end>", "The indentation is off here. Please line this up with the settings above it."),
    (
        "found unexpected end of stream",
        "The file ends in the middle of a text or a list: a quote or a bracket above is probably not closed.",
    ),
)


def syntax_problem(text: str, error: MarkedYAMLError, file: str) -> Problem:
    detail = f"{error.context or ''} {error.problem or ''}"
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "maximum nesting depth" in detail:
        return Problem(line, column, TOO_DEEP, file)
    curly = _CURLY_START.match(_line(text, line))
    if curly:
        return Problem(line, curly.start(1) + 1, _CURLY.format(curly.group(1)), file)
    markup = _MARKUP_START.match(_line(text, line))
    if markup:
        first = markup.group(1)[0]
        return Problem(
            line, markup.start(1) + 1, _MARKUP_ADVICE.get(first, _MARKUP_DEFAULT.format(first)), file
        )
    opener = _opened_at(text, error) or _unclosed_opener(text.splitlines(), line)
    if opener is not None:
        opened_line, opened_column, character = opener
        return Problem(opened_line, opened_column, _UNCLOSED[character], file)
    if "simple key" in detail and error.context_mark is not None:
        line, column = error.context_mark.line + 1, error.context_mark.column + 1
    for phrase, advice in _ADVICE:
        if phrase in detail:
            return Problem(line, column, advice, file)
    return Problem(line, column, UNREADABLE, file)


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _opened_at(text: str, error: MarkedYAMLError) -> tuple[int, int, str] | None:
    """Where the parser itself says the unclosed quote or bracket began."""
    mark = error.context_mark
    context = error.context or ""
    if mark is None or not any(
        kind in context for kind in ("quoted scalar", "flow sequence", "flow mapping")
    ):
        return None
    lines = text.splitlines()
    character = (
        lines[mark.line][mark.column]
        if mark.line < len(lines) and mark.column < len(lines[mark.line])
        else ""
    )
    if character not in _UNCLOSED:
        return None
    return mark.line + 1, mark.column + 1, character


def reader_problem(text: str, error: ReaderError, file: str) -> Problem:
    before = text[: error.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    return Problem(
        line,
        column,
        f"This line has an invisible control character (U+{ord(character):04X}). Delete it and type the text again.",
        file,
    )


def _unclosed_opener(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """The nearest line at or above the error that leaves a double quote or a bracket open."""
    last = min(error_line, len(lines))
    for number in range(last, max(0, last - LOOK_BACK_LINES), -1):
        opener = _open_at_end_of_line(lines[number - 1])
        if opener is not None:
            return number, opener[0], opener[1]
    return None


def _open_at_end_of_line(line: str) -> tuple[int, str] | None:
    """Column and character of what this line opens and does not close (apostrophes are not quotes here)."""
    if line.lstrip().startswith("#"):
        return None
    quote_at: int | None = None
    brackets: list[tuple[int, str]] = []
    for index, character in enumerate(line):
        if quote_at is not None:
            if character == '"' and line[index - 1] != "\\":
                quote_at = None
        elif character == '"':
            quote_at = index
        elif character == "#" and (index == 0 or line[index - 1] == " "):
            break
        elif character in "[{":
            brackets.append((index, character))
        elif character in "]}" and brackets:
            brackets.pop()
    if quote_at is not None:
        return quote_at + 1, '"'
    return (brackets[-1][0] + 1, brackets[-1][1]) if brackets else None
