"""Logging for Lantern's programs: stderr (the journal under systemd) and a rotating file in the data folder.

The file keeps at most 5 × 1 MB per program, so a chatty fault can never fill a tablet's disk;
logs name rooms and call ids, never people. Records are written by a thread of their own (a queue
in between): a log line from the GUI thread must never wait for a disk that stalls.
"""

from __future__ import annotations

import atexit
import logging
import queue
import sys
from logging.handlers import QueueHandler, QueueListener, RotatingFileHandler
from pathlib import Path

from kiosk.config.paths import data_dir

MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(name)s %(levelname)s: %(message)s"

_listener: QueueListener | None = None


def configure_logging(program: str, *, level: int = logging.INFO, folder: Path | None = None) -> Path | None:
    """Send log records to stderr and to `<data>/logs/<program>.log`; returns the file, or None if it cannot be written."""
    global _listener
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    path = (folder or data_dir() / "logs") / f"{program}.log"
    problem = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"))
    except OSError as error:
        problem = error
    formatter = logging.Formatter(FORMAT)
    for handler in handlers:
        handler.setFormatter(formatter)
    _stop_listener()
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    _listener = QueueListener(records, *handlers, respect_handler_level=True)
    _listener.start()
    atexit.unregister(_stop_listener)
    atexit.register(_stop_listener)
    to_queue = QueueHandler(records)
    to_queue.setFormatter(
        logging.Formatter("%(message)s")
    )  # else basicConfig adds "INFO:name:" before FORMAT does
    logging.basicConfig(level=level, handlers=[to_queue], force=True)
    if problem is not None:
        logging.getLogger("lantern").warning(
            "the log file %s cannot be written (%s); logging to stderr only", path, problem
        )
        return None
    return path


def _stop_listener() -> None:
    """Write what is queued and stop the writer thread (once: a listener cannot stop twice)."""
    global _listener
    if _listener is not None:
        _listener.stop()
        _listener = None


def drain() -> None:
    """Wait until every record logged so far is written (at exit, and for tests that read the file)."""
    if _listener is not None:
        _listener.stop()
        _listener.start()
