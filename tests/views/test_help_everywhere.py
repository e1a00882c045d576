"""One tap on a help button calls, from every screen and every state, through the real help call to a real
station over a real Mosquitto; and the words the patient reads match content.yaml for every call state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.helpcall.tablet import TabletHelpCall
from kiosk.station.core import StationCore
from kiosk.views.assembly import Kiosk
from kiosk.wire.protocol import CallKind, StationPresence, Topics, encode
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import Recorder, probe, start_linked, unique_site

from .conftest import NIGHT, ContentFolder, FakeClock, KioskFactory, item, save_like_an_editor, tap, text_of

Setup = Callable[[Kiosk], None]


def taps(*names: str) -> Setup:
    def run(kiosk: Kiosk) -> None:
        for name in names:
            tap(kiosk, name)

    return run


def feelings(forward: int) -> Setup:
    return taps("tile_feelings", *["flow_next"] * forward)


@dataclass
class Line:
    """A room's tablet and the nurses' station on one site of a real broker."""

    tablet: TabletHelpCall
    tablet_seen: Recorder[Any]
    station: StationCore
    station_seen: Recorder[Any]
    request: pytest.FixtureRequest
    broker: RunningBroker
    site: str

    def replace_station_with_a_silent_one(self) -> None:
        """The real station goes; one that says it is online but never answers takes its place."""
        self.station.stop()
        topics = Topics(self.site)
        silent = probe(self.request, self.broker.url, topics.room("12", "call"))
        silent.publish(
            topics.station("mute", "presence"),
            encode(StationPresence(station="mute", online=True, rings=True, instance="0123abcd")),
            retain=True,
        )
        self.tablet_seen.wait_for(
            lambda snapshot: snapshot.station_online, "the tablet to hear the silent station"
        )

    def wait_for_calls(self, count: int, kind: CallKind) -> None:
        self.station_seen.wait_for(
            lambda snapshot: len(snapshot.calls) == count and snapshot.calls[-1].kind is kind,
            f"call {count} ({kind}) at the station",
        )


@pytest.fixture
def line(request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path) -> Line:
    site = unique_site()
    station, station_seen, tablet, seen = start_linked(request, mosquitto.url, tmp_path, site, timeout_s=2.0)
    return Line(tablet, seen, station, station_seen, request, mosquitto, site)


SCREENS: dict[str, Setup] = {
    "home": taps(),
    "what to expect": taps("tile_expect"),
    "after your infusion": taps("tile_after"),
    "free help": taps("tile_resources"),
    "feelings: kind words": feelings(0),
    "feelings: breathing": feelings(1),
    **{f"feelings: grounding {n + 1}": feelings(2 + n) for n in range(5)},
    "feelings: finished": feelings(7),
    "feelings: offer of help": feelings(8),
    "staff PIN pad open": taps(*["clinic_name"] * 5),
}


def test_one_tap_calls_from_every_screen(
    make_kiosk: KioskFactory, line: Line, clock: FakeClock, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(line.tablet)
    for number, (screen, setup) in enumerate(SCREENS.items(), start=1):
        kiosk.session.home()
        kiosk.staff.close()
        if kiosk.call.open and kiosk.call.expanded:
            tap(kiosk, "status_back")  # the patient puts the call's words aside and carries on
        setup(kiosk)
        clock.advance(3)
        kind = CallKind.NOW if number % 2 else CallKind.CHECK

        tap(kiosk, f"help_{kind.value}")

        line.wait_for_calls(number, kind)
        qtbot.waitUntil(lambda: kiosk.call.state == "received")
        assert kiosk.call.snapshot.kind is CallKind.NOW, f"{screen}: the most urgent open call shows"


def test_one_tap_calls_when_dimmed_idle_or_a_call_is_open(
    make_kiosk: KioskFactory, line: Line, clock: FakeClock, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(line.tablet)
    clock.moment = NIGHT
    kiosk.imagery.check_night()
    assert kiosk.imagery.night and kiosk.theme.color["background"] != "#1B2633"
    tap(kiosk, "tile_expect")

    tap(kiosk, "help_check")  # the first tap on the dimmed screen calls; it does not just wake it

    line.wait_for_calls(1, CallKind.CHECK)
    qtbot.waitUntil(lambda: kiosk.call.state == "received")
    clock.advance(3)
    tap(kiosk, "help_now")  # a call is open and its words fill the page: the other kind still calls
    line.wait_for_calls(2, CallKind.NOW)


def test_one_tap_calls_after_drifting_home_when_idle(
    make_kiosk: KioskFactory, line: Line, clock: FakeClock
) -> None:
    kiosk = make_kiosk(line.tablet)
    tap(kiosk, "tile_after")
    clock.advance(kiosk.words.content.schedule.return_home_after_seconds)
    kiosk.session.check_idle()
    assert kiosk.session.place.screen == "home" and kiosk.session.drifting

    tap(kiosk, "help_now")

    line.wait_for_calls(1, CallKind.NOW)


def test_one_tap_calls_with_a_content_error_and_during_a_reload(
    make_kiosk: KioskFactory, line: Line, clock: FakeClock, content_folder: ContentFolder, qtbot: QtBot
) -> None:
    content_folder.replace_line(content_folder.line_of("greeting:") + 1, '      en: "Hello')
    kiosk = make_kiosk(line.tablet)
    assert kiosk.watch.shown is not None and kiosk.watch.shown.check.errors
    tap(kiosk, "help_now")
    line.wait_for_calls(1, CallKind.NOW)

    save_like_an_editor(content_folder, '"Hello', "Welcome back")
    clock.advance(3)
    tap(kiosk, "help_check")  # the edit is noticed but not applied yet
    line.wait_for_calls(2, CallKind.CHECK)
    qtbot.waitUntil(
        lambda: kiosk.words.content.screens.home.greeting.in_language("en") == "Welcome back", timeout=5000
    )
    clock.advance(3)
    tap(kiosk, "help_now")  # just after the new words arrived
    line.wait_for_calls(3, CallKind.NOW)


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_call_state_shows_the_contents_words(
    make_kiosk: KioskFactory, line: Line, qtbot: QtBot, language: str
) -> None:
    kiosk = make_kiosk(line.tablet)
    if language == "es":
        tap(kiosk, "language")
    words = kiosk.words.content.help

    def shows(state: str) -> None:
        qtbot.waitUntil(lambda: kiosk.call.state == state)
        expected = getattr(words, state)
        assert text_of(kiosk, "status_title") == expected.title.in_language(language)
        assert text_of(kiosk, "status_detail") == expected.detail.in_language(language)

    tap(kiosk, "help_now")
    shows("received")
    call_id = kiosk.call.snapshot.call_id or ""
    line.station.acknowledge(call_id)
    shows("on_way")
    line.station.clear(call_id)
    shows("done")
    line.replace_station_with_a_silent_one()
    tap(kiosk, "help_check")
    shows("calling")
    shows("unreachable")


def test_a_lost_link_during_an_answered_call_is_shown_to_the_patient(
    qtbot: QtBot, make_kiosk: KioskFactory, line: Line
) -> None:
    kiosk = make_kiosk(line.tablet)
    tap(kiosk, "help_now")
    qtbot.waitUntil(lambda: kiosk.call.state == "received", timeout=10_000)
    assert not kiosk.call.connection_lost

    line.broker.kill()

    qtbot.waitUntil(lambda: kiosk.call.connection_lost, timeout=10_000)
    assert item(kiosk, "status_link_lost").isVisible()
    assert text_of(kiosk, "status_link_lost") == kiosk.words.content.help.connection_lost.in_language("en")
    assert kiosk.call.state == "received", "the nurses still have the call; only the link is gone"

    line.broker.start()

    qtbot.waitUntil(lambda: not kiosk.call.connection_lost, timeout=10_000)
