"""`lantern set-pin`: store the staff PIN, asked twice without echo, or read from stdin for scripts."""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.config.paths import data_dir
from kiosk.session.pin import PinStoreError, StaffPin, hash_pin, pin_problem


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pin-stdin", action="store_true", help="read the PIN from the first line of stdin")
    parser.add_argument(
        "--print-hash",
        action="store_true",
        help="print the hash for lantern.toml ([kiosk] pin_hash) instead of storing it on this machine",
    )


def run(args: argparse.Namespace) -> int:
    store = StaffPin(data_dir())
    pin = sys.stdin.readline().strip() if args.pin_stdin else _ask()
    if pin is None:
        return 1
    problem = pin_problem(pin)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    if args.print_hash:
        print(f'pin_hash = "{hash_pin(pin)}"')
        return 0
    try:
        store.set(pin)
    except PinStoreError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"The staff PIN is set (stored hashed in {store.pin_path}). A running kiosk uses it from now on.")
    return 0


def _ask() -> str | None:
    first = getpass.getpass("New staff PIN (digits): ")
    if pin_problem(first) is None and getpass.getpass("The same PIN again: ") != first:
        print("The two PINs differ; nothing was changed.", file=sys.stderr)
        return None
    return first
