"""A hand-edited file as values plus the 1-based line and column where each key and value was written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kiosk.settingsfile.problems import Problem

Location = tuple[str | int, ...]
"""The path to a value, as pydantic gives it: ("screens", "home", "title", "en")."""

Position = tuple[int, int]


@dataclass
class SourceDocument:
    """The values of a hand-edited file and the 1-based position of every key and value in it."""

    data: Any
    file: str
    lines: list[str] = field(default_factory=list)
    key_positions: dict[Location, Position] = field(default_factory=dict)
    value_positions: dict[Location, Position] = field(default_factory=dict)
    written_as: dict[Location, str] = field(default_factory=dict)
    value_ends: dict[Location, Position] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Errors found while reading that leave the rest of the file readable (a key written twice)."""
    unread: list[range] = field(default_factory=list)
    """Groups of lines around a line the parser set aside: what is missing there is no news."""

    def position_of(self, location: Location, *, key: bool = False) -> Position:
        """Where a value (or its key) was written; for one that is not there, its nearest parent."""
        preferred, fallback = (
            (self.key_positions, self.value_positions) if key else (self.value_positions, self.key_positions)
        )
        for end in range(len(location), -1, -1):
            prefix = location[:end]
            if prefix in preferred:
                return preferred[prefix]
            if prefix in fallback:
                return fallback[prefix]
        return (1, 1)

    def position_of_words(self, location: Location, words: str) -> Position:
        """Where these words are written inside a text value (a long text spans lines); else the value's."""
        start = self.position_of(location)
        end = self.value_ends.get(location, start)
        for number in range(start[0], min(end[0], len(self.lines)) + 1):
            line = self.lines[number - 1]
            index = line.find(words, start[1] - 1 if number == start[0] else 0)
            if index >= 0:
                return number, index + 1
        return start

    def value_at(self, location: Location) -> Any:
        value = self.data
        for part in location:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value


def leaves(data: Any, location: Location = ()) -> Iterator[tuple[Location, Any]]:
    """Every value of a file's raw values that is not a group or a list, with where it is, in written order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*location, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from leaves(item, (*location, index))
    else:
        yield location, data
