"""Read content.yaml into plain Python values, remembering where each value was written.

PyYAML alone is not safe enough for a hand-edited file that patients depend on: it keeps the last
of two duplicate keys without a word, reads `no`, `si`-like words and `20:00` as booleans or
numbers (YAML 1.1), and expands alias bombs. This reader uses YAML 1.2 core scalars, refuses
aliases and deep nesting, names both lines of a duplicate key, and turns every failure into
`Problem`s with 1-based positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.error import MarkedYAMLError, YAMLError
from yaml.events import AliasEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from kiosk.content.characters import Screened, screen
from kiosk.content.problems import ContentError
from kiosk.content.syntax import MAX_DEPTH, TOO_DEEP, reader_problem, syntax_problem
from kiosk.settingsfile.document import Location, Position, SourceDocument
from kiosk.settingsfile.problems import Problem

MAX_BYTES = 2 * 1024 * 1024
FEW_BAD_LINES = 3
MAX_LINES_SET_ASIDE = 5


class _RefusedError(YAMLError):
    """A file that parses but is refused on purpose (aliases, nesting)."""

    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


class _PythonEvents(Reader, Scanner, Parser):
    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


def _event_parser(text: str) -> Any:
    """libyaml's event parser when PyYAML was built with it: about ten times faster than pure Python."""
    if yaml.__with_libyaml__:
        from yaml._yaml import CParser

        return CParser(text)
    return _PythonEvents(text)


class _Core12Resolver(BaseResolver):
    """YAML 1.2 core-schema scalars: only true/false are booleans, times and `no`/`si` stay text."""


