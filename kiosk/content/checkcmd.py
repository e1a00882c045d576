"""`lantern check [PATH]`: what a nurse runs after editing content.yaml (or IT after editing lantern.toml),
like `nginx -t`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.content.check import check_content


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", default="content.yaml", type=Path, help="the content file (content.yaml)"
    )
    parser.add_argument("--no-readability", action="store_true", help="skip the reading-level warnings")


def run(args: argparse.Namespace) -> int:
    path: Path = args.path
    if path.suffix == ".toml":
        return _check_settings(path)
    result = check_content(path, file=str(path), readability=not args.no_readability)
    for problem in result.problems:
        print(problem)
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        print(
            f"{path}: {_count(errors, 'problem')} to fix{_and_warnings(warnings)}. "
            "The kiosk keeps showing the last good content until the file passes the check.",
            file=sys.stderr,
        )
        return 1
    print(f"{path}: OK, ready for patients{_and_warnings(warnings)}.", file=sys.stderr)
    return 0


def _check_settings(path: Path) -> int:
    from kiosk.config.deployment import DeploymentError, check_deployment

    try:
        check_deployment(path, file=str(path))
    except DeploymentError as error:
        for problem in error.problems:
            print(problem)
        print(f"{path}: {_count(len(error.problems), 'problem')} to fix.", file=sys.stderr)
        return 1
    print(f"{path}: OK.", file=sys.stderr)
    return 0


def _and_warnings(count: int) -> str:
    return f", and {_count(count, 'suggestion')} to look at" if count else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
