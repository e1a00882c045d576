"""Hostile MQTT payloads, made by hypothesis and published with paho to a real Mosquitto, at a real
tablet and a real station: each is rejected with one log line in words, nothing crashes, and a real
call goes through afterwards."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.helpcall.states import PatientCallState
from kiosk.wire.protocol import CallKind, ProtocolError, Topics, parse_message
from tests.fixtures.brokers import Broker
from tests.helpcall.support import Recorder, probe, start_station, start_tablet, unique_site
from tests.reliability.scale import scaled, time_limit

ROOM, STATION = "12", "desk"
STATION_LOGGER, TABLET_LOGGER = "kiosk.station.core", "kiosk.helpcall.tablet"
CALL = {"v": 1, "id": str(uuid.uuid4()), "room": ROOM, "kind": "now", "pressed_at": 1767225600.25}


@dataclass(frozen=True)
class Target:
    """A topic (below the site's root), the valid payload hostile ones are made from, and who hears it."""

    topic: str
    valid: dict[str, Any]
    heard_by: tuple[str, ...]


TARGETS = [
    Target(f"room/{ROOM}/call", {**CALL, "attempt": 1}, (STATION_LOGGER,)),
    Target(f"room/{ROOM}/clear", {**CALL, "cleared_at": 1767225900.0}, (STATION_LOGGER,)),
    Target(
        f"room/{ROOM}/status",
        {**CALL, "state": "received", "at": 1767225600.5, "station": STATION},
        (STATION_LOGGER, TABLET_LOGGER),
    ),
    Target(f"room/{ROOM}/presence", {"v": 1, "room": ROOM, "online": True}, (STATION_LOGGER,)),
    Target(f"room/{ROOM}/heartbeat", {"v": 1, "room": ROOM, "online": True}, (STATION_LOGGER,)),
    Target(f"station/{STATION}/presence", {"v": 1, "station": STATION, "online": True}, (TABLET_LOGGER,)),
    Target(f"station/{STATION}/heartbeat", {"v": 1, "station": STATION, "online": True}, (TABLET_LOGGER,)),
    Target("room/Ünïcode room/call", {**CALL, "attempt": 1}, (STATION_LOGGER,)),
    Target(f"room/{ROOM}/rollcall", {"v": 2, "side": "room", "asker": ROOM}, (STATION_LOGGER,)),
    Target(
        f"station/{STATION}/rollcall",
        {"v": 2, "side": "station", "asker": STATION},
        (STATION_LOGGER, TABLET_LOGGER),
    ),
    Target(
        f"station/{STATION}/logged",
        {
            **CALL,
            "station": STATION,
            "heard_at": 1767225600.5,
            "answered_at": 1767225625.0,
            "answered_by": STATION,
            "finished_at": 1767225900.0,
        },
        (STATION_LOGGER,),
    ),
]

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


def dumps(value: object) -> bytes:
    return json.dumps(value).encode()


def hostile(valid: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """Payloads near a valid one and far from it: every way docs/protocol.md says to reject."""
    text = dumps(valid)
    fields = sorted(valid)
    return st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda key, value: dumps({**valid, key: value}), st.sampled_from(fields), JSON_VALUES),
        st.builds(lambda key: dumps({k: v for k, v in valid.items() if k != key}), st.sampled_from(fields)),
        st.builds(
            lambda key, value: dumps({**valid, key: value}), st.text(min_size=1, max_size=12), JSON_VALUES
        ),
        st.builds(
            lambda version: dumps({**valid, "v": version}),
            st.integers().filter(lambda v: v != 1) | st.sampled_from([True, 1.0, "1", None, [1]]),
        ),
        st.builds(lambda size: dumps({**valid, "pad": "x" * size}), st.integers(1000, 200_000)),
        st.builds(lambda cut: text[:cut], st.integers(0, len(text) - 1)),
        st.builds(
            lambda at, junk: text[:at] + junk + text[at + len(junk) :],
            st.integers(0, len(text)),
            st.binary(min_size=1, max_size=6),
        ),
        JSON_VALUES.map(dumps),
        st.integers(1, 600).map(lambda depth: b"[" * depth + b"]" * depth),
    )


def rejection(topics: Topics, topic: str, payload: bytes) -> str | None:
    """The receivers' own parser says why it must be rejected; None for a payload that happens to be valid."""
    try:
        parse_message(topics, topic, payload)
    except ProtocolError as error:
        return f"Rejected a message on {topic}: {error}"
    return None


class LogLines(logging.Handler):
    """What one logger writes, so a test waits for the line instead of sleeping."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: Recorder[logging.LogRecord] = Recorder()

    def emit(self, record: logging.LogRecord) -> None:
        self.records(record)


@pytest.fixture
def log_lines() -> Iterator[Callable[[str], LogLines]]:
    attached: list[tuple[logging.Logger, LogLines]] = []

    def attach(name: str) -> LogLines:
        handler = LogLines()
        logging.getLogger(name).addHandler(handler)
        attached.append((logging.getLogger(name), handler))
        return handler

    yield attach
    for logger, handler in attached:
        logger.removeHandler(handler)


@time_limit(120, 3600)
def test_hostile_payloads_are_rejected_in_words_and_both_sides_still_work(
    request: pytest.FixtureRequest,
    broker: Broker,
    tmp_path: Path,
    log_lines: Callable[[str], LogLines],
) -> None:
    site = unique_site()
    topics = Topics(site)
    heard = {name: log_lines(name) for name in (STATION_LOGGER, TABLET_LOGGER)}
    failures = log_lines("kiosk")
    _, station_seen = start_station(request, tmp_path / "station", broker.address, site, "st1")
    tablet, seen = start_tablet(request, tmp_path / "tablet", broker.address, site, room=ROOM)
    seen.wait_for(lambda s: s.station_online and s.broker_connected, "the tablet to see the station")
    sender = probe(request, broker.url, f"{topics.root}/unused")

    @settings(
        max_examples=scaled(500, 20_000),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        database=None,
    )
    @given(st.sampled_from(TARGETS).flatmap(lambda target: st.tuples(st.just(target), hostile(target.valid))))
    def rejected_in_words(case: tuple[Target, bytes]) -> None:
        target, payload = case
        topic = f"{topics.root}/{target.topic}"
        words = rejection(topics, topic, payload)
        assume(words is not None)
        sender.publish(topic, payload)
        for name in target.heard_by:
            heard[name].records.wait_for(
                lambda record: record.levelno == logging.WARNING and record.getMessage() == words,
                f"{name} to log: {words}",
            )

    rejected_in_words()

    assert [r.getMessage() for r in failures.records.seen if r.levelno >= logging.ERROR] == []
    pressed = tablet.press(CallKind.NOW)
    seen.wait_for(
        lambda s: s.state is PatientCallState.RECEIVED and s.call_id == pressed.call_id, "a receipt"
    )
    station_seen.wait_for(lambda s: [c.id for c in s.calls] == [pressed.call_id], "the station to ring")
