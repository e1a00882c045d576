"""`lantern check [PATH]`: what a nurse runs after editing content.yaml (or IT after editing lantern.toml),
like `nginx -t`; `--format json` gives editors and scripts the same findings."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.content.check import CheckResult, check_content
from kiosk.content.readability import SCORED, not_scored_note
from kiosk.settingsfile.excerpt import file_lines, print_problems
from kiosk.settingsfile.problems import Problem

KEEPS_LAST_GOOD = "The kiosk keeps showing the last good content until the file passes the check."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", default="content.yaml", type=Path, help="the content file (content.yaml)"
    )
    parser.add_argument("--no-readability", action="store_true", help="skip the reading-level warnings")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (each problem with its line and a caret), json for editors and scripts",
    )


def run(args: argparse.Namespace) -> int:
    path: Path = args.path
    if path.suffix == ".toml":
        return _check_settings(path)
    result = check_content(path, file=str(path), readability=not args.no_readability)
    lines = file_lines(path)
    if args.format == "json":
        print(json.dumps(_as_json(result, lines), ensure_ascii=False, indent=2))
    else:
        _print_for_people(result, lines, readability=not args.no_readability)
    return 1 if result.errors else 0


def _print_for_people(result: CheckResult, lines: list[str], *, readability: bool) -> None:
    print_problems(result.problems, lines)
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        print(
            f"{result.path}: {_count(errors, 'problem')} to fix{_and_warnings(warnings)}. {KEEPS_LAST_GOOD}",
            file=sys.stderr,
        )
        return
    if readability and result.content is not None and (note := not_scored_note(result.content.languages)):
        print(note, file=sys.stderr)
    print(f"{result.path}: OK, ready for patients{_and_warnings(warnings)}.", file=sys.stderr)


def _as_json(result: CheckResult, lines: list[str]) -> dict[str, object]:
    return {
        "file": str(result.path),
        "ready_for_patients": not result.errors,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": [_problem_as_json(problem, lines) for problem in result.problems],
        "reading_level_not_checked": [
            code for code in (result.content.languages if result.content else {}) if code not in SCORED
        ],
    }


def _problem_as_json(problem: Problem, lines: list[str]) -> dict[str, object]:
    return {
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "message": problem.message,
        "source": lines[problem.line - 1] if 0 < problem.line <= len(lines) else None,
    }


def _check_settings(path: Path) -> int:
    from kiosk.config.deployment import DeploymentError, check_deployment

    try:
        check_deployment(path, file=str(path))
    except DeploymentError as error:
        print_problems(error.problems, file_lines(path))
        print(f"{path}: {_count(len(error.problems), 'problem')} to fix.", file=sys.stderr)
        return 1
    print(f"{path}: OK.", file=sys.stderr)
    return 0


def _and_warnings(count: int) -> str:
    return f", and {_count(count, 'suggestion')} to look at" if count else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
