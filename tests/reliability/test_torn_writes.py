"""Torn writes: copies of a real outbox cut where a crash could have cut them hold exactly the presses
SQLite promises, and a file cut where no crash could still opens, and is told in words when it cannot.

What SQLite promises (WAL mode, synchronous=FULL; https://www.sqlite.org/wal.html and
https://www.sqlite.org/fileformat2.html):
- A commit is frames appended to the log, the last one marked as a commit, and synced before the
  commit returns. On opening, recovery reads frames from the top while their salts and running
  checksums hold, and keeps every commit whose commit frame it reached: a transaction cut anywhere is
  gone whole, every one before it stays.
- A checkpoint copies pages from the synced log into the database file and syncs it; the log is
  written again from the top (new salts) only by the first commit after a complete checkpoint. Until
  then the log shadows whatever part of the database file the checkpoint tore.
So a crash image is: the database file as it was, plus the log with its newest writes cut at any byte
(the bytes after the cut are what the file held before, or garbage). A log cut below what a
checkpoint already copied is not a crash image (the log was synced before the copy); nor is a
database file cut at an arbitrary point. For those SQLite promises nothing, and the outbox must
still open them without crashing: give back calls, or say in words that the file is damaged.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.helpcall.outbox import Outbox
from kiosk.helpcall.states import CallRecord, PatientCallState
from kiosk.station.calllog import CallLog
from kiosk.wire.protocol import CallKind, CallMessage
from kiosk.wire.storage import StorageError
from tests.fixtures.brokers import Broker
from tests.helpcall.support import start_station, start_tablet, unique_site
from tests.reliability.scale import scaled, seeded
from tests.reliability.wal import commits

PRESSES = scaled(150, 400)
CUTS_PER_STEP = scaled(4, 12)
STEPS_CHECKED = scaled(40, PRESSES)


@dataclass(frozen=True)
class Snapshot:
    """The outbox files as kill -9 would leave them after one step, and the presses committed by then."""

    db: bytes
    wal: bytes
    step: str  # "open", "press" or "checkpoint"
    presses: tuple[str, ...]

    @property
    def backfilled(self) -> bool:
        """A complete checkpoint copied this log into the database file, and it was not restarted yet."""
        return self.step == "checkpoint"


@dataclass(frozen=True)
class History:
    snapshots: list[Snapshot]
    salts: dict[str, bytes]  # the log generation each press was committed in
    ends: dict[str, int]  # where its commit frame ends in that log


def read(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    """Presses through the real Outbox, with checkpoints now and then (as SQLite runs them by itself
    every 1000 pages), and the files after every step."""
    path = tmp_path_factory.mktemp("outbox") / "outbox.sqlite3"
    wal = path.with_name(path.name + "-wal")
    rng = random.Random(PRESSES)
    outbox = Outbox(path)
    outbox.unfinished()  # opens the file and creates the table, as a kiosk's start() does
    snapshots = [Snapshot(read(path), read(wal), "open", ())]
    salts: dict[str, bytes] = {}
    ends: dict[str, int] = {}
    for index in range(PRESSES):
        call_id = str(uuid.uuid4())
        now = time.time()
        outbox.save(CallRecord(call_id, "12", CallKind.NOW, pressed_at=now + index, changed_at=now))
        log = commits(read(wal))
        salts[call_id], ends[call_id] = log.salts, log.last_end
        snapshots.append(Snapshot(read(path), read(wal), "press", (*snapshots[-1].presses, call_id)))
        if rng.random() < 1 / 12:
            with sqlite3.connect(path) as other:
                busy, logged, copied = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            assert (busy, logged) == (0, copied), "the checkpoint was not complete"
            after = Snapshot(read(path), read(wal), "checkpoint", snapshots[-1].presses)
            assert after.wal == snapshots[-1].wal, "a checkpoint does not write the log"
            snapshots.append(after)
    outbox.close()
    generations = set(salts.values())
    assert len(generations) >= 3, "the history should restart the log a few times"
    yield History(snapshots, salts, ends)


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """Memory when the machine has a tmpfs: every image is synced on close, and the disk adds nothing."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        yield tmp_path
        return
    with tempfile.TemporaryDirectory(dir=shm) as folder:
        yield Path(folder)


