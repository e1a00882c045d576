"""One SQLite file that is on disk when a write returns, and storage failures told in words for staff.

Errors from the environment (disk full, read-only, missing folder, damaged file) become
`StorageError` with a sentence a nurse or IT can act on; anything else is a bug and is raised as is.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

SqlValue = str | int | float | None
R = TypeVar("R")

_CODE_WORDS = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the file is read-only",
    "SQLITE_CANTOPEN": "the file cannot be opened",
    "SQLITE_IOERR": "the disk reported an error while writing",
    "SQLITE_BUSY": "another program is holding the file",
    "SQLITE_LOCKED": "another program is holding the file",
    "SQLITE_CORRUPT": "the file is damaged",
    "SQLITE_NOTADB": "the file is damaged",
    "SQLITE_PERM": "the file may not be written",
}


class StorageError(Exception):
    """A durable store failed because of the environment; `str()` is a sentence for staff."""


def describe_storage_error(error: Exception, path: Path) -> str:
    """Why a file could not be written, in words: the disk's own state first, then SQLite's code."""
    folder = _existing_ancestor(path.parent)
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        return "the disk is read-only"
    if not os.access(folder, os.W_OK):
        return "the folder is read-only for this user"
    if os.statvfs(folder).f_bavail == 0:
        return "the disk is full"
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", None) or ""
        for code, words in _CODE_WORDS.items():
            if name == code or name.startswith(f"{code}_"):
                return words
        if str(error).startswith("Could not decode to UTF-8"):  # Python's check, so no SQLite code
            return "the file is damaged"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)


def _existing_ancestor(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _is_environmental(error: Exception) -> bool:
    return isinstance(error, OSError | sqlite3.OperationalError) or type(error) is sqlite3.DatabaseError


class Store:
    """A SQLite file in WAL mode with `synchronous=FULL`: a write returns only once it is on disk.

    The file is opened lazily and re-opened after a failure, so a disk that recovers is used again.
    `problem` holds the last failure in words until a statement succeeds again. The tablet's outbox
    and the station's call log are stores with a schema and methods of their own.
    """

    def __init__(self, path: Path, schema: str, what: str, *, upgrades: Sequence[str] = ()) -> None:
        self.path = path
        self.problem: str | None = None
        self._schema = schema
        self._upgrades = upgrades
        self._what = what
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def execute(self, sql: str, params: Sequence[SqlValue] = ()) -> list[tuple[SqlValue, ...]]:
        """Run one statement as its own durable transaction and return its rows."""
        with self._lock:
            try:
                connection = self._connection or self._open()
                rows = connection.execute(sql, params).fetchall()
            except (OSError, sqlite3.DatabaseError) as error:
                if not _is_environmental(error):
                    raise
                self._drop()
                reason = describe_storage_error(error, self.path)
                self._set_problem(f"The {self._what} cannot be written: {reason} ({self.path}).", error)
                raise StorageError(self.problem) from error
            self._set_problem(None)
            return rows

    def records(
        self, rows: list[tuple[SqlValue, ...]], parse: Callable[[tuple[SqlValue, ...]], R]
    ) -> list[R]:
        """Rows as records; a row that cannot be what was written is told as damage, not raised as a bug."""
        try:
            return [parse(row) for row in rows]
        except ValueError as error:
            raise self.damaged(error) from error

    def damaged(self, error: Exception) -> StorageError:
        """A row that cannot be what was written (a torn or damaged file SQLite did not notice): told to
        staff like any other failure, instead of an exception that would stop the program."""
        with self._lock:
            self._set_problem(
                f"The {self._what} cannot be written: the file is damaged ({self.path}).", error
            )
            return StorageError(self.problem)

    def _set_problem(self, problem: str | None, error: Exception | None = None) -> None:
        """Log a problem once when it starts and once when it ends, not on every retry."""
        if problem != self.problem:
            if problem:
                log.error("%s (%s)", problem, error)
            else:
                log.info("The %s can be written again (%s)", self._what, self.path)
        self.problem = problem

    def close(self) -> None:
        with self._lock:
            self._drop()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":
                raise sqlite3.OperationalError(f"the disk does not support write-ahead logging ({mode})")
            connection.execute("PRAGMA synchronous=FULL")
            connection.executescript(self._schema)
            for upgrade in self._upgrades:
                with contextlib.suppress(sqlite3.OperationalError):  # "duplicate column": already done
                    connection.execute(upgrade)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class WriteQueue:
    """Runs a store's work on a thread of its own, one job at a time, in the order it was given.

    A disk can stall for seconds (a cheap SD card, a frozen file system); nobody who must answer a
    patient (the GUI thread, paho's thread, the ticker) may wait for it. Each job reports its own
    outcome; the queue only keeps them in order and keeps going when one fails.
    """

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._jobs.put(job)

    def wait_idle(self, timeout_s: float) -> bool:
        """True once every job so far has run; False if the disk is still stuck after `timeout_s`."""
        return self._idle.wait(timeout_s)

    def stop(self, timeout_s: float) -> bool:
        """Let queued jobs finish, for at most `timeout_s`: a frozen disk must not hold up a shutdown."""
        self._jobs.put(None)
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except Exception:
                log.exception("%s: a storage job failed", self._thread.name)
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()


def write_durably(path: Path, data: bytes) -> None:
    """Write a whole file so that after a crash it is either the old one or the new one, on disk:
    a neighbour file first, synced, then renamed over it."""
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    partial.replace(path)


def sync_file(path: Path) -> None:
    """Put a file already written (a copy) on disk before it is counted on."""
    with path.open("rb") as stream:
        os.fsync(stream.fileno())
