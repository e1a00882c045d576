"""Supervision at the console: tablets that go quiet or die, a lost broker, phones that fail, no sound."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config.deployment import EscalationTier, PhoneTarget
from kiosk.console.window import LOST_BROKER
from kiosk.station.ringing import Sound
from kiosk.wire.broker import free_port
from kiosk.wire.protocol import Topics
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory
from tests.fixtures.broker import RunningBroker
from tests.fixtures.http_receiver import Receiver
from tests.helpcall.support import WAIT_S, call_json, mosquitto_pub, spawn, unique_site

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


def test_a_killed_tablet_shows_offline_and_chimes(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site)
    args = ["-m", "tests.helpcall.tablet_proc", "--room", "12", "--site", site]
    child = spawn(request, [*args, "--broker", str(mosquitto.url), "--data-dir", str(tmp_path / "tablet")])
    view = console.window.grid.views["12"]
    qtbot.waitUntil(lambda: view.tablet.text() == "online", timeout=WAIT_MS)

    with qtbot.waitSignal(console.alarm.sounded, timeout=WAIT_MS) as sounded:
        child.kill()
    assert sounded.args == [Sound.OFFLINE]
    qtbot.waitUntil(lambda: view.tablet.text().startswith("offline "), timeout=WAIT_MS)
    assert view.offline.isVisible() and view.offline.text() == "Tablet offline: this room cannot call"


def test_a_tablet_that_falls_silent_shows_offline_after_the_silence(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    site = unique_site()
    topics = Topics(site)
    console = make_console(mosquitto, site)
    view = console.window.grid.views["11"]
    mosquitto_pub(
        mosquitto, topics.room("11", "heartbeat"), "-m", json.dumps({"v": 1, "room": "11", "online": True})
    )
    qtbot.waitUntil(lambda: view.tablet.text() == "online", timeout=WAIT_MS)
    heard = time.monotonic()

    with qtbot.waitSignal(console.alarm.sounded, timeout=WAIT_MS) as sounded:
        pass
    assert sounded.args == [Sound.OFFLINE]
    qtbot.waitUntil(lambda: view.tablet.text().startswith("offline "), timeout=WAIT_MS)
    assert time.monotonic() - heard >= 0.9  # FAST timing: silent for 1 s means offline


def test_a_lost_broker_is_shown_at_once_and_chimes(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    console = make_console(mosquitto, unique_site())
    banner = console.window.banner
    assert not banner.isVisible()

    with qtbot.waitSignal(console.alarm.sounded, timeout=WAIT_MS) as sounded:
        mosquitto.kill()

    assert sounded.args == [Sound.OFFLINE]
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert banner.text().splitlines() == [
        LOST_BROKER,
        f"Lost the connection to the broker at {mosquitto.url}; reconnecting.",
    ]
    mosquitto.restart()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)


def test_an_unanswered_call_goes_to_the_phones_and_a_failed_page_shows(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, receiver: Receiver
) -> None:
    site = unique_site()
    dead = free_port()
    phones = (
        PhoneTarget(name="charge", url=f"ntfy://127.0.0.1:{receiver.port}/charge", tags=["charge"]),
        PhoneTarget(name="floor", url=f"json://nurse:secret@127.0.0.1:{dead}/floor", tags=["everyone"]),
    )
    tiers = (
        EscalationTier(after_seconds=0, notify=["charge"]),
        EscalationTier(after_seconds=1, notify=["everyone"]),
    )
    console = make_console(mosquitto, site, phones=phones, escalation=tiers)
    qtbot.waitUntil(lambda: "phones paged from this console" in console.window.footer.text(), timeout=WAIT_MS)

    mosquitto_pub(mosquitto, Topics(site).room("12", "call"), "-m", call_json(str(uuid.uuid4()), kind="now"))

    qtbot.waitUntil(lambda: bool(receiver.posts.seen), timeout=WAIT_MS)
    _, headers, body = receiver.posts.seen[0]
    assert headers["X-Priority"] == "max"
    assert json.loads(body)["title"] == "HELP NOW · Recovery 12"
    problem = f"Pages to floor (json://127.0.0.1:{dead}) fail (Recovery 12); Lantern keeps trying."
    qtbot.waitUntil(lambda: problem in console.window.banner.text(), timeout=WAIT_MS)
    assert "secret" not in console.window.banner.text()


def test_two_consoles_that_may_page_send_each_page_once_and_say_which_one_pages(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, receiver: Receiver
) -> None:
    site = unique_site()
    phones = (PhoneTarget(name="charge", url=f"json://127.0.0.1:{receiver.port}/charge", tags=["charge"]),)
    tiers = (EscalationTier(after_seconds=0, notify=["charge"]),)
    desk = make_console(mosquitto, site, station_id="desk", phones=phones, escalation=tiers)
    hall = make_console(mosquitto, site, station_id="hall", phones=phones, escalation=tiers)
    qtbot.waitUntil(lambda: desk.core.snapshot().pager is not None, timeout=WAIT_MS)
    pager = desk.core.snapshot().pager
    qtbot.waitUntil(lambda: hall.core.snapshot().pager == pager, timeout=WAIT_MS)
    paging, other = (desk, hall) if pager == "desk" else (hall, desk)
    qtbot.waitUntil(lambda: "phones paged from this console" in paging.window.footer.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: f"phones paged from {pager}" in other.window.footer.text(), timeout=WAIT_MS)

    mosquitto_pub(mosquitto, Topics(site).room("12", "call"), "-m", call_json(str(uuid.uuid4()), kind="now"))
    qtbot.waitUntil(lambda: other.alarm.state.ringing, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(receiver.posts.seen), timeout=WAIT_MS)
    marker = call_json(str(uuid.uuid4()), room="14", kind="check")
    mosquitto_pub(mosquitto, Topics(site).room("14", "call"), "-m", marker)
    qtbot.waitUntil(lambda: len(receiver.posts.seen) >= 2, timeout=WAIT_MS)

    titles = [json.loads(body)["title"] for _path, _headers, body in receiver.posts.seen]
    assert sorted(titles) == ["Check on me · Room 14", "HELP NOW · Recovery 12"], titles


def test_staff_are_warned_when_no_console_may_page_the_phones(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, receiver: Receiver
) -> None:
    site = unique_site()
    phones = (PhoneTarget(name="charge", url=f"json://127.0.0.1:{receiver.port}/charge", tags=["charge"]),)
    tiers = (EscalationTier(after_seconds=0, notify=["charge"]),)

    console = make_console(mosquitto, site, phones=phones, escalation=tiers, escalate=False)

    qtbot.waitUntil(lambda: "No console can page phones now" in console.window.banner.text(), timeout=WAIT_MS)
    assert "phones" not in console.window.footer.text()


@pytest.mark.qt_log_ignore(".*")  # Qt's own words about the missing files; the console's are asserted
def test_without_sound_the_call_still_shows_and_staff_are_told(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, tmp_path: Path
) -> None:
    site = unique_site()
    console = make_console(mosquitto, site, sounds=tmp_path / "no-sounds")
    qtbot.waitUntil(lambda: console.player.problem is not None, timeout=WAIT_MS)

    mosquitto_pub(
        mosquitto, Topics(site).room("12", "call"), "-m", call_json(str(uuid.uuid4()), kind="check")
    )

    view = console.window.grid.views["12"]
    qtbot.waitUntil(lambda: view.kind.text() == "Check on me", timeout=WAIT_MS)
    assert console.alarm.state.ringing
    assert console.window.banner.text() == (
        "The console cannot play its alarm sound: check the speaker. Calls still show on screen."
    )


def test_the_real_sounds_load_on_the_null_sink(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory
) -> None:
    console = make_console(mosquitto, unique_site())

    qtbot.waitUntil(lambda: console.player.ready, timeout=WAIT_MS)
    assert console.player.problem is None
    assert "sound on" in console.window.footer.text()