class Image:
    """A folder where a torn copy of the outbox is written and opened, as a restarted kiosk would."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "outbox.sqlite3"
        self._wal = folder / "outbox.sqlite3-wal"
        self._shm = folder / "outbox.sqlite3-shm"

    def open(self, db: bytes, wal: bytes) -> list[CallRecord]:
        for leftover in (self.path, self._wal, self._shm):
            leftover.unlink(missing_ok=True)
        self.path.write_bytes(db)
        self._wal.write_bytes(wal)
        outbox = Outbox(self.path)
        try:
            return outbox.unfinished()
        finally:
            outbox.close()

    def holds_exactly(self, db: bytes, wal: bytes, expected: set[str], what: str) -> None:
        found = [call.id for call in self.open(db, wal)]
        assert len(found) == len(set(found)), what
        missing, extra = expected - set(found), set(found) - expected
        assert not missing and not extra, f"{what}: {len(missing)} committed presses lost, {len(extra)} extra"
        with sqlite3.connect(self.path) as check:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)], what


def torn(new: bytes, old: bytes, cut: int, rng: random.Random | None = None) -> bytes:
    """`new` written up to `cut`; after it what the file held before, or garbage (a torn sector)."""
    rest = old[cut:] if rng is None else rng.randbytes(max(len(old), len(new)) - cut)
    return new[:cut] + rest


def whole(image: bytes, written: bytes, end: int) -> bool:
    """Every byte up to the end of a commit frame is as written, so recovery keeps that commit. Bytes,
    not offsets: what follows a cut (old bytes, garbage) can happen to match what was written."""
    return image[:end] == written[:end]


def cut_points(start: int, end: int, length: int, rng: random.Random) -> set[int]:
    """Both sides of the edges that matter, and some anywhere in between."""
    edges = {start, start + 1, end - 1, end, length}
    return {cut for cut in edges if start <= cut <= length} | {
        rng.randint(start, length) for _ in range(CUTS_PER_STEP)
    }


def test_a_crash_while_committing_keeps_every_earlier_press_and_the_torn_one_whole_or_not_at_all(
    history: History, scratch: Path
) -> None:
    rng = seeded()
    image = Image(scratch)
    steps = zip(history.snapshots, history.snapshots[1:], strict=False)
    presses = [(before, after) for before, after in steps if after.step == "press"]
    for before, after in rng.sample(presses, min(STEPS_CHECKED, len(presses))):
        pressed = after.presses[-1]
        old_log = commits(before.wal)
        start = old_log.last_end if old_log.salts == history.salts[pressed] else 0
        for cut in cut_points(start, history.ends[pressed], len(after.wal), rng):
            for garbage in (None, rng):
                wal = torn(after.wal, before.wal, cut, garbage)
                expected = set(before.presses) | (
                    {pressed} if whole(wal, after.wal, history.ends[pressed]) else set()
                )
                what = f"press {len(after.presses)}, log cut at {cut} ({'garbage' if garbage else 'old bytes'} after)"
                image.holds_exactly(before.db, wal, expected, what)


def test_a_crash_while_checkpointing_loses_nothing(history: History, scratch: Path) -> None:
    rng = seeded()
    image = Image(scratch)
    steps = zip(history.snapshots, history.snapshots[1:], strict=False)
    for before, after in [(b, a) for b, a in steps if a.step == "checkpoint"]:
        assert after.db != before.db
        for cut in cut_points(0, 0, len(after.db), rng) | set(range(0, len(after.db) + 1, 4096)):
            what = f"checkpoint after press {len(after.presses)}, database cut at {cut}"
            image.holds_exactly(torn(after.db, before.db, cut), after.wal, set(after.presses), what)


def test_a_log_cut_anywhere_keeps_exactly_the_commits_before_the_cut(history: History, scratch: Path) -> None:
    """The log's tail lost at any byte: every commit whose frame ends before the cut stays, as do the
    presses an earlier checkpoint already put in the database file; none after the cut is half there."""
    rng = seeded()
    image = Image(scratch)
    crash_images = [snapshot for snapshot in history.snapshots if not snapshot.backfilled]
    for snapshot in rng.sample(crash_images, min(STEPS_CHECKED, len(crash_images))):
        log = commits(snapshot.wal)
        for cut in cut_points(0, log.last_end, len(snapshot.wal), rng):
            for garbage in (b"", rng.randbytes(len(snapshot.wal) - cut)):
                wal = snapshot.wal[:cut] + garbage
                expected = {
                    press
                    for press in snapshot.presses
                    if history.salts[press] != log.salts or whole(wal, snapshot.wal, history.ends[press])
                }
                what = f"after {len(snapshot.presses)} presses, log cut at {cut} of {len(snapshot.wal)}"
                image.holds_exactly(snapshot.db, wal, expected, what)


def test_files_cut_where_no_crash_could_open_or_are_told_damaged(history: History, scratch: Path) -> None:
    """Outside SQLite's promise: a database file cut short or with a sector of zeros, a log cut below
    what a checkpoint copied. The outbox answers with calls or with words, never with a crash."""
    rng = seeded()
    image = Image(scratch)
    damaged = f"The help-call store cannot be written: the file is damaged ({image.path})."
    answers = {"calls": 0, "damaged": 0}
    for snapshot in rng.sample(history.snapshots, min(STEPS_CHECKED, len(history.snapshots))):
        for _ in range(CUTS_PER_STEP):
            cut = rng.randrange(len(snapshot.db) + 1)
            zeros = snapshot.db[:cut] + bytes(min(512, len(snapshot.db) - cut)) + snapshot.db[cut + 512 :]
            wal_cut = rng.randrange(len(snapshot.wal) + 1)
            for db, wal in [
                (snapshot.db[:cut], snapshot.wal),
                (zeros, snapshot.wal),
                (snapshot.db, snapshot.wal[:wal_cut]),
            ]:
                try:
                    found = image.open(db, wal)
                except StorageError as error:
                    assert str(error) == damaged
                    answers["damaged"] += 1
                else:
                    assert all(call.room == "12" and call.kind is CallKind.NOW for call in found)
                    answers["calls"] += 1
    assert answers["damaged"] > 0, answers


def test_garbled_text_is_told_as_damage_not_echoed(tmp_path: Path) -> None:
    """A torn page can leave bytes that are not UTF-8 where text was; staff read words, not the bytes."""
    path = tmp_path / "outbox.sqlite3"
    outbox = Outbox(path)
    outbox.save(CallRecord(str(uuid.uuid4()), "12", CallKind.NOW, pressed_at=1.0, changed_at=1.0))
    with sqlite3.connect(path) as other:
        other.execute("UPDATE calls SET room = CAST(x'31ff00' AS TEXT)")

    with pytest.raises(StorageError) as raised:
        outbox.unfinished()

    assert str(raised.value) == f"The help-call store cannot be written: the file is damaged ({path})."
    outbox.close()


def test_a_kiosk_with_a_damaged_outbox_tells_staff_and_still_calls(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    folder = tmp_path / "tablet"
    folder.mkdir()
    outbox = folder / f"helpcall-{site}-12.sqlite3"
    outbox.write_bytes(b"SQLite format 3\0" + bytes(4080))  # a header, then a page that never got written
    start_station(request, tmp_path / "station", broker.address, site)

    tablet, seen = start_tablet(request, folder, broker.address, site)

    ready = seen.wait_for(lambda s: s.station_online, "the tablet to see the station")
    assert ready.staff_problem == f"The help-call store cannot be written: the file is damaged ({outbox})."
    pressed = tablet.press(CallKind.NOW)
    assert pressed.state is PatientCallState.UNREACHABLE  # not stored: the patient is told to call out
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the station's receipt all the same")


def test_a_station_with_a_garbled_call_log_starts_tells_staff_and_still_answers(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    folder = tmp_path / "station"
    path = folder / f"calllog-{site}-st1.sqlite3"
    log = CallLog(path)
    log.record_copy(
        CallMessage(id=str(uuid.uuid4()), room="12", kind=CallKind.NOW, pressed_at=1.0, attempt=1), 1.0
    )
    log.close()
    with sqlite3.connect(path) as other:
        other.execute("UPDATE calls SET kind = ?", ("n\x00w",))  # what a torn page can leave

    _, station_seen = start_station(request, folder, broker.address, site)

    told = station_seen.wait_for(lambda s: s.staff_problem is not None, "words for staff")
    assert told.staff_problem == f"The call log cannot be written: the file is damaged ({path})."
    tablet, seen = start_tablet(request, tmp_path / "tablet", broker.address, site)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station")
    tablet.press(CallKind.NOW)
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the station's receipt")
