"""A speech engine that hangs can never freeze the kiosk: a real speech-dispatcher (espeak-ng into a
null sink), stopped with SIGSTOP before the kiosk starts and while it speaks. The kiosk still shows,
a help tap still reaches a real station within a second, and its heartbeats never stop."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.station.core import StationSnapshot
from kiosk.views.assembly import Kiosk
from kiosk.wire.liveness import Liveness
from kiosk.wire.protocol import CallKind, Topics
from tests.fixtures.audio import SpeechDaemon
from tests.fixtures.audio import speech_daemon as speech_daemon
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import MqttProbe, Recorder, probe, start_station, start_tablet, unique_site

from .conftest import KioskFactory, tap

HEARTBEAT_GAP_S = 1.0
"""FAST heartbeats come every 0.2 s; a gap this long means the kiosk's loop stood still."""


class Heartbeats:
    """When each of room 12's heartbeats arrived (monotonic), heard by a plain MQTT client."""

    def __init__(self, listener: MqttProbe) -> None:
        self.listener = listener

    def times(self) -> list[float]:
        return list(self.listener.arrivals)

    def longest_gap(self, since: float) -> float:
        times = [moment for moment in self.times() if moment >= since] + [time.monotonic()]
        return max((later - earlier for earlier, later in itertools.pairwise(times)), default=0.0)


@dataclass
class Bedside:
    """A real station, a heartbeat listener and a kiosk whose speech goes to a real speech-dispatcher."""

    request: pytest.FixtureRequest
    make_kiosk: KioskFactory
    mosquitto: RunningBroker
    folder: Path
    site: str
    station_seen: Recorder[StationSnapshot]
    heartbeats: Heartbeats
    speech: SpeechDaemon
    liveness: Liveness = field(default_factory=Liveness)

    def kiosk(self) -> Kiosk:
        tablet, _ = start_tablet(
            self.request,
            self.folder / "tablet",
            self.mosquitto.url,
            self.site,
            timeout_s=5,
            liveness=self.liveness,
        )
        return self.make_kiosk(tablet, liveness=self.liveness)

    def tap_help_reaches_the_station_within_a_second(self, kiosk: Kiosk, qtbot: QtBot) -> None:
        tapped = time.monotonic()
        tap(kiosk, "help_now")
        qtbot.waitUntil(
            lambda: any(call.kind is CallKind.NOW for call in self.station_seen.seen[-1].calls),
            timeout=10_000,
        )
        assert time.monotonic() - tapped < 1.0

    def heartbeats_go_on(self, qtbot: QtBot, since: float) -> None:
        counted = len(self.heartbeats.times())
        qtbot.waitUntil(lambda: len(self.heartbeats.times()) >= counted + 10, timeout=10_000)
        assert self.heartbeats.longest_gap(since) < HEARTBEAT_GAP_S


@pytest.fixture
def bedside(
    request: pytest.FixtureRequest,
    make_kiosk: KioskFactory,
    mosquitto: RunningBroker,
    tmp_path: Path,
    speech_daemon: SpeechDaemon,
    monkeypatch: pytest.MonkeyPatch,
) -> Bedside:
    site = unique_site()
    _, station_seen = start_station(
        request, tmp_path / "station", mosquitto.url, site, rooms=frozenset({"12"})
    )
    listener = probe(request, mosquitto.url, Topics(site).room("12", "heartbeat"))
    for name, value in speech_daemon.env.items():
        monkeypatch.setenv(name, value)
    return Bedside(
        request, make_kiosk, mosquitto, tmp_path, site, station_seen, Heartbeats(listener), speech_daemon
    )


def test_a_speech_daemon_hung_before_the_kiosk_starts(bedside: Bedside, qtbot: QtBot) -> None:
    bedside.speech.freeze()

    started = time.monotonic()
    kiosk = bedside.kiosk()
    frame = kiosk.window.grabWindow()

    assert time.monotonic() - started < 2.0, "the first frame waited for speech"
    assert (
        len({frame.pixel(x, y) for x in range(0, frame.width(), 37) for y in range(0, frame.height(), 23)})
        > 8
    )
    assert not kiosk.speech.present
    qtbot.waitUntil(lambda: len(bedside.heartbeats.times()) >= 5, timeout=10_000)
    bedside.tap_help_reaches_the_station_within_a_second(kiosk, qtbot)
    bedside.heartbeats_go_on(qtbot, started)


def test_a_speech_daemon_that_hangs_while_it_speaks(bedside: Bedside, qtbot: QtBot) -> None:
    kiosk = bedside.kiosk()
    qtbot.waitUntil(lambda: bool(kiosk.speech.present), timeout=10_000)
    tap(kiosk, "tile_expect")
    tap(kiosk, "read_aloud")
    qtbot.waitUntil(lambda: bool(kiosk.speech.speaking), timeout=10_000)
    frozen = time.monotonic()

    bedside.speech.freeze()
    tap(kiosk, "language")  # stops the reading: the helper now waits on the hung daemon

    assert not kiosk.speech.speaking, '"Stop reading" must not stay up for speech that no longer plays'
    bedside.tap_help_reaches_the_station_within_a_second(kiosk, qtbot)
    bedside.heartbeats_go_on(qtbot, frozen)
