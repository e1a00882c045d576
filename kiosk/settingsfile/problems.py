"""Problems found in a hand-edited file, worded for the person who has to fix them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, at a 1-based line and column, in the `file:line:col: message` form editors understand."""

    line: int
    column: int
    message: str
    file: str = "content.yaml"
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"


class FileProblems(Exception):  # noqa: N818 - it is a collection of problems, raised as one
    """A hand-edited file cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
