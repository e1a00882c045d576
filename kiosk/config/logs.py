"""Logging for Lantern's programs: stderr (the journal under systemd) and a rotating file in the data folder.

The file keeps at most 5 × 1 MB per program, so a chatty fault can never fill a tablet's disk;
logs name rooms and call ids, never people.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk.config.paths import data_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(name)s %(levelname)s: %(message)s"


def configure_logging(program: str, *, level: int = logging.INFO, folder: Path | None = None) -> Path | None:
    """Send log records to stderr and to `<data>/logs/<program>.log`; returns the file, or None if it cannot be written."""
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    path = (folder or data_dir() / "logs") / f"{program}.log"
    problem = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"))
    except OSError as error:
        problem = error
    logging.basicConfig(level=level, format=FORMAT, handlers=handlers, force=True)
    if problem is not None:
        logging.getLogger("lantern").warning(
            "the log file %s cannot be written (%s); logging to stderr only", path, problem
        )
        return None
    return path
