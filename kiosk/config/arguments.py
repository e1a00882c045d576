"""Command-line options Lantern's programs share, parsed one way, with Lantern's words on a mistake.

argparse's own message for a bad value ("invalid parse_broker_url value: 'http://x'") tells IT
nothing; these converters keep the sentence the parser wrote.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kiosk.config.broker_choice import command_line_broker
from kiosk.wire.ids import check_id

T = TypeVar("T")

EMBEDDED = "the embedded broker on this machine"


def worded(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type that turns the parser's ValueError into a usage error with the same words."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def add_config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        help="deployment settings (default: $LANTERN_CONFIG, else lantern.toml in the config folder)",
    )


def add_broker(parser: argparse.ArgumentParser, *, default: str = EMBEDDED) -> None:
    parser.add_argument(
        "--broker",
        type=worded(command_line_broker),
        metavar="URL",
        help=(
            "mqtt://[user@]host[:port] or mqtts://…, several comma-separated for the nodes of one cluster "
            f"(tried in order; the password: $LANTERN_BROKER_PASSWORD); default: {default}"
        ),
    )


def add_id(
    parser: argparse.ArgumentParser,
    flag: str,
    what: str,
    *,
    words: str,
    default: str | None = None,
    required: bool = False,
) -> None:
    """An option whose value is a room, site or station id (`--room 12`, `--site clinic`)."""
    parser.add_argument(
        flag, type=worded(lambda text: check_id(text, what)), default=default, required=required, help=words
    )
