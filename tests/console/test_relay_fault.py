"""A room's nurse-call relay that does not confirm is a fault at a real console: on the room's tile, in
the faults that chime, and gone once the relay confirms. The patient's screen does not change."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config.deployment import Deployment, KioskSettings, RelaySettings
from kiosk.helpcall.states import PatientCallState
from kiosk.station.ringing import Sound
from kiosk.views.app import nurse_call_relay
from kiosk.wire.protocol import CallKind
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, console_tablet
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, unique_site
from tests.relay.devices import tasmota

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


def test_a_relay_that_never_confirms_is_a_fault_on_the_rooms_tile(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    device = tasmota(request, mosquitto.url, "12-relay", answers=False)
    console = make_console(mosquitto, site)
    tablet, seen = console_tablet(request, qtbot, tmp_path, mosquitto, site, "12")
    settings = RelaySettings(driver="mqtt").model_copy(
        update={"confirm_seconds": 0.5, "reassert_seconds": 0.5}
    )
    relay = nurse_call_relay(
        "12", mosquitto.url, Deployment(site=site, kiosk=KioskSettings(relay=settings)), tablet
    )
    assert relay is not None
    view = console.window.grid.views["12"]
    qtbot.waitUntil(lambda: view.tablet.text() == "online", timeout=WAIT_MS)

    with qtbot.waitSignal(console.alarm.sounded, timeout=WAIT_MS) as sounded:
        relay.start()
        request.addfinalizer(relay.stop)
    assert sounded.args == [Sound.OFFLINE]
    qtbot.waitUntil(lambda: view.tablet.text() == "relay fault", timeout=WAIT_MS)
    assert view.offline.isVisible()
    assert view.offline.text() == "The room's nurse-call relay does not confirm: check it"
    assert [fault.words for fault in console.alarm.state.faults] == [
        "Recovery 12: nurse-call relay does not confirm"
    ]
    assert "nurse-call relay does not confirm" in console.window.summary.text()

    pressed = tablet.press(CallKind.NOW)  # the patient's call is as ever; the fault stays on the tile
    qtbot.waitUntil(lambda: tablet.snapshot().state is PatientCallState.RECEIVED, timeout=WAIT_MS)
    assert tablet.snapshot().staff_problem is None and pressed.call_id
    assert view.tablet.text() == "relay fault"

    device.answering = True
    qtbot.waitUntil(lambda: view.tablet.text() == "online", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not console.alarm.state.faults, timeout=WAIT_MS)
    assert device.closed is True
    assert [s.state for s in seen.seen if s.state is PatientCallState.UNREACHABLE] == []
