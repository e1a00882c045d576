"""The `lantern` command: one subcommand per job, each living in the module that owns that job."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

# Commands that print an answer and end: they skip the cyclic garbage collector and Python's
# teardown (as mypy does), a third of the time `lantern check` may take.
QUICK = {"check"}

# name -> (module, one-line help). Modules are imported only when their command runs, so
# `lantern check` stays fast and never loads Qt.
COMMANDS: dict[str, tuple[str, str]] = {
    "kiosk": ("kiosk.views.app", "start the patient kiosk (fullscreen)"),
    "check": ("kiosk.content.checkcmd", "check content.yaml and list every problem with its line"),
    "preview": ("kiosk.views.previewcmd", "show content in a window, or write a PNG of every screen"),
    "console": ("kiosk.console.app", "start the nurse-station console"),
    "content": (
        "kiosk.publishing.contentcmd",
        "publish content to every tablet, list versions, roll back, pull",
    ),
    "call": ("kiosk.helpcall.callcmd", "send a real help call from a room and print what happens"),
    "sites": (
        "kiosk.station.sitescmd",
        "every site on the broker: stations and tablets online, rooms with open calls (takes no call)",
    ),
    "set-pin": ("kiosk.session.pincmd", "set the staff PIN (stored hashed)"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lantern", description=__doc__)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name) if name in _requested() else None
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if module is not None:
            module.add_arguments(command_parser)
    return parser


def _requested() -> set[str]:
    """The subcommand named on the command line, so only its module is imported."""
    return {arg for arg in sys.argv[1:2] if arg in COMMANDS}


def main(argv: Sequence[str] | None = None) -> int:
    # Lantern uses no pydantic plugins; looking for them reads every installed package's metadata.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if argv is not None:
        sys.argv = [sys.argv[0], *argv]
    args = build_parser().parse_args(sys.argv[1:])
    if args.command is None:
        build_parser().print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    return int(module.run(args))


def first_frame() -> None:
    """The kiosk's last home screen, live, before its command's modules load (kiosk.views.first_frame).

    Only the programs themselves (`lantern`, main.py) show it; `main` alone, as tests call it, does not."""
    if _requested() == {"kiosk"} and not {"--windowed", "-h", "--help"} & set(sys.argv[2:]):
        from kiosk.config.paths import data_dir
        from kiosk.views import first_frame

        first_frame.show(data_dir())


def run() -> NoReturn:
    """The `lantern` program itself: `main`, then exit (at once, for a quick command)."""
    quick = bool(_requested() & QUICK)
    first_frame()
    if quick:
        gc.disable()  # a short check makes few cycles, and the process ends straight after
    code = main()
    if quick:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
