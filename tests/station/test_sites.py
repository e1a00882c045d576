"""`lantern sites`: every site on the broker, its stations and tablets online and its open calls, seen
by a view that takes no call (a room whose call no console has stays without a receipt)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.wire.protocol import CallKind, StationState, Topics
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import REPO, probe, start_linked, start_tablet, unique_site


def test_sites_shows_every_site_its_tablets_and_open_calls_and_takes_none(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    staffed, lonely = sorted([unique_site(), unique_site()])
    station, station_seen, tablet, seen = start_linked(request, mosquitto.url, tmp_path / "a", staffed)
    start_tablet(request, tmp_path / "a11", mosquitto.url, staffed, room="11")
    answered = tablet.press(CallKind.NOW).call_id
    station_seen.wait_for(lambda snapshot: any(c.id == answered for c in snapshot.calls), "the call to ring")
    assert answered is not None and station.acknowledge(answered)
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.ON_WAY, "on the way")
    alone, _ = start_tablet(request, tmp_path / "b", mosquitto.url, lonely, room="21")
    alone.press(CallKind.CHECK)
    statuses = probe(request, mosquitto.url, Topics(lonely).room("21", "status"))

    shown = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.cli",
            "sites",
            "--broker",
            str(mosquitto.url),
            "--once",
            "--listen",
            "3",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout

    staffed_block, lonely_block = shown.split(f"site {staffed}:")[1].split(f"site {lonely}:")
    assert "stations online: st1 (rings); tablets online: 2 of 2" in staffed_block
    assert _row(staffed_block, "11") == "11 online"
    assert _row(staffed_block, "12").startswith("12 online now: a nurse is on the way (0:")
    assert "stations online: NONE; tablets online: 1 of 1" in lonely_block
    assert _row(lonely_block, "21").startswith("21 online check: calling, no console has it yet (0:")
    assert statuses.messages.seen == []
    assert alone.snapshot().state in {PatientCallState.CALLING, PatientCallState.UNREACHABLE}
    assert [call.state for call in station.snapshot().calls] == [StationState.ON_WAY]


def _row(block: str, room: str) -> str:
    return next(" ".join(line.split()) for line in block.splitlines() if line.strip().startswith(f"{room} "))
