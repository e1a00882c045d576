"""Several brokers in the settings: when the one in use dies or freezes mid-run, a call still rings.

Two real Mosquittos stand in for two nodes of a cluster; the tablet and the console start on the
first, which is then killed (SIGKILL: the connection drops) or frozen (SIGSTOP: TCP still accepts,
the broker says nothing, as a hung node does). Keepalive and connect timeout are the protocol's own
(Timing's defaults), so the figure printed is the real one; only heartbeats are fast.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.wire.protocol import CallKind
from kiosk.wire.timing import DEFAULT_TIMING
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, start_station, start_tablet, unique_site

GOAL_S = 10.0
TIMING = replace(
    FAST,
    keepalive_s=DEFAULT_TIMING.keepalive_s,
    reconnect_max_s=DEFAULT_TIMING.reconnect_max_s,
)


@pytest.mark.parametrize("fault", ["kill", "freeze"])
def test_a_call_rings_within_10_s_of_the_broker_in_use_dying_or_freezing(
    request: pytest.FixtureRequest,
    mosquitto_factory: Callable[..., RunningBroker],
    tmp_path: Path,
    fault: str,
) -> None:
    first, second = mosquitto_factory(), mosquitto_factory()
    brokers = (first.url, second.url)
    site = unique_site()
    station, station_seen = start_station(request, tmp_path / "station", brokers, site, timing=TIMING)
    tablet, seen = start_tablet(request, tmp_path / "tablet", brokers, site, timing=TIMING, timeout_s=GOAL_S)
    seen.wait_for(
        lambda snapshot: snapshot.station_online, "the tablet to hear the station on the first broker"
    )

    faulted = time.monotonic()
    first.kill() if fault == "kill" else first.freeze()
    call_id = tablet.press(CallKind.NOW).call_id

    station_seen.wait_for(
        lambda snapshot: any(call.id == call_id and call.ringing for call in snapshot.calls),
        "the call to ring at the console after the fault",
        timeout=GOAL_S,
    )
    rang_after = time.monotonic() - faulted
    seen.wait_for(
        lambda snapshot: snapshot.call_id == call_id and snapshot.state is PatientCallState.RECEIVED,
        "the patient to be told the nurses have the call",
        timeout=GOAL_S,
    )
    print(f"\n{fault}: the call rang {rang_after:.2f} s after the fault, on {station._transport.broker}")
    assert rang_after < GOAL_S
    assert station._transport.broker == second.url == tablet._transport.broker


def test_a_nurse_on_the_way_said_while_the_broker_is_frozen_reaches_the_patient_after_failover(
    request: pytest.FixtureRequest, mosquitto_factory: Callable[..., RunningBroker], tmp_path: Path
) -> None:
    """The status goes into a link that still looks alive; it is sent again on the next broker."""
    first, second = mosquitto_factory(), mosquitto_factory()
    brokers = (first.url, second.url)
    site = unique_site()
    station, _ = start_station(request, tmp_path / "station", brokers, site, timing=TIMING)
    tablet, seen = start_tablet(request, tmp_path / "tablet", brokers, site, timing=TIMING, timeout_s=GOAL_S)
    seen.wait_for(lambda snapshot: snapshot.station_online, "the tablet to hear the station")
    call_id = tablet.press(CallKind.NOW).call_id
    seen.wait_for(lambda snapshot: snapshot.state is PatientCallState.RECEIVED, "the receipt")

    first.freeze()
    faulted = time.monotonic()
    assert call_id is not None and station.acknowledge(call_id)

    seen.wait_for(
        lambda snapshot: snapshot.state is PatientCallState.ON_WAY,
        "the patient to hear a nurse is on the way",
    )
    print(f"\nfreeze: 'on the way' reached the tablet {time.monotonic() - faulted:.2f} s after the fault")
    assert time.monotonic() - faulted < GOAL_S
