"""The pager against real Apprise and local HTTP receivers standing in for the phones, on a real
Mosquitto, with a real station core and SQLite ledger: parallel phones, retries, no second page after
a restart, no page for a call answered meanwhile, and pages that say the right thing."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kiosk.config.deployment import AnswerSettings, EscalationTier, PhoneTarget
from kiosk.paging.answers import CallView
from kiosk.paging.pager import RETRY_S, PhonePager
from kiosk.station.core import StationSnapshot
from kiosk.wire.protocol import StationState, Topics
from tests.fixtures.broker import RunningBroker
from tests.fixtures.frozen_disk import FreezableDisk
from tests.fixtures.frozen_disk import freezable_disk as freezable_disk
from tests.fixtures.http_receiver import Receiver
from tests.fixtures.http_receiver import receiver as receiver
from tests.helpcall.support import WAIT_S, call_json, mosquitto_pub, unique_site, wait_until
from tests.paging.rig import PagingStation, deployment

NOW_TIER = (EscalationTier(after_seconds=0, notify=["floor"]),)


def phone(receiver: Receiver, name: str, scheme: str = "json", **fields: object) -> PhoneTarget:
    return PhoneTarget.model_validate(
        {"name": name, "url": f"{scheme}://127.0.0.1:{receiver.port}/{name}", "tags": ["floor"], **fields}
    )


def start(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    broker: RunningBroker,
    site: str,
    *phones: PhoneTarget,
    **kw: object,
) -> PagingStation:
    station = PagingStation.start(
        deployment(site, "desk", phones, NOW_TIER, **kw), tmp_path / "desk", broker.url
    )  # type: ignore[arg-type]
    request.addfinalizer(station.stop)
    wait_until(lambda: station.core.snapshot().pager == "desk", "the console takes the pager lease")
    return station


def press(broker: RunningBroker, site: str, room: str, kind: str = "now") -> str:
    call_id = str(uuid.uuid4())
    mosquitto_pub(broker, Topics(site).room(room, "call"), "-m", call_json(call_id, room=room, kind=kind))
    return call_id


def posts_to(receiver: Receiver, path: str) -> list[dict[str, object]]:
    return [json.loads(body) for where, _headers, body in receiver.posts.seen if where == path]


def test_a_call_heard_while_the_pager_looks_is_paged(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """News that comes while the pager's thread is busy is not slept through. The pager's thread is
    held just after a look found nothing more due for room 1's call, room 2 rings meanwhile, and room 2 must be paged (it
    once waited for the next change of the station's snapshot, which may never come)."""
    site = unique_site()
    looked, go = threading.Event(), threading.Event()
    look = PhonePager._look

    def held_look(pager: PhonePager, snapshot: StationSnapshot, now: float) -> float | None:
        due = look(pager, snapshot, now)
        if snapshot.calls and due is None and not go.is_set():
            looked.set()
            go.wait(WAIT_S)
        return due

    monkeypatch.setattr(PhonePager, "_look", held_look)
    station = start(request, tmp_path, mosquitto, site, phone(receiver, "floor"))
    press(mosquitto, site, "1")
    wait_until(looked.is_set, "the pager looks at room 1's call")
    wait_until(lambda: len(posts_to(receiver, "/floor")) == 1, "room 1's page")
    press(mosquitto, site, "2")
    wait_until(lambda: len(station.core.snapshot().calls) == 2, "the station rings room 2")
    go.set()

    wait_until(lambda: len(posts_to(receiver, "/floor")) == 2, "room 2's page")
    assert [post["title"] for post in posts_to(receiver, "/floor")] == [
        "HELP NOW · Recovery 1",
        "HELP NOW · Recovery 2",
    ]


