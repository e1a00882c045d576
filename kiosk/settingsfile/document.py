"""A hand-edited file as values plus the 1-based line and column where each key and value was written."""

from __future__ import annotations

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
    warnings: list[Problem] = field(default_factory=list)

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

    def value_at(self, location: Location) -> Any:
        value = self.data
        for part in location:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value
