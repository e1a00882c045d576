"""The room's nurse-call relay over MQTT, against a real Mosquitto and scripted relays that follow
Tasmota's and Shelly's documented topics, wired to a real tablet and station as the kiosk wires them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.config.deployment import Deployment, KioskSettings, RelaySettings
from kiosk.helpcall.states import PatientCallState
from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.relay.runner import RelayRunner
from kiosk.views.app import nurse_call_relay
from kiosk.wire.protocol import CallKind, RelayFault
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import Recorder, start_station, start_tablet, unique_site, wait_until
from tests.relay.devices import shelly, tasmota, tasmota_answer

State = PatientCallState


def relay_settings(**changes: object) -> RelaySettings:
    """`[kiosk.relay]` for an MQTT relay; the times are shorter than a clinic may set, so tests are quick."""
    settings = RelaySettings(driver="mqtt")
    return settings.model_copy(update={"confirm_seconds": 0.5, "reassert_seconds": 0.3, **changes})


def wired_relay(
    request: pytest.FixtureRequest,
    tablet: TabletHelpCall,
    broker: RunningBroker,
    site: str,
    settings: RelaySettings,
) -> tuple[RelayRunner, Recorder[RelayFault | None]]:
    deployment = Deployment(site=site, kiosk=KioskSettings(room=tablet.room, relay=settings))
    relay = nurse_call_relay(tablet.room, broker.url, deployment, tablet)
    assert relay is not None
    faults: Recorder[RelayFault | None] = Recorder()
    relay.add_listener(faults)
    relay.start()
    request.addfinalizer(relay.stop)
    return relay, faults


def test_help_now_closes_the_relay_until_the_station_answers(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    device = tasmota(request, mosquitto.url, "12-relay")
    station, _ = start_station(request, tmp_path / "station", mosquitto.url, site)
    tablet, seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    relay, _faults = wired_relay(request, tablet, mosquitto, site, relay_settings())
    device.commands.wait_for(lambda closed: not closed, "the relay put open at start")

    pressed = tablet.press(CallKind.NOW)
    device.commands.wait_for(lambda closed: closed, "the relay closed on help now")
    seen.wait_for(lambda s: s.state is State.RECEIVED, "the station's receipt")
    # received is not answered: the room's nurse call keeps calling
    assert device.next_command(after=time.monotonic()) is True
    assert station.acknowledge(pressed.call_id or "")
    device.commands.wait_for(lambda closed: not closed, "the relay opened once a nurse is on the way")
    assert device.next_command(after=time.monotonic()) is False  # after its window was judged
    assert relay.fault is None


def test_the_relay_closes_with_no_station_at_all(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """The room's wired nurse call is the backup for when the station is down: the press alone closes it,
    and staff clearing the call at the bedside opens it."""
    site = unique_site()
    device = tasmota(request, mosquitto.url, "12-relay")
    tablet, seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    wired_relay(request, tablet, mosquitto, site, relay_settings())

    tablet.press(CallKind.NOW)
    device.commands.wait_for(lambda closed: closed, "the relay closed with nobody at the station")
    seen.wait_for(lambda s: s.state is State.UNREACHABLE, "the patient told to call out")
    tablet.clear_at_bedside()
    device.commands.wait_for(lambda closed: not closed, "the relay opened when cleared at the bedside")


@pytest.mark.parametrize("kinds", [["now"], ["now", "check"]])
def test_check_on_me_closes_the_relay_only_when_configured(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path, kinds: list[str]
) -> None:
    site = unique_site()
    device = tasmota(request, mosquitto.url, "12-relay")
    start_station(request, tmp_path / "station", mosquitto.url, site)
    tablet, seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    wired_relay(request, tablet, mosquitto, site, relay_settings(kinds=kinds))

    tablet.press(CallKind.CHECK)
    seen.wait_for(lambda s: s.state is State.RECEIVED, "the station's receipt")
    # The relay re-asserts its wanted state every 0.3 s: the next command after the receipt is the answer.
    assert device.next_command(after=time.monotonic()) is ("check" in kinds)


@pytest.mark.parametrize("status_updates", [True, False])
def test_a_shelly_gen2_relay_follows_the_call(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path, status_updates: bool
) -> None:
    """Confirmed by the switch's status, or with status updates off by the answer to Switch.Set alone."""
    site = unique_site()
    device = shelly(request, mosquitto.url, "12-relay", status_updates=status_updates)
    tablet, _seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    relay, faults = wired_relay(request, tablet, mosquitto, site, relay_settings(flavour="shelly"))

    tablet.press(CallKind.NOW)
    device.commands.wait_for(lambda closed: closed, "Switch.Set on")
    # The next command comes only once the first one's window has been judged.
    assert device.next_command(after=time.monotonic()) is True
    assert relay.fault is None and faults.seen == []
    tablet.clear_at_bedside()
    device.commands.wait_for(lambda closed: not closed, "Switch.Set off")


