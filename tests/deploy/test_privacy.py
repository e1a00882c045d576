"""Nothing Lantern stores or sends holds anything but room ids, call ids, kinds, states and times."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config.logs import BACKUPS, MAX_BYTES, configure_logging, drain
from kiosk.helpcall.states import PatientCallState
from kiosk.wire.protocol import CallKind, Feeling
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import probe, start_linked, unique_site

ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
WORDS = (
    {kind.value for kind in CallKind} | {"received", "on_way", "here", "done"} | {f.value for f in Feeling}
)
ALLOWED_KEYS = {
    "v",
    "id",
    "room",
    "station",
    "kind",
    "pressed_at",
    "attempt",
    "state",
    "at",
    "online",
    "rings",
    "instance",
    "cleared_at",
    "here_at",
    "resting_s",
    "feeling",
    "pages",
    "paging",
    "by",
}
ALLOWED_COLUMNS = {
    "id", "room", "kind", "pressed_at", "changed_at", "station_state", "cleared_at",
    "received_at", "state", "updated_at", "copies", "acknowledged_at", "acknowledged_by", "here_at",
    "feeling", "heard_at",
}  # fmt: skip


def assert_only_ids(value: object, where: str) -> None:
    if isinstance(value, str):
        assert ID.match(value) or UUID.match(value) or value in WORDS, f"{where}: unexpected text {value!r}"
    else:
        assert value is None or isinstance(value, int | float), f"{where}: unexpected value {value!r}"


def test_a_whole_call_sends_and_stores_only_ids(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> None:
    site = unique_site()
    everything = probe(request, mosquitto.url, f"lantern/v1/{site}/#")
    station, _calls, tablet, states = start_linked(
        request, mosquitto.url, tmp_path, site, room="recovery-3", timeout_s=5
    )

    call_id = tablet.press(CallKind.NOW).call_id
    states.wait_for(lambda snapshot: snapshot.state is PatientCallState.RECEIVED, "the receipt")
    assert call_id is not None
    station.acknowledge(call_id)
    states.wait_for(lambda snapshot: snapshot.state is PatientCallState.ON_WAY, "a nurse on the way")
    station.clear(call_id)
    states.wait_for(lambda snapshot: snapshot.state is PatientCallState.DONE, "the call to be done")
    everything.messages.wait_for(lambda message: b'"state":"done"' in message[1], "the done status")
    tablet.report_visit(20 * 60)  # a visit and a check-in's answer travel and are kept too
    tablet.report_check_in(Feeling.NOT_GREAT)
    everything.messages.wait_for(lambda message: b'"resting_s":1200' in message[1], "the visit")
    everything.messages.wait_for(lambda message: b'"feeling":"not_great"' in message[1], "the check-in")

    sent = [json.loads(payload) for _topic, payload in everything.messages.seen]
    assert {message.get("state") for message in sent} >= {"received", "on_way", "done"}
    for message in sent:
        assert set(message) <= ALLOWED_KEYS, f"unexpected fields {set(message) - ALLOWED_KEYS}"
        for key, value in message.items():
            assert_only_ids(value, f"payload field {key}")
    for database in (tablet.outbox_path, station.call_log_path):
        with sqlite3.connect(database) as connection:
            tables = [
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for table in tables:
                columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
                assert set(columns) <= ALLOWED_COLUMNS, (
                    f"{database.name}.{table} has {set(columns) - ALLOWED_COLUMNS}"
                )
                for row in connection.execute(f"SELECT * FROM {table}"):
                    for column, value in zip(columns, row, strict=True):
                        assert_only_ids(value, f"{database.name}.{table}.{column}")


@pytest.fixture
def restored_root_logger() -> Iterator[None]:
    """configure_logging replaces the root logger's handlers; later tests must get theirs back."""
    handlers, level = logging.root.handlers[:], logging.root.level
    yield
    for handler in logging.root.handlers:
        if handler not in handlers:
            handler.close()
    logging.root.handlers[:] = handlers
    logging.root.setLevel(level)


@pytest.mark.usefixtures("restored_root_logger")
def test_logs_rotate_and_stay_small(tmp_path: Path) -> None:
    path = configure_logging("kiosk", folder=tmp_path)
    assert path is not None
    record = "room 12 call 9f1c2a4e-8d3b-4c5e-a6f7-0b1c2d3e4f50 " * 20

    for _ in range(MAX_BYTES * (BACKUPS + 2) // len(record)):
        logging.getLogger("lantern.test").info(record)
    drain()

    files = sorted(tmp_path.iterdir())
    assert [file.name for file in files] == ["kiosk.log", *(f"kiosk.log.{n}" for n in range(1, BACKUPS + 1))]
    assert all(file.stat().st_size <= MAX_BYTES + len(record) + 100 for file in files)


@pytest.mark.usefixtures("restored_root_logger")
def test_a_log_line_names_its_level_and_source_once(tmp_path: Path) -> None:
    path = configure_logging("kiosk", folder=tmp_path)
    assert path is not None

    logging.getLogger("lantern.test").warning("room 12 went quiet")
    drain()

    assert path.read_text(encoding="utf-8").split(" ", 2)[2] == "lantern.test WARNING: room 12 went quiet\n"
