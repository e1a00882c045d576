"""The outbox on real disks: durable first, and a disk that fails becomes words for staff, not silence."""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.helpcall.outbox import Outbox
from kiosk.helpcall.states import CallRecord, PatientCallState
from kiosk.wire.protocol import CallKind, StationState
from kiosk.wire.storage import Store, describe_storage_error
from tests.fixtures.broker import RunningBroker
from tests.fixtures.frozen_disk import FreezableDisk
from tests.fixtures.frozen_disk import freezable_disk as freezable_disk
from tests.helpcall.support import spawn, start_station, start_tablet, unique_site

PROBLEM = "The help-call store cannot be written: "


def test_calls_survive_reopening_until_the_station_says_done(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    pending = CallRecord("a", "12", CallKind.NOW, pressed_at=1.0, changed_at=1.0)
    received = CallRecord(
        "b", "12", CallKind.CHECK, pressed_at=2.0, changed_at=3.0, station_state=StationState.RECEIVED
    )
    done = CallRecord(
        "c", "12", CallKind.TEST, pressed_at=3.0, changed_at=4.0, station_state=StationState.DONE
    )
    for call in (pending, received, done):
        outbox.save(call)
    outbox.save(CallRecord("a", "12", CallKind.NOW, pressed_at=1.0, changed_at=5.0, cleared_at=5.0))
    outbox.close()

    reopened = Outbox(tmp_path / "outbox.sqlite3")
    unfinished = reopened.unfinished()
    reopened.close()

    assert [(call.id, call.station_state, call.cleared_at) for call in unfinished] == [
        ("a", None, 5.0),
        ("b", StationState.RECEIVED, None),
    ]


def test_the_store_is_wal_with_full_sync(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite3", "CREATE TABLE IF NOT EXISTS t (x);", "test store")
    assert store.execute("PRAGMA journal_mode") == [("wal",)]
    assert store.execute("PRAGMA synchronous") == [(2,)]  # FULL


def test_sqlite_full_becomes_words(tmp_path: Path) -> None:
    path = tmp_path / "full.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.OperationalError) as raised:
        connection.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    assert describe_storage_error(raised.value, path) == "the disk is full"


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"this machine does not let the tests mount file systems: {result.stderr.strip()}")


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder the tablet cannot write: a read-only bind mount as root, else plain permissions."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder, "the folder is read-only for this user"
        folder.chmod(0o755)
        return
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,ro,bind", str(folder))
        yield folder, "the disk is read-only"
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB file system, so "disk full" is the kernel's ENOSPC and not a simulation."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root")
    folder = tmp_path / "tiny"
    folder.mkdir()
    _mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder))
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle, pytest.raises(OSError) as raised:
        while True:
            handle.write(b"\0" * 512)
    assert raised.value.errno == errno.ENOSPC
    return filler


def test_read_only_outbox_tells_staff_and_the_call_still_goes_out(
    request: pytest.FixtureRequest,
    mosquitto: RunningBroker,
    tmp_path: Path,
    read_only_folder: tuple[Path, str],
) -> None:
    folder, reason = read_only_folder
    site = unique_site()
    start_station(request, tmp_path / "station", mosquitto.url, site)
    tablet, seen = start_tablet(request, folder, mosquitto.url, site)
    # The outbox is first read on the writer's thread at start: staff are told as soon as it fails.
    told = seen.wait_for(lambda s: s.staff_problem is not None, "the failed read at start")
    assert told.staff_problem == f"{PROBLEM}{reason} ({tablet.outbox_path})."
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station")

    pressed = tablet.press(CallKind.NOW)

    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the station's receipt all the same")
    assert pressed.state is PatientCallState.UNREACHABLE  # the outbox is known to fail: call out at once


def test_full_disk_tells_staff_then_recovers(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path, tiny_disk: Path
) -> None:
    site = unique_site()
    start_station(request, tmp_path / "station", mosquitto.url, site)
    tablet, seen = start_tablet(request, tiny_disk, mosquitto.url, site)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station")
    filler = fill(tiny_disk)

    pressed = tablet.press(CallKind.NOW)

    told = seen.wait_for(lambda s: s.staff_problem is not None, "the failed write")
    assert told.staff_problem == f"{PROBLEM}the disk is full ({tablet.outbox_path})."
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the station's receipt all the same")
    filler.unlink()
    seen.wait_for(lambda s: s.staff_problem is None, "the problem to clear once the disk has room")
    reopened = Outbox(tablet.outbox_path)
    assert [call.id for call in reopened.unfinished()] == [pressed.call_id]
    reopened.close()


def test_a_disk_that_refuses_writes_mid_run(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    args = ["-m", "tests.helpcall.tablet_proc", "--room", "3", "--site", site, "--broker", str(mosquitto.url)]
    tablet = spawn(request, [*args, "--data-dir", str(tmp_path)])
    tablet.wait_for_event(lambda e: e["broker_connected"], "the tablet to connect")
    tablet.send("refuse-writes")
    tablet.wait_for_event(lambda e: e["event"] == "writes refused", "the limit")

    tablet.send("press now")

    pressed = tablet.wait_for_event(lambda e: e["event"] == "pressed", "the press")
    assert pressed["state"] == "unreachable"
    assert pressed["staff_problem"].startswith(PROBLEM)
    assert tablet.process.poll() is None


def test_a_tablet_killed_while_its_disk_is_frozen_has_already_called(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path, freezable_disk: FreezableDisk
) -> None:
    """What a watchdog does to a tablet stuck on a stalled SD card: the press went out before the
    disk, so the killed tablet's call is at the station, ringing, whatever the disk kept."""
    site = unique_site()
    station, station_seen = start_station(request, tmp_path / "station", mosquitto.url, site)
    args = ["-m", "tests.helpcall.tablet_proc", "--room", "3", "--site", site, "--broker", str(mosquitto.url)]
    tablet = spawn(request, [*args, "--data-dir", str(freezable_disk.mount / "data")])
    tablet.wait_for_event(lambda e: e["station_online"], "the tablet to hear the station")

    freezable_disk.freeze()
    try:
        tablet.send("press now")
        pressed = tablet.wait_for_event(lambda e: e["call_id"] is not None, "the press shown")  # not on disk
        station_seen.wait_for(
            lambda s: [c.id for c in s.calls] == [pressed["call_id"]], "the call, sent first"
        )
        tablet.process.send_signal(signal.SIGKILL)
    finally:
        freezable_disk.thaw()
    tablet.process.wait(timeout=30)

    assert [call.id for call in station.history()] == [pressed["call_id"]]
    assert [call.id for call in station.snapshot().calls] == [pressed["call_id"]], "still ringing"
