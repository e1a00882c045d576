"""The kiosk takes its room, broker and timeout from lantern.toml; broken settings never mean a silent call."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.deployment import Deployment
from kiosk.helpcall.states import HelpCallSnapshot, PatientCallState
from kiosk.views import app
from kiosk.wire.liveness import Liveness
from kiosk.wire.protocol import CallKind
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import Recorder, start_station

REPO = Path(__file__).resolve().parents[2]


def test_broken_settings_make_every_press_say_call_out(tmp_path: Path) -> None:
    broken = tmp_path / "lantern.toml"
    broken.write_text((REPO / "deploy" / "lantern.toml").read_text().replace("[kiosk]", "[kiosck]"))

    deployment, problem = app._deployment(broken)
    service, _broker = app._help_call("12", tmp_path, None, deployment, problem, Liveness())
    snapshot = service.press(CallKind.NOW)

    assert deployment == Deployment()
    assert snapshot.state is PatientCallState.UNREACHABLE
    assert snapshot.staff_problem is not None
    assert "The settings file cannot be used" in snapshot.staff_problem
    assert "'kiosck' is not a setting" in snapshot.staff_problem


def test_settings_give_the_help_call_its_site(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> None:
    settings = tmp_path / "lantern.toml"
    settings.write_text('site = "east"\n[kiosk]\nroom = "7"\nreceipt_timeout_seconds = 4\n')
    start_station(request, tmp_path / "station", mosquitto.url, "east")

    deployment, problem = app._deployment(settings)
    service, _broker = app._help_call(
        "7", tmp_path / "tablet", mosquitto.url, deployment, problem, Liveness()
    )
    states: Recorder[HelpCallSnapshot] = Recorder()
    service.add_listener(states)
    service.start()
    request.addfinalizer(service.stop)
    states.wait_for(lambda snapshot: snapshot.station_online, "the station on site 'east' to be seen")
    service.press(CallKind.CHECK)

    assert problem is None
    states.wait_for(
        lambda snapshot: snapshot.state is PatientCallState.RECEIVED, "the east station's receipt"
    )
