"""The wall clock stepped back an hour and forward two (libfaketime, in a real tablet process): no
press is dropped, the receipt timeout is still its few seconds, and the most urgent call shows even
when the clock says an older call is newer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.wire.protocol import CallKind
from tests.fixtures.brokers import Broker, broker_option
from tests.helpcall.support import Child, alarm_of, spawn, start_station, unique_site

TIMEOUT_S = 1.0


def faketime_library() -> str:
    found = sorted(Path("/usr/lib").glob("*/faketime/libfaketimeMT.so.1"))
    if not found:
        pytest.fail("this test needs libfaketime: apt-get install faketime")
    return str(found[0])


class SteppedTablet:
    """tests/helpcall/tablet_proc.py whose wall clock the test steps by writing libfaketime's file."""

    def __init__(self, request: pytest.FixtureRequest, broker: Broker, site: str, folder: Path) -> None:
        self._offset = folder / "faketime"
        self._offset.write_text("+0\n")
        env = {
            "LD_PRELOAD": faketime_library(),
            "FAKETIME_TIMESTAMP_FILE": str(self._offset),
            "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        }
        args = [
            "-m",
            "tests.helpcall.tablet_proc",
            "--room",
            "12",
            "--site",
            site,
            "--broker",
            broker_option(broker),
        ]
        args += ["--data-dir", str(folder / "tablet"), "--timeout", str(TIMEOUT_S)]
        self.child: Child = spawn(request, args, env=env)

    def step(self, offset: str) -> None:
        self._offset.write_text(f"{offset}\n")

    def press(self, kind: CallKind) -> dict[str, object]:
        self.child.send(f"press {kind.value}")
        return self.child.wait_for_event(lambda e: e["event"] == "pressed", f"the {kind} press")


def test_steps_of_the_wall_clock_change_nothing_a_patient_sees(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    station, station_seen = start_station(
        request, tmp_path / "station", broker.address, site, rooms=frozenset({"12"})
    )
    tablet = SteppedTablet(request, broker, site, tmp_path)
    tablet.child.wait_for_event(lambda e: e["station_online"], "the tablet to hear the station")
    check = tablet.press(CallKind.CHECK)

    def receipt(event: dict[str, Any]) -> bool:
        return bool(event["state"] == "received" and event["call_id"] == check["call_id"])

    # a quick station's receipt can be printed before the press is (two threads print)
    printed = [json.loads(line) for line in tablet.child.lines.seen if line.startswith("{")]
    if not any(receipt(event) for event in printed):
        tablet.child.wait_for_event(receipt, "the receipt")

    alarm_of(station).hold()
    tablet.step("-1h")
    urgent = tablet.press(CallKind.NOW)
    assert (urgent["kind"], urgent["state"]) == ("now", "calling"), (
        "the unanswered help-now shows, not the older call"
    )
    out = tablet.child.wait_for_event(
        lambda e: e["state"] == "unreachable", "call out after the receipt timeout"
    )
    assert out["call_id"] == urgent["call_id"]
    assert float(out["t"]) - float(urgent["t"]) < TIMEOUT_S + 1.0, "the timeout stretched with the clock"

    more = [tablet.press(CallKind.CHECK) for _ in range(3)]
    tablet.step("+1h")
    more.append(tablet.press(CallKind.CHECK))
    pressed = {check["call_id"], urgent["call_id"], *(event["call_id"] for event in more)}
    station_seen.wait_for(lambda s: {call.id for call in s.calls} == pressed, "every press at the station")
    assert tablet.child.process.poll() is None
    assert (more[-1]["kind"], more[-1]["state"]) == ("now", "unreachable"), "no state outlived its timeout"

    alarm_of(station).release()
    tablet.child.wait_for_event(
        lambda e: e["state"] == "received" and e["call_id"] == urgent["call_id"], "the help-now's receipt"
    )
