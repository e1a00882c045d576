"""Check a content file completely: every problem at once, errors and warnings, with line and column."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kiosk.content.model import Content, named_pictures
from kiosk.content.picture_check import MAX_SIDE, picture_problems
from kiosk.content.placeholders import fill_placeholders, unknown_placeholders
from kiosk.content.problems import ContentError
from kiosk.content.readability import readability_warnings
from kiosk.content.yamlsource import read_document
from kiosk.settingsfile.document import Location, SourceDocument
from kiosk.settingsfile.problems import Problem


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one file: its content when it can be shown, and everything worth telling staff."""

    path: Path
    content: Content | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.severity == "warning")


def check_content(
    path: Path, *, file: str | None = None, readability: bool = True, max_picture_side: int = MAX_SIDE
) -> CheckResult:
    """Check a content file and report every problem in one go; never raises for anything in the file."""
    file = file or path.name
    try:
        document = read_document(path, file)
    except ContentError as error:
        return CheckResult(path, None, error.problems)
    pictures = _Beside(picture_problems, path.parent, list(named_pictures(document.data)), max_picture_side)
    content, problems = _validated(document)  # while new pictures decode (Pillow leaves the GIL)
    problems += [
        Problem(*document.position_of_words(location, written), message, document.file)
        for location, written, message in unknown_placeholders(document.data)
    ]
    problems += _at_locations(pictures.result(), document)
    problems += document.problems
    if problems:
        return CheckResult(path, None, tuple(sorted(problems)))
    assert content is not None
    warnings = document.warnings + (_readability_problems(content, document) if readability else [])
    return CheckResult(path, content, tuple(sorted(warnings)))


class _Beside(threading.Thread):
    """One job on a thread of its own; `result()` waits for it and raises what it raised.

    (concurrent.futures would do, but it imports logging: a tenth of the time the check may take.)
    """

    def __init__(self, job: Callable[..., list[tuple[Location, str]]], *args: object) -> None:
        super().__init__(daemon=True)
        self._job, self._args = job, args
        self._result: list[tuple[Location, str]] = []
        self._error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self._result = self._job(*self._args)
        except BaseException as error:  # handed to the caller, who reports or raises it
            self._error = error

    def result(self) -> list[tuple[Location, str]]:
        self.join()
        if self._error is not None:
            raise self._error
        return self._result


def _validated(document: SourceDocument) -> tuple[Content | None, list[Problem]]:
    """The content with its placeholders filled in, or what is wrong with it."""
    try:
        return Content.from_data(fill_placeholders(document.data)), []
    except ValidationError as error:
        from kiosk.settingsfile.wording import validation_problems  # only a broken file pays for the wording

        return None, [
            problem
            for problem in validation_problems(error, document, Content)
            if not any(problem.line in group for group in document.unread)
        ]


def _at_locations(found: list[tuple[Location, str]], document: SourceDocument) -> list[Problem]:
    return [Problem(*document.position_of(location), message, document.file) for location, message in found]


def _readability_problems(content: Content, document: SourceDocument) -> list[Problem]:
    return [
        Problem(*document.position_of(location), message, document.file, "warning")
        for location, message in readability_warnings(content.patient_texts())
    ]
