"""Read a TOML settings file into values, with the line and column of every key, for file:line:col errors.

Python's tomllib gives values but no positions; a light scan of the lines for table headers and
`key =` gives them, which is all a person needs to find a mistake. Values inside inline tables
are placed at their key's line.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from kiosk.settingsfile.document import Location, Position, SourceDocument
from kiosk.settingsfile.problems import FileProblems, Problem

MAX_BYTES = 256 * 1024

_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([^\[\]]+?)\s*\]\]\s*(?:#.*)?$")
_TABLE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^(\s*)((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*"""
)
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path, file: str) -> SourceDocument:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise FileProblems(
                [Problem(1, 1, "The settings file is larger than 256 KB; it is not a settings file.", file)]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileProblems([Problem(1, 1, f"The settings file {path} does not exist.", file)]) from None
    except OSError as error:
        raise FileProblems(
            [Problem(1, 1, f"The settings file cannot be read: {error.strerror}.", file)]
        ) from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise FileProblems([Problem(1, 1, "The settings file is not saved as UTF-8 text.", file)]) from None
    except tomllib.TOMLDecodeError as error:
        raise FileProblems([_syntax_problem(error, file)]) from None
    document = SourceDocument(data=data, file=file, lines=text.splitlines())
    _record_positions(document)
    return document


def _syntax_problem(error: tomllib.TOMLDecodeError, file: str) -> Problem:
    message = str(error)
    where = _TOML_POSITION.search(message)
    line, column = (int(where[1]), int(where[2])) if where else (1, 1)
    reason = _TOML_POSITION.sub("", message).strip().rstrip(".")
    return Problem(
        line,
        column,
        f"This line cannot be read ({reason}). Text needs double quotes; each setting is name = value.",
        file,
    )


def _record_positions(document: SourceDocument) -> None:
    table: Location = ()
    seen_arrays: dict[Location, int] = {}
    for number, line in enumerate(document.lines, start=1):
        if match := _ARRAY_TABLE.match(line):
            path = _key_path(match[1])
            seen_arrays[path] = seen_arrays.get(path, 0) + 1
            table = (*path, seen_arrays[path] - 1)
            _place(document, table, (number, line.index("[") + 1))
        elif match := _TABLE.match(line):
            table = _key_path(match[1])
            _place(document, table, (number, line.index("[") + 1))
        elif match := _KEY.match(line):
            location = (*table, *_key_path(match[2]))
            document.key_positions[location] = (number, len(match[1]) + 1)
            document.value_positions[location] = (number, match.end() + 1)


def _place(document: SourceDocument, location: Location, position: Position) -> None:
    document.key_positions[location] = position
    document.value_positions[location] = position


def _key_path(dotted: str) -> tuple[str, ...]:
    return tuple(
        part.strip().strip("\"'") for part in re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", dotted)
    )
