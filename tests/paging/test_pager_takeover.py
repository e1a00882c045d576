"""One pager among three consoles, each in its own process: exactly one page per call, and when the
console that pages is killed, another takes over within seconds and sends nothing twice."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import pytest

from kiosk.wire.protocol import Topics
from tests.fixtures.broker import RunningBroker
from tests.fixtures.http_receiver import Receiver
from tests.fixtures.http_receiver import receiver as receiver
from tests.helpcall.support import (
    FAST,
    Child,
    call_json,
    mosquitto_pub,
    spawn,
    unique_site,
    wait_until,
)

CONSOLES = ("a1", "b2", "c3")


def paging_console(
    request: pytest.FixtureRequest,
    broker: RunningBroker,
    site: str,
    folder: Path,
    station: str,
    receiver: Receiver,
) -> Child:
    phones = json.dumps(
        [{"name": "floor", "url": f"json://127.0.0.1:{receiver.port}/floor", "tags": ["floor"]}]
    )
    args = [
        "-m",
        "tests.paging.pager_proc",
        "--site",
        site,
        "--broker",
        str(broker.url),
        "--data-dir",
        str(folder),
    ]
    return spawn(
        request, [*args, "--station-id", station, "--stations", ",".join(CONSOLES), "--phones", phones]
    )


def agreed_pager(consoles: Iterable[Child], what: str, *, gone: str | None = None) -> str:
    """The console that every one of `consoles` last said pages, once they agree on one not `gone`."""

    def last_said(console: Child) -> str | None:
        said = [
            json.loads(line)["pager"] for line in console.lines.seen if line.startswith('{"event": "pager"')
        ]
        return said[-1] if said else None

    consoles = list(consoles)
    agreed: list[str] = []

    def settled() -> bool:
        said = {last_said(console) for console in consoles}
        only = said.pop() if len(said) == 1 else None
        if only is None or only == gone:
            return False
        agreed[:] = [only]
        return True

    wait_until(settled, what)
    return agreed[0]


def pages(receiver: Receiver) -> list[str]:
    return [str(json.loads(body)["title"]) for _path, _headers, body in receiver.posts.seen]


def press(broker: RunningBroker, site: str, room: str) -> None:
    mosquitto_pub(broker, Topics(site).room(room, "call"), "-m", call_json(str(uuid.uuid4()), room=room))


def test_one_console_pages_and_another_takes_over_when_it_is_killed(
    request: pytest.FixtureRequest, mosquitto: RunningBroker, tmp_path: Path, receiver: Receiver
) -> None:
    site = unique_site()
    consoles = {
        station: paging_console(request, mosquitto, site, tmp_path / station, station, receiver)
        for station in CONSOLES
    }
    first = agreed_pager(consoles.values(), "every console agrees who pages")

    press(mosquitto, site, "1")
    press(mosquitto, site, "2")
    wait_until(lambda: len(pages(receiver)) >= 2, "the pages of rooms 1 and 2")
    for station, console in consoles.items():
        if station != first:
            for room in ("1", "2"):
                console.wait_for_event(
                    lambda e, room=room: e.get("room") == room, f"{station} heard room {room}'s page"
                )

    consoles.pop(first).kill()
    killed = time.monotonic()
    agreed_pager(consoles.values(), "the two left agree another pages", gone=first)
    took_over_s = time.monotonic() - killed
    press(mosquitto, site, "3")
    wait_until(lambda: "HELP NOW · Recovery 3" in pages(receiver), "b2 pages room 3")
    press(mosquitto, site, "4")
    wait_until(lambda: "HELP NOW · Recovery 4" in pages(receiver), "b2 pages room 4")

    assert sorted(pages(receiver)) == [f"HELP NOW · Recovery {room}" for room in range(1, 5)], (
        "a page went out twice (two pagers, or a takeover that paged rooms 1 and 2 again)"
    )
    print(f"takeover after a kill: {took_over_s:.2f} s (silence window {FAST.silence_s} s)")
    assert took_over_s <= FAST.silence_s + 2.0, took_over_s
