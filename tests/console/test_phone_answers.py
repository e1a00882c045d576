"""A call answered from a phone, end to end: a real console pages a real Apprise receiver standing
in for the phones, the phone's button is pressed as the ntfy app presses it (an HTTP request to the
link in the page), and the patient's tablet says a nurse is on the way within a second."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config.deployment import AnswerSettings, EscalationTier, PhoneTarget
from kiosk.helpcall.states import PatientCallState
from kiosk.wire.broker import free_port
from kiosk.wire.protocol import CallKind
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, click, console_tablet
from tests.fixtures.broker import RunningBroker
from tests.fixtures.http_receiver import Receiver
from tests.helpcall.support import WAIT_S, unique_site

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


def press_button(url: str) -> tuple[int, str]:
    """What the ntfy app does for an `http` action: a POST to the button's URL, no body."""
    request = urllib.request.Request(url, data=b"", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=WAIT_S) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def on_my_way_url(receiver: Receiver, index: int = 0) -> str:
    """The "On my way" button's URL in an ntfy page, as the phone's app reads it."""
    headers = [headers for _path, headers, _body in receiver.posts.seen if "X-Actions" in headers][index]
    first = headers["X-Actions"].split("; ")[0]
    return first.split(", ")[2]


@pytest.fixture
def answers() -> AnswerSettings:
    port = free_port()
    return AnswerSettings(link=f"http://127.0.0.1:{port}", listen=f"127.0.0.1:{port}", desk_phone="+15550100")


def test_on_my_way_from_a_phone_reaches_the_tablet_and_every_console(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    receiver: Receiver,
    tmp_path: Path,
    answers: AnswerSettings,
) -> None:
    site = unique_site()
    phones = (
        PhoneTarget(
            name="charge", url=f"ntfy://127.0.0.1:{receiver.port}/charge", tags=["floor"], call_desk=True
        ),
        PhoneTarget(name="floor", url=f"json://127.0.0.1:{receiver.port}/floor", tags=["floor"]),
    )
    tiers = (EscalationTier(after_seconds=0, notify=["floor"]),)
    console = make_console(mosquitto, site, phones=phones, escalation=tiers, answers=answers)
    other = make_console(mosquitto, site, station_id="hall", phones=phones, escalation=tiers, escalate=False)
    tablet, seen = console_tablet(request, qtbot, tmp_path, mosquitto, site, "12")
    tablet.press(CallKind.NOW)
    qtbot.waitUntil(lambda: len(receiver.posts.seen) >= 2, timeout=WAIT_MS)
    button = on_my_way_url(receiver)

    pressed = time.monotonic()
    status, words = press_button(button)
    qtbot.waitUntil(lambda: tablet.snapshot().state is PatientCallState.ON_WAY, timeout=WAIT_MS)

    assert (status, words) == (200, "On the way: Recovery 12")
    assert time.monotonic() - pressed < 1.0, "the tablet must say it within a second of the phone's answer"
    for view in (console.window.grid.views["12"], other.window.grid.views["12"]):
        qtbot.waitUntil(
            lambda view=view: view.state.text() == "nurse on the way · said on phone charge", timeout=WAIT_MS
        )
    qtbot.waitUntil(
        lambda: any(path == "/floor" and b"Taken" in body for path, _h, body in receiver.posts.seen),
        timeout=WAIT_MS,
    )
    taken = [
        json.loads(body) for path, _h, body in receiver.posts.seen if path == "/floor" and b"Taken" in body
    ]
    assert taken[0]["title"] == "Taken · Recovery 12" and taken[0]["type"] == "success"
    assert "on phone charge" in taken[0]["message"]
    assert not any(b"Taken" in body for path, _h, body in receiver.posts.seen if path != "/floor"), (
        "the phone that took it is not told it is taken"
    )

    assert press_button(button)[0] == 409, "a replayed token answers nothing"
    forged = button.replace(button.split("/c/")[1].split("/")[0], "A" * 32)
    assert press_button(forged)[0] == 404, "a forged token answers nothing"
    floor_link = next(
        json.loads(body)["message"] for path, _h, body in receiver.posts.seen if path == "/floor"
    )
    floor_token_url = floor_link.split("Answer: ")[1] + "/on-my-way"
    click(qtbot, console.window.grid.views["12"].done_button)
    qtbot.waitUntil(lambda: not console.core.snapshot().calls, timeout=WAIT_MS)
    assert press_button(floor_token_url)[0] == 410, "a token for an ended call answers nothing"
    assert [snap.state for snap in seen.seen if snap.state is PatientCallState.ON_WAY], "the tablet showed it"


def test_a_port_already_taken_is_told_to_staff_and_the_console_goes_on(
    qtbot: QtBot, mosquitto: RunningBroker, make_console: ConsoleFactory, receiver: Receiver
) -> None:
    taken = socket.create_server(("127.0.0.1", 0))
    port = taken.getsockname()[1]
    answers = AnswerSettings(link=f"http://127.0.0.1:{port}", listen=f"127.0.0.1:{port}")
    phones = (PhoneTarget(name="charge", url=f"json://127.0.0.1:{receiver.port}/c", tags=["floor"]),)
    try:
        console = make_console(
            mosquitto,
            unique_site(),
            phones=phones,
            escalation=(EscalationTier(after_seconds=0, notify=["floor"]),),
            answers=answers,
        )
        words = f"Phones cannot answer their pages: this console cannot listen on 127.0.0.1:{port}"
        qtbot.waitUntil(lambda: words in console.window.banner.text(), timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: "phones paged from this console" in console.window.footer.text(), timeout=WAIT_MS
        )
    finally:
        taken.close()