def test_a_relay_that_never_confirms_is_a_fault_until_it_does(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    device = tasmota(request, mosquitto.url, "12-relay", answers=False)
    tablet, _seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    _relay, faults = wired_relay(request, tablet, mosquitto, site, relay_settings())

    faults.wait_for(lambda fault: fault is RelayFault.NO_ANSWER, "a fault: the relay says nothing")
    device.answering = True
    faults.wait_for(lambda fault: fault is None, "the fault cleared once the relay confirms")


GARBAGE = [
    ("stat/12-relay/POWER1", b"on"),
    ("stat/12-relay/POWER1", b"ON "),
    ("stat/12-relay/POWER1", b"\xff\xfe"),
    ("stat/12-relay/RESULT", b"ON"),
    ("stat/12-relay/RESULT", b'{"POWER1": true}'),
    ("stat/12-relay/RESULT", b'{"POWER2": "ON"}'),
    ("stat/12-relay/RESULT", b'["POWER1", "ON"]'),
    ("stat/12-relay/RESULT", b'{"POWER1": "ON", "POWER": "ON"}'),
    ("stat/12-relay/RESULT", b"[" * 100_000),
    ("stat/12-relay/RESULT", b'{"POWER1": "ON", "pad": "' + b"x" * 5000 + b'"}'),
]
"""What a broken or hostile device might say instead of its state: none of it is a confirmation."""


def test_malformed_messages_from_the_relay_are_ignored(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    site = unique_site()
    device = tasmota(request, mosquitto.url, "12-relay")
    device.answer = lambda _closed: GARBAGE
    tablet, _seen = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    relay, faults = wired_relay(request, tablet, mosquitto, site, relay_settings())

    faults.wait_for(lambda fault: fault is RelayFault.NO_ANSWER, "a fault: nothing the relay said is a state")
    device.answer = tasmota_answer("12-relay")
    faults.wait_for(lambda fault: fault is None, "the relay confirmed by a proper answer, still running")
    tablet.press(CallKind.NOW)
    wait_until(
        lambda: device.closed is True and relay.fault is None, "closed and confirmed after the garbage"
    )


def test_a_call_that_waits_across_a_kiosk_restart_keeps_the_relay_closed(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> None:
    """The kiosk crashed with a call waiting: the restarted kiosk's first word to the relay is
    "closed", never an "open" that would cancel the room's wired call while the outbox is read.
    (The keeper's test pins the rule itself: no command before the tablet has read its outbox.)"""
    site = unique_site()
    device = tasmota(request, mosquitto.url, "12-relay")
    before, _ = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    before.press(CallKind.NOW)
    assert before.wait_written(5.0)
    before.stop()

    after, _ = start_tablet(request, tmp_path / "tablet", mosquitto.url, site, room="12")
    wired_relay(request, after, mosquitto, site, relay_settings())

    first = device.commands.wait_for(lambda _closed: True, "the relay's first command after the restart")
    assert first is True
    assert device.next_command(after=time.monotonic()) is True, "it stays closed while the call waits"
