"""A speech engine that hangs can never freeze the kiosk: a real speech-dispatcher (espeak-ng into a
null sink), stopped with SIGSTOP before the kiosk starts and while it speaks. The kiosk still shows,
a help tap still reaches a real station within a second, and its heartbeats never stop."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.views.assembly import Kiosk
from kiosk.wire.liveness import Liveness
from kiosk.wire.protocol import CallKind, Topics
from tests.fixtures.audio import SpeechDaemon
from tests.fixtures.audio import speech_daemon as speech_daemon
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import FAST, MqttProbe, Recorder, probe, start_station, start_tablet, unique_site

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


@pytest.fixture
def line(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path
) -> Iterator[tuple[str, Recorder, Heartbeats, Liveness]]:
    site = unique_site()
    _station, station_seen = start_station(
        request, tmp_path / "station", mosquitto.url, site, rooms=frozenset({"12"})
    )
    listener = probe(request, mosquitto.url, Topics(site).room("12", "heartbeat"))
    liveness = Liveness()
    yield site, station_seen, Heartbeats(listener), liveness


def kiosk_for(
    request: pytest.FixtureRequest,
    make_kiosk: KioskFactory,
    mosquitto: RunningBroker,
    tmp_path: Path,
    site: str,
    liveness: Liveness,
) -> Kiosk:
    tablet, _seen = start_tablet(
        request, tmp_path / "tablet", mosquitto.url, site, timeout_s=5, liveness=liveness
    )
    return make_kiosk(tablet, liveness=liveness)


def assert_a_tap_reaches_the_station_within_a_second(
    kiosk: Kiosk, station_seen: Recorder, qtbot: QtBot
) -> None:
    tapped = time.monotonic()
    tap(kiosk, "help_now")
    qtbot.waitUntil(
        lambda: any(call.kind is CallKind.NOW for call in station_seen.seen[-1].calls),
        timeout=int(FAST.silence_s * 10_000),
    )
    assert time.monotonic() - tapped < 1.0


def test_a_speech_daemon_hung_before_the_kiosk_starts(
    request: pytest.FixtureRequest,
    make_kiosk: KioskFactory,
    mosquitto: RunningBroker,
    tmp_path: Path,
    speech_daemon: SpeechDaemon,
    line: tuple[str, Recorder, Heartbeats, Liveness],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site, station_seen, heartbeats, liveness = line
    for name, value in speech_daemon.env.items():
        monkeypatch.setenv(name, value)
    speech_daemon.freeze()

    started = time.monotonic()
    kiosk = kiosk_for(request, make_kiosk, mosquitto, tmp_path, site, liveness)
    frame = kiosk.window.grabWindow()

    assert time.monotonic() - started < 2.0, "the first frame waited for speech"
    assert (
        len({frame.pixel(x, y) for x in range(0, frame.width(), 37) for y in range(0, frame.height(), 23)})
        > 8
    )
    assert not kiosk.speech.present
    qtbot.waitUntil(lambda: len(heartbeats.times()) >= 5, timeout=10_000)
    assert_a_tap_reaches_the_station_within_a_second(kiosk, station_seen, qtbot)
    counted = len(heartbeats.times())
    qtbot.waitUntil(lambda: len(heartbeats.times()) >= counted + 10, timeout=10_000)
    assert heartbeats.longest_gap(started) < HEARTBEAT_GAP_S


def test_a_speech_daemon_that_hangs_while_it_speaks(
    request: pytest.FixtureRequest,
    make_kiosk: KioskFactory,
    mosquitto: RunningBroker,
    tmp_path: Path,
    speech_daemon: SpeechDaemon,
    line: tuple[str, Recorder, Heartbeats, Liveness],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site, station_seen, heartbeats, liveness = line
    for name, value in speech_daemon.env.items():
        monkeypatch.setenv(name, value)
    kiosk = kiosk_for(request, make_kiosk, mosquitto, tmp_path, site, liveness)
    qtbot.waitUntil(lambda: bool(kiosk.speech.present), timeout=10_000)
    tap(kiosk, "tile_expect")
    tap(kiosk, "read_aloud")
    qtbot.waitUntil(lambda: bool(kiosk.speech.speaking), timeout=10_000)
    frozen = time.monotonic()

    speech_daemon.freeze()
    tap(kiosk, "language")  # stops the reading: the helper now waits on the hung daemon

    assert not kiosk.speech.speaking, '"Stop reading" must not stay up for speech that no longer plays'
    assert_a_tap_reaches_the_station_within_a_second(kiosk, station_seen, qtbot)
    counted = len(heartbeats.times())
    qtbot.waitUntil(lambda: len(heartbeats.times()) >= counted + 10, timeout=10_000)
    assert heartbeats.longest_gap(frozen) < HEARTBEAT_GAP_S
