"""`lantern preview [PATH]`: see content before it goes live, in a window or as a PNG of every screen.

The preview never touches the kiosk's data folder (last good content, PIN) and its help call reaches
no one: it rehearses the states a real call goes through.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from kiosk.content.check import check_content
from kiosk.content.source import ShownContent
from kiosk.session.screen_size import pixels_per_mm, reference_inches


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", type=Path, default=Path("content.yaml"), help="content file (content.yaml)"
    )
    parser.add_argument(
        "--out", type=Path, help="write a PNG of every screen and call state into this folder"
    )
    parser.add_argument(
        "--size", type=_size, default=(1280, 800), help="window size in pixels, WIDTHxHEIGHT (1280x800)"
    )
    parser.add_argument(
        "--open",
        metavar="PAGE",
        help="in the window, start on this page, named as the PNGs are (for example feelings-2-breathing)",
    )
    parser.add_argument(
        "--inches",
        type=float,
        help="screen diagonal to show sizes for (default: 12.1 up to 1366 px wide, else 15.6)",
    )


def run(args: argparse.Namespace) -> int:
    check = check_content(args.path)
    for problem in check.problems:
        print(problem, file=sys.stderr)
    if args.out is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # Qt is loaded only after the platform is chosen
    from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

    from kiosk.session.pin import StaffPin
    from kiosk.views.assembly import Kiosk, KioskOptions
    from kiosk.views.rehearsal import RehearsalHelpCall
    from kiosk.views.screenshots import PREVIEW_PIN, Scene, pages, write_all

    QQuickWindow.setGraphicsApi(QSGRendererInterface.GraphicsApi.Software)
    app = QGuiApplication(sys.argv[:1])
    width, height = args.size
    inches = args.inches or reference_inches(width, height)
    scene = Scene()
    with tempfile.TemporaryDirectory(prefix="lantern-preview-") as data:
        StaffPin(Path(data)).set(PREVIEW_PIN)
        rehearsal = RehearsalHelpCall(scripted=args.out is None)
        options = KioskOptions(
            content=args.path,
            data_dir=Path(data),
            px_per_mm=pixels_per_mm(width, height, None, inches),
            windowed=True,
            now=scene if args.out is not None else datetime.now,
            still=args.out is not None,
        )
        kiosk = Kiosk(options, rehearsal)
        notice = not_your_file(args.path, len(check.errors), kiosk.watch.shown)
        if notice is not None:
            print(f"\n*** {notice} ***\n", file=sys.stderr)
            kiosk.window.setTitle(notice)
        kiosk.window.resize(width, height)
        kiosk.window.show()
        if args.out is not None:
            written = write_all(kiosk, rehearsal, scene, args.out, (width, height), notice)
            print(f"Wrote {len(written)} pictures to {args.out}")
            code = 0
        elif args.open and args.open not in (named := dict(pages(kiosk))):
            print(f"No page is called {args.open!r}: " + ", ".join(named), file=sys.stderr)
            code = 2
        else:
            if args.open:
                named[args.open](kiosk)
            print(f"Staff PIN in this preview: {PREVIEW_PIN}. Help calls here reach no one.")
            code = app.exec()
        rehearsal.stop()
        kiosk.close()
    return code


def not_your_file(path: Path, errors: int, shown: ShownContent | None) -> str | None:
    """What to say when the preview cannot show the nurse's file; None when it shows it."""
    if errors == 0 and shown is not None and shown.origin == "file":
        return None
    whose = (
        "the last good content"
        if shown is not None and shown.origin == "last_good"
        else "Lantern's built-in content"
    )
    problems = "1 problem" if errors == 1 else f"{errors} problems"
    return (
        f"NOT YOUR FILE: {path.name} has {problems} to fix, so this shows {whose}. Run: lantern check {path}"
    )


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1280x800") from None
    if not (320 <= width <= 7680 and 320 <= height <= 7680):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 320 to 7680 pixels")
    return width, height