def test_a_slow_phone_holds_up_only_itself(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, receiver: Receiver
) -> None:
    site = unique_site()
    receiver.delays["/slow"] = 1.0
    start(request, tmp_path, mosquitto, site, phone(receiver, "slow"), phone(receiver, "quick"))

    for room in range(1, 8):
        press(mosquitto, site, str(room))

    wait_until(lambda: len(posts_to(receiver, "/quick")) == 7, "every page to the quick phone")
    assert len(posts_to(receiver, "/slow")) <= 3, "the quick phone's pages waited behind the slow one's"
    wait_until(
        lambda: len(posts_to(receiver, "/slow")) == 7, "every page to the slow phone", timeout=WAIT_S * 2
    )
    titles = sorted(str(post["title"]) for post in posts_to(receiver, "/quick"))
    assert titles == [f"HELP NOW · Recovery {room}" for room in range(1, 8)]


def test_a_failed_page_is_shown_and_tried_again_until_it_goes_out(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, receiver: Receiver
) -> None:
    site = unique_site()
    receiver.status = 503
    station = start(request, tmp_path, mosquitto, site, phone(receiver, "charge"))

    failed_at = time.monotonic()
    press(mosquitto, site, "3")
    problem = station.problems.wait_for(lambda words: words is not None, "the failure told to staff")
    assert (
        problem
        == f"Pages to charge (json://127.0.0.1:{receiver.port}) fail (Recovery 3); Lantern keeps trying."
    )
    receiver.status = 200

    wait_until(
        lambda: any(post[0] == "/charge" and b"Recovery 3" in post[2] for post in receiver.posts.seen[1:]),
        "the retry",
    )
    assert time.monotonic() - failed_at <= sum(RETRY_S[:3]) + WAIT_S
    station.problems.wait_for(lambda words: words is None, "the problem cleared once the page went out")


def test_a_restarted_console_sends_no_page_twice(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, receiver: Receiver
) -> None:
    site = unique_site()
    charge = phone(receiver, "charge")
    first = start(request, tmp_path, mosquitto, site, charge)
    press(mosquitto, site, "4")
    wait_until(lambda: len(posts_to(receiver, "/charge")) == 1, "the page")
    first.stop()

    start(request, tmp_path, mosquitto, site, charge)
    press(mosquitto, site, "5")
    wait_until(
        lambda: any("Recovery 5" in str(post["title"]) for post in posts_to(receiver, "/charge")),
        "a new call's page",
    )

    titles = [str(post["title"]) for post in posts_to(receiver, "/charge")]
    assert titles == ["HELP NOW · Recovery 4", "HELP NOW · Recovery 5"], "room 4's page went out again"


def test_a_page_waiting_for_its_turn_is_dropped_when_the_call_is_answered_meanwhile(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    receiver: Receiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="kiosk.paging.pager")
    site = unique_site()
    receiver.delays["/charge"] = 1.5
    station = start(request, tmp_path, mosquitto, site, phone(receiver, "charge"))
    press(mosquitto, site, "1")
    wait_until(lambda: any(c.room == "1" for c in station.core.snapshot().calls), "room 1 rings")
    answered = press(mosquitto, site, "2")
    wait_until(lambda: station.core.call(answered) is not None, "room 2 rings")

    wait_until(lambda: f"Page 1 for call {answered} to charge queued" in caplog.text, "room 2's page queued")
    assert station.core.acknowledge(answered), "answered while the phone is busy with room 1's page"
    press(mosquitto, site, "3")
    wait_until(
        lambda: len(posts_to(receiver, "/charge")) == 2, "room 1's and room 3's pages", timeout=WAIT_S * 2
    )

    assert [str(post["title"]) for post in posts_to(receiver, "/charge")] == [
        "HELP NOW · Recovery 1",
        "HELP NOW · Recovery 3",
    ]
    assert f"Page 1 for call {answered} to charge not sent: answered meanwhile" in caplog.text


