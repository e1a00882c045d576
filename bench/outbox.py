"""The outbox on this disk: a press until its record is on disk, and commits/s with FULL vs NORMAL.

Run from the repository root:

    .venv/bin/python -m bench.outbox            # 3000 commits per row
    .venv/bin/python -m bench.outbox --quick    # 300 commits per row
    .venv/bin/python -m bench.outbox --dir /var/lib/lantern   # measure another disk

Rows, one commit at a time, in the order a press pays for them:
- `TabletHelpCall.press()`: the whole press as the kiosk calls it (outbox write with
  synchronous=FULL, the tablet's lock and snapshot), on a tablet that is never connected; tablets are
  replaced every 10 presses so open calls do not pile up beyond what a room ever has, and the first
  press of each (it opens the file, as start() does on a kiosk) is left out.
- `Outbox.save`: the outbox's own write, FULL (as shipped) and NORMAL (set on its connection here,
  to show what FULL costs).
- a bare sqlite3 INSERT into a one-index table in WAL mode, FULL and NORMAL.
- a bare 4 KiB append + fdatasync: what the disk itself charges for one durable write.
The files go in a temporary folder on the disk of --dir (default: the system's temporary folder).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from bench.figures import percentile, print_table
from kiosk.helpcall.outbox import Outbox
from kiosk.helpcall.states import CallRecord
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.wire.broker_url import BrokerUrl
from kiosk.wire.protocol import CallKind

GOAL_P99_MS = 10.0
NOWHERE = BrokerUrl("127.0.0.1", 9)  # never connected: start() is not called


def timed(step: Callable[[int], object], count: int) -> list[float]:
    """Milliseconds per call of step(i)."""
    samples = []
    for index in range(count):
        started = time.perf_counter()
        step(index)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def new_call() -> CallRecord:
    now = time.time()
    return CallRecord(str(uuid.uuid4()), "12", CallKind.NOW, pressed_at=now, changed_at=now)


def tablet_presses(folder: Path, count: int, per_tablet: int = 10) -> list[float]:
    """The first press of each tablet is left out: it opens the file, which start() does on a kiosk."""
    samples: list[float] = []
    while len(samples) < count:
        tablet = TabletHelpCall("12", folder / uuid.uuid4().hex, NOWHERE)
        samples += timed(lambda _i, tablet=tablet: tablet.press(CallKind.NOW), per_tablet + 1)[1:]
        tablet.stop()
    return samples[:count]


def outbox_saves(folder: Path, count: int, synchronous: str) -> list[float]:
    outbox = Outbox(folder / f"outbox-{synchronous}.sqlite3")
    # The outbox always opens with FULL; NORMAL is set on its open connection to price FULL.
    outbox.execute(f"PRAGMA synchronous={synchronous}")
    try:
        return timed(lambda _i: outbox.save(new_call()), count)
    finally:
        outbox.close()


def bare_inserts(folder: Path, count: int, synchronous: str) -> list[float]:
    path = folder / f"bare-{synchronous}.sqlite3"
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={synchronous}")
        connection.execute("CREATE TABLE calls (id TEXT PRIMARY KEY, pressed_at REAL NOT NULL)")
        return timed(
            lambda _i: connection.execute(
                "INSERT INTO calls VALUES (?, ?)", (str(uuid.uuid4()), time.time())
            ),
            count,
        )


def bare_fdatasync(folder: Path, count: int) -> list[float]:
    block = b"\0" * 4096
    descriptor = os.open(folder / "append.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        return timed(lambda _i: (os.write(descriptor, block), os.fdatasync(descriptor)), count)
    finally:
        os.close(descriptor)


@contextmanager
def scratch(parent: Path | None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="lantern-outbox-bench-", dir=parent) as name:
        yield Path(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="300 commits per row instead of 3000")
    parser.add_argument("--dir", type=Path, help="a folder on the disk to measure")
    args = parser.parse_args()
    count = 300 if args.quick else 3000
    with scratch(args.dir) as folder:
        print(f"{count} commits per row, one at a time, in {folder} (sqlite {sqlite3.sqlite_version})\n")
        rows = [
            ("TabletHelpCall.press() (outbox FULL)", tablet_presses(folder, count), True),
            ("Outbox.save, synchronous=FULL (as shipped)", outbox_saves(folder, count, "FULL"), True),
            ("Outbox.save, synchronous=NORMAL", outbox_saves(folder, count, "NORMAL"), False),
            ("bare sqlite3 INSERT, WAL, FULL", bare_inserts(folder, count, "FULL"), False),
            ("bare sqlite3 INSERT, WAL, NORMAL", bare_inserts(folder, count, "NORMAL"), False),
            ("bare 4 KiB append + fdatasync", bare_fdatasync(folder, count), False),
        ]
    table = []
    for what, samples, goal in rows:
        table.append(
            [
                what,
                f"{percentile(samples, 50):.3f}",
                f"{percentile(samples, 99):.3f}",
                f"{max(samples):.3f}",
                f"{len(samples) / (sum(samples) / 1000):,.0f}",
                f"p99 <= {GOAL_P99_MS:g} ms" if goal else "",
            ]
        )
    print_table(["", "p50 ms", "p99 ms", "max ms", "commits/s", "goal"], table)
    press_p99 = percentile(rows[0][1], 99)
    print(f"\npress -> record on disk: goal {'met' if press_p99 <= GOAL_P99_MS else 'MISSED'} (p99 <= 10 ms)")


if __name__ == "__main__":
    main()
