"""Check a content file completely: every problem at once, errors and warnings, with line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kiosk.content.model import Content
from kiosk.content.picture_check import picture_problem
from kiosk.content.placeholders import fill_placeholders, unknown_placeholders
from kiosk.content.problems import ContentError
from kiosk.content.readability import readability_warnings
from kiosk.content.yamlsource import read_document
from kiosk.settingsfile.document import SourceDocument
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


def check_content(path: Path, *, file: str | None = None, readability: bool = True) -> CheckResult:
    """Check a content file; never raises for anything wrong with the file itself."""
    file = file or path.name
    try:
        document = read_document(path, file)
    except ContentError as error:
        return CheckResult(path, None, error.problems)
    try:
        content = Content.model_validate(document.data)
    except ValidationError as error:
        from kiosk.settingsfile.wording import validation_problems  # only a broken file pays for the wording

        return CheckResult(path, None, tuple(sorted(validation_problems(error, document, Content))))
    problems = _picture_problems(content, path.parent, document) + _placeholder_problems(content, document)
    if problems:
        return CheckResult(path, None, tuple(sorted(problems)))
    try:
        content = Content.model_validate(fill_placeholders(content, document.data))
    except ValidationError as error:
        from kiosk.settingsfile.wording import validation_problems

        return CheckResult(path, None, tuple(sorted(validation_problems(error, document, Content))))
    warnings = document.warnings + (_readability_problems(content, document) if readability else [])
    return CheckResult(path, content, tuple(sorted(warnings)))


def _picture_problems(content: Content, folder: Path, document: SourceDocument) -> list[Problem]:
    problems = []
    for location, name in content.pictures():
        reason = picture_problem(folder / name, name)
        if reason is not None:
            line, column = document.position_of(location)
            problems.append(Problem(line, column, reason, document.file))
    return problems


def _placeholder_problems(content: Content, document: SourceDocument) -> list[Problem]:
    return [
        Problem(*document.position_of(location), message, document.file)
        for location, message in unknown_placeholders(content)
    ]


def _readability_problems(content: Content, document: SourceDocument) -> list[Problem]:
    return [
        Problem(*document.position_of(location), message, document.file, "warning")
        for location, message in readability_warnings(content.patient_texts())
    ]