def test_pages_say_the_kind_loudly_carry_the_answer_and_nothing_about_the_patient(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, receiver: Receiver
) -> None:
    site = unique_site()
    answers = AnswerSettings(link="http://192.0.2.7:8765", desk_phone="+1 555 0100")
    station = start(
        request,
        tmp_path,
        mosquitto,
        site,
        phone(receiver, "charge", scheme="ntfy", call_desk=True),
        phone(receiver, "floor"),
        answers=answers,
    )
    press(mosquitto, site, "6", kind="check")
    wait_until(lambda: len(receiver.posts.seen) == 2, "both pages")

    ntfy = next((headers, json.loads(body)) for path, headers, body in receiver.posts.seen if path == "/")
    headers, body = ntfy
    assert headers["X-Priority"] == "high" and body["title"] == "Check on me · Recovery 6"
    buttons = headers["X-Actions"].split("; ")
    link = headers["X-Click"]
    assert buttons == [
        f"http, On my way, {link}/on-my-way, method=POST, clear=true",
        "view, Call the desk, tel:+15550100",
    ]
    json_page = posts_to(receiver, "/floor")[0]
    assert json_page["type"] == "warning" and json_page["title"] == "Check on me · Recovery 6"
    answer_link = str(json_page["message"]).split("Answer: ")[1]
    assert urlsplit(answer_link).netloc == "192.0.2.7:8765" and answer_link != link, "one token per phone"

    token = urlsplit(answer_link).path.removeprefix("/c/")
    view = station.desk.view(token)
    assert isinstance(view, CallView) and view.state is StationState.RECEIVED and view.desk_phone is None
    everything = b" ".join(body for _path, _headers, body in receiver.posts.seen).decode()
    assert "patient" not in everything.lower()


def test_an_address_apprise_cannot_use_is_a_problem_from_the_start_without_its_secret(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> None:
    bad = PhoneTarget(name="charge", url="nosuchservice://secret@host/private", tags=["floor"])

    station = start(request, tmp_path, mosquitto, unique_site(), bad)

    assert station.pager.problem == (
        "Phone 1 (charge) in the settings is not an address Apprise can use (nosuchservice://…)."
    )


def test_the_ledger_keeps_ids_times_and_hashes_only(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker, receiver: Receiver
) -> None:
    site = unique_site()
    answers = AnswerSettings(link="http://192.0.2.7:8765")
    start(request, tmp_path, mosquitto, site, phone(receiver, "charge"), answers=answers)
    press(mosquitto, site, "2")
    wait_until(lambda: len(posts_to(receiver, "/charge")) == 1, "the page")

    with sqlite3.connect(tmp_path / "desk" / "pages.sqlite3") as ledger:
        rows = (
            ledger.execute("SELECT * FROM pages").fetchall()
            + ledger.execute("SELECT * FROM tokens").fetchall()
        )
    token = urlsplit(str(posts_to(receiver, "/charge")[0]["message"]).split("Answer: ")[1]).path.split("/")[
        -1
    ]
    text = [value for row in rows for value in row if isinstance(value, str)]
    assert token not in text, "the token itself is never stored"
    assert all(re.fullmatch(r"[0-9a-f-]{36}|[0-9a-f]{64}|charge|desk|sent", value) for value in text), text


def test_a_stalled_disk_under_the_pagers_record_holds_up_no_page_and_no_answer(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    mosquitto: RunningBroker,
    receiver: Receiver,
    freezable_disk: FreezableDisk,
) -> None:
    site = unique_site()
    answers = AnswerSettings(link="http://192.0.2.7:8765")
    settings = deployment(site, "desk", (phone(receiver, "charge"),), NOW_TIER, answers=answers)
    station = PagingStation.start(settings, tmp_path / "desk", mosquitto.url, ledger_dir=freezable_disk.mount)
    request.addfinalizer(station.stop)
    request.addfinalizer(freezable_disk.thaw)  # before the stop, which writes what is left
    wait_until(lambda: station.core.snapshot().pager == "desk", "the console takes the pager lease")

    freezable_disk.freeze()
    press(mosquitto, site, "3")
    wait_until(lambda: len(posts_to(receiver, "/charge")) == 1, "the page, with the pager's disk frozen")
    token = urlsplit(str(posts_to(receiver, "/charge")[0]["message"]).split("Answer: ")[1]).path.split("/")[
        -1
    ]

    view = station.desk.view(token)
    assert isinstance(view, CallView) and view.room_label == "Recovery 3", "the token works from memory"