_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Core12Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Loader(Composer, _Core12Resolver):
    """A composer that refuses aliases and limits nesting before any value is built.

    Parsing into events is delegated (to libyaml when available); composing stays in Python so
    the guards below see every node.
    """

    def __init__(self, text: str) -> None:
        self._events = _event_parser(text)
        Composer.__init__(self)
        _Core12Resolver.__init__(self)
        self._depth = 0

    def check_event(self, *choices: type[Event]) -> bool:
        return bool(self._events.check_event(*choices))

    def peek_event(self) -> Event:
        event: Event = self._events.peek_event()
        return event

    def get_event(self) -> Event:
        event: Event = self._events.get_event()
        return event

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            raise _RefusedError(
                self._next_position(),
                "A text cannot start with '*'. Put the whole text in double quotes, like \"*Rest here.\"",
            )
        if getattr(self.peek_event(), "anchor", None):
            raise _RefusedError(
                self._next_position(),
                "A text cannot start with '&' (its first word would be dropped). Put the whole text in double "
                'quotes, like "& more."',
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _RefusedError(
                    self._next_position(),
                    TOO_DEEP,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _next_position(self) -> Position:
        mark = self.peek_event().start_mark
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def read_document(path: Path, file: str) -> SourceDocument:
    """Read and parse a content file, or raise ContentError with every problem that could be found."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ContentError([Problem(1, 1, _too_big(size), file)])
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        raise ContentError([Problem(1, 1, f"The file {path} does not exist.", file)]) from None
    except IsADirectoryError:
        raise ContentError([Problem(1, 1, f"{path} is a folder, not a content file.", file)]) from None
    except OSError as error:
        raise ContentError([Problem(1, 1, f"The file cannot be read: {error.strerror}.", file)]) from None
    return parse_document(raw, file)


def parse_document(raw: bytes, file: str) -> SourceDocument:
    """The file's values, or ContentError when it cannot be read at all.

    Problems that leave the rest readable (a duplicate key, an odd character) are in the
    document's `problems`, so the check goes on to find everything else too.
    """
    if len(raw) > MAX_BYTES:
        raise ContentError([Problem(1, 1, _too_big(len(raw)), file)])
    text = _decode(raw, file)
    screened = screen(text, file)
    if screened.layout_unknown:
        raise ContentError(screened.problems)
    node, unreadable = _parse(screened, text, file)
    if node is None:  # nothing written, or nothing readable
        raise ContentError(
            [*screened.problems, *unreadable]
            or [Problem(1, 1, "The file is empty. It needs the clinic's content; see docs/content.md.", file)]
        )
    document = SourceDocument(data=None, file=file, lines=text.splitlines())
    problems: list[Problem] = []
    document.data = _build(node, (), document, problems)
    if screened.removed:
        _move_to_file_columns(document, problems, screened)
    document.problems = [*screened.problems, *unreadable, *problems]
    document.unread = [_group_around(document.lines, problem.line) for problem in unreadable]
    return document


def _in_file(problem: Problem, screened: Screened) -> Problem:
    """A problem found in the parser's copy of the file, at the column of the file itself."""
    return replace(problem, column=screened.original_column(problem.line, problem.column))


def _move_to_file_columns(document: SourceDocument, problems: list[Problem], screened: Screened) -> None:
    for positions in (document.key_positions, document.value_positions, document.value_ends):
        for location, (line, column) in positions.items():
            positions[location] = (line, screened.original_column(line, column))
    problems[:] = [_in_file(problem, screened) for problem in problems]
    document.warnings[:] = [_in_file(warning, screened) for warning in document.warnings]


def _parse(screened: Screened, text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """The file's node tree, and the lines that could not be read.

    A line the parser cannot read is set aside and the parse tried again (a few times), as
    compilers recover, so one stray line does not hide every other problem of the file.
    """
    lines = screened.for_parser.splitlines(keepends=True)
    unreadable: list[Problem] = []
    while True:
        try:
            return _Loader("".join(lines)).get_single_node(), unreadable
        except _RefusedError as refused:
            problem = Problem(*refused.position, refused.message, file)
        except ReaderError as error:
            problem = reader_problem(text, error, file)
        except MarkedYAMLError as error:
            problem = syntax_problem("".join(lines), error, file)
        unreadable.append(_in_file(problem, screened))
        set_aside = problem.line - 1
        if (
            len(unreadable) > MAX_LINES_SET_ASIDE
            or not 0 <= set_aside < len(lines)
            or not lines[set_aside].strip()
        ):
            raise ContentError([*screened.problems, *unreadable])
        lines[set_aside] = "\n"


def _group_around(lines: list[str], number: int) -> range:
    """The line numbers of the group a line was in: what setting it aside may have left incomplete.

    A line indented oddly may belong with the line above it, so the group is the one around both.
    """
    levels = [_indent(line) for line in lines]
    above = [levels[index] for index in range(number - 2, -1, -1) if levels[index] is not None][:1]
    own = min([levels[number - 1] or 0, *[level for level in above if level is not None]])
    start = next(
        (
            line
            for line in range(number - 1, 0, -1)
            if (level := levels[line - 1]) is not None and level < own
        ),
        1,
    )
    parent = levels[start - 1] or 0
    end = next(
        (
            line
            for line in range(number + 1, len(lines) + 1)
            if (level := levels[line - 1]) is not None and level <= parent
        ),
        len(lines) + 1,
    )
    return range(start, end)


def _indent(line: str) -> int | None:
    """How far a line is indented; None for a blank line or a note, which belong to no group."""
    stripped = line.lstrip(" ")
    return None if not stripped or stripped.startswith("#") else len(line) - len(stripped)


def _too_big(size: int) -> str:
    return (
        f"The file is {size / 1_000_000:.1f} MB; the largest allowed is {MAX_BYTES // (1024 * 1024)} MB. "
        "A content file is usually a few pages of text."
    )


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    bad: list[tuple[int, int]] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            bad.append((number, len(line[: error.start].decode("utf-8", errors="replace")) + 1))
    if len(bad) <= FEW_BAD_LINES:
        raise ContentError(
            [
                Problem(
                    number,
                    column,
                    "This line has a character your editor did not save as UTF-8 text. "
                    "Delete it, type it again, and make sure the editor saves the file as UTF-8.",
                    file,
                )
                for number, column in bad
            ]
        )
    first_line, first_column = bad[0]
    others = ", ".join(str(number) for number, _column in bad[1:6]) + (" and more" if len(bad) > 6 else "")
    raise ContentError(
        [
            Problem(
                first_line,
                first_column,
                f"The file was saved in another encoding (often called ANSI or Windows-1252), not UTF-8: "
                f"this line and lines {others} have letters Lantern cannot read. In your editor, choose "
                "Save As and pick UTF-8; the accents are then kept.",
                file,
            )
        ]
    )


def _int(value: str) -> int:
    return int(value, 0) if value[:2] in ("0o", "0x") else int(value)


def _float(value: str) -> float:
    """YAML writes infinity and not-a-number as `.inf` and `.nan`; Python wants them without the dot."""
    lowered = value.lower()
    return float(lowered.replace(".", "", 1) if lowered.lstrip("+-") in (".inf", ".nan") else lowered)


_SCALARS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
    "tag:yaml.org,2002:bool": lambda value: value.lower() == "true",
    "tag:yaml.org,2002:null": lambda _value: None,
}


_TEXT_TAG = "tag:yaml.org,2002:str"
_TAG_REFUSED = (
    "A text cannot start with '!' (it reads as a special marker). Put the whole text in double quotes, "
    'like "!Important: rest here."'
)
_PLAIN_TAGS: dict[type[Node], str] = {
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


def _build(node: Node, location: Location, document: SourceDocument, problems: list[Problem]) -> Any:
    document.value_positions[location] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if type(node) in _PLAIN_TAGS and node.tag != _PLAIN_TAGS[type(node)]:
        problems.append(_at(node, _TAG_REFUSED, document))
        return None
    if isinstance(node, ScalarNode):
        document.written_as[location] = node.value
        document.value_ends[location] = (node.end_mark.line + 1, node.end_mark.column + 1)
        if not node.style and node.tag == _TEXT_TAG:  # plain text (libyaml says '', PyYAML None)
            _warn_about_trailing_comment(node, document)
        convert = _SCALARS.get(node.tag)
        if convert is None:
            problems.append(_at(node, _TAG_REFUSED, document))
            return None
        return convert(node.value)
    if isinstance(node, SequenceNode):
        return [_build(item, (*location, index), document, problems) for index, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        return _build_mapping(node, location, document, problems)
    problems.append(_at(node, "This kind of value is not allowed here.", document))
    return None


def _warn_about_trailing_comment(node: ScalarNode, document: SourceDocument) -> None:
    """`en: Free help #1` shows only "Free help": say so, since the nurse probably meant the words."""
    end = node.end_mark
    if end.line >= len(document.lines):
        return
    rest = document.lines[end.line][end.column :]
    if rest.lstrip().startswith("#"):
        column = end.column + len(rest) - len(rest.lstrip()) + 1
        document.warnings.append(
            Problem(
                end.line + 1,
                column,
                "The words after '#' are a note for staff, and patients will not see them. "
                "If the '#' is part of the text, put the whole text in double quotes.",
                document.file,
                "warning",
            )
        )


def _build_mapping(
    node: MappingNode, location: Location, document: SourceDocument, problems: list[Problem]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_line: dict[str, int] = {}
    new_item_without_dash = False
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
            problems.append(_at(key_node, "A setting name is missing or is not plain text here.", document))
            continue
        key = key_node.value
        key_line = key_node.start_mark.line + 1
        if new_item_without_dash:
            continue  # the rest belongs to the item whose '- ' is missing, already reported
        if key in first_line:
            new_item_without_dash = _starts_a_new_item(key, first_line, location)
            problems.append(
                _at(key_node, _twice(key, first_line[key], key_line, new_item_without_dash), document)
            )
            continue
        first_line[key] = key_line
        document.key_positions[(*location, key)] = (key_line, key_node.start_mark.column + 1)
        result[key] = _build(value_node, (*location, key), document, problems)
    return result


def _starts_a_new_item(key: str, first_line: dict[str, int], location: Location) -> bool:
    """In a list, the item's first key written again: a new item whose '- ' was forgotten."""
    return bool(location) and isinstance(location[-1], int) and next(iter(first_line)) == key


def _twice(key: str, first: int, again: int, new_item: bool) -> str:
    if new_item:
        return (
            f"A new item starts here without its '- ': '{key}' was already given on line {first} for the "
            f"item above. Put '- ' in front of '{key}' so the dash lines up with the '- ' above (take two "
            "spaces away before it, so the words stay where they are)."
        )
    return (
        f"'{key}' is written twice in this group, on lines {first} and {again}. "
        "Only one can count: remove or rename one of them."
    )


def _at(node: Node, message: str, document: SourceDocument) -> Problem:
    return Problem(node.start_mark.line + 1, node.start_mark.column + 1, message, document.file)
