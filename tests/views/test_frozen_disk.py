"""A stalled disk at the moment of a press (the data folder frozen with fsfreeze on a real file
system): the patient sees the press at once, is told to call out while it stays unstored and
unanswered, and the call is on disk after the thaw, once; the station's receipt still counts."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.helpcall.states import STORE_GRACE_S, PatientCallState
from tests.fixtures.broker import RunningBroker
from tests.fixtures.frozen_disk import FreezableDisk
from tests.fixtures.frozen_disk import freezable_disk as freezable_disk
from tests.helpcall.support import WAIT_S, alarm_of, start_station, start_tablet, unique_site

from .conftest import KioskFactory, tap, text_of


def test_a_press_on_a_frozen_disk(
    request: object,
    make_kiosk: KioskFactory,
    mosquitto: RunningBroker,
    tmp_path: Path,
    freezable_disk: FreezableDisk,
    qtbot: QtBot,
) -> None:
    site = unique_site()
    station, station_seen = start_station(request, tmp_path / "station", mosquitto.url, site)  # type: ignore[arg-type]
    tablet, seen = start_tablet(request, freezable_disk.mount / "data", mosquitto.url, site, timeout_s=30)  # type: ignore[arg-type]
    kiosk = make_kiosk(tablet)
    seen.wait_for(lambda s: s.station_online, "the tablet to hear the station")
    alarm_of(station).hold()  # the console is there, but no alarm has rung this call yet

    freezable_disk.freeze()
    try:
        tapped = time.monotonic()
        tap(kiosk, "help_now")
        assert time.monotonic() - tapped < 0.5, "the tap waited for the disk"
        qtbot.waitUntil(lambda: kiosk.call.state == "calling", timeout=1000)
        assert text_of(kiosk, "status_title") == kiosk.words.content.help.calling.title.in_language("en")
        station_seen.wait_for(lambda s: len(s.calls) == 1, "the call at the station, sent without the disk")
        out = seen.wait_for(
            lambda s: s.state is PatientCallState.UNREACHABLE, "call out: not stored, not answered"
        )
        assert STORE_GRACE_S - 0.2 < out.since - tapped < STORE_GRACE_S + 1.5
        assert out.staff_problem is not None and "still not on disk" in out.staff_problem
        qtbot.waitUntil(lambda: kiosk.call.state == "unreachable", timeout=2000)
    finally:
        freezable_disk.thaw()

    assert tablet.wait_written(WAIT_S)
    alarm_of(station).release()
    received = seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the receipt once it rings")
    assert received.staff_problem is None
    with sqlite3.connect(tablet.outbox_path) as outbox:
        assert outbox.execute("SELECT id FROM calls").fetchall() == [(received.call_id,)]
    assert [call.id for call in station.history()] == [received.call_id]
