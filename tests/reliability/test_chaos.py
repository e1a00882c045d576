"""Presses from many real tablet processes while tablets are killed with SIGKILL and Mosquitto is
killed and started again: afterwards every press an outbox committed is in the station's call log
exactly once, and every call in the log rang exactly once. The log may also hold a press whose tablet
was killed after sending it and before its outbox wrote it: a press is sent at once and written on a
thread of its own, so such a call reached the nurses, which is what it is for.

A press is a line to a tablet process; a kill can land before, during or after its commit, so what
counts is what the outbox files hold at the end, read straight from SQLite.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from kiosk.wire.protocol import CallKind
from tests.fixtures.brokers import Broker, broker_option
from tests.helpcall.support import Child, spawn, start_station, unique_site, wait_until
from tests.reliability.scale import scaled, seeded, time_limit

PRESSES = scaled(150, 1000)
TABLETS = scaled(6, 20)
SETTLE_S = scaled(30, 120)


class Fleet:
    """Tablet processes (tests/helpcall/tablet_proc.py), one room each, that die and come back."""

    def __init__(self, request: pytest.FixtureRequest, broker: Broker, site: str, folder: Path) -> None:
        self._request = request
        self._args = ["--site", site, "--broker", broker_option(broker), "--data-dir", str(folder)]
        self.folder = folder
        self.site = site
        self.alive: dict[str, Child] = {}
        self.sent: Counter[str] = Counter()  # press lines sent to the room's current process
        self.sent_to_killed = 0  # press lines sent to processes that were then killed

    def start(self, room: str) -> None:
        self.alive[room] = spawn(
            self._request, ["-m", "tests.helpcall.tablet_proc", "--room", room, *self._args]
        )
        self.sent[room] = 0

    def kill(self, room: str) -> None:
        self.alive.pop(room).kill()
        self.sent_to_killed += self.sent[room]

    def press(self, room: str, *, wait: bool) -> None:
        """Send a press; without `wait` the next step (a kill, perhaps) may come before its commit."""
        self.alive[room].send(f"press {CallKind.NOW.value}")
        self.sent[room] += 1
        if wait:
            self.alive[room].wait_for_event(lambda e: e["event"] == "pressed", f"room {room} to press")

    def pressed_everything_sent(self) -> bool:
        return all(
            sum(line.startswith("{") and json.loads(line)["event"] == "pressed" for line in child.lines.seen)
            == self.sent[room]
            for room, child in self.alive.items()
        )

    def missing_report(self, logged: set[str]) -> str:
        """Which room's committed presses the log lacks, and what that tablet printed last."""
        lines = []
        for path in sorted(self.folder.glob(f"helpcall-{self.site}-*.sqlite3")):
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as outbox:
                rows = outbox.execute("SELECT id, station_state FROM calls").fetchall()
            missing = [row for row in rows if row[0] not in logged]
            if missing:
                room = path.stem.removeprefix(f"helpcall-{self.site}-")
                lines.append(f"room {room}: {len(missing)} of {len(rows)} not logged: {missing[:3]}")
                child = self.alive.get(room)
                if child is not None:
                    lines += [f"  {line[:300]}" for line in child.lines.seen[-15:]]
        return "\n".join(lines)

    def outbox_rows(self) -> list[tuple[str, str | None]]:
        """(id, station state) of every call the outboxes committed, read as the files are now."""
        rows: list[tuple[str, str | None]] = []
        for path in sorted(self.folder.glob(f"helpcall-{self.site}-*.sqlite3")):
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as outbox:
                rows += outbox.execute("SELECT id, station_state FROM calls").fetchall()
        return rows


@time_limit(120, 1800)
def test_every_committed_press_reaches_the_log_exactly_once(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.station.core")
    rng = seeded()
    site = unique_site()
    station, _ = start_station(request, tmp_path / "station", broker.address, site)
    fleet = Fleet(request, broker, site, tmp_path / "tablets")
    rooms = [str(room) for room in range(1, TABLETS + 1)]
    for room in rooms:
        fleet.start(room)
    broker_up = True
    done: Counter[str] = Counter()

    while done["press"] < PRESSES:
        action = rng.choices(["press", "kill", "start", "broker"], weights=[20, 1.5, 3, 0.7])[0]
        dead = [room for room in rooms if room not in fleet.alive]
        if action == "press" and fleet.alive:
            fleet.press(rng.choice(sorted(fleet.alive)), wait=rng.random() < 0.7)
        elif action == "kill" and fleet.alive:
            fleet.kill(rng.choice(sorted(fleet.alive)))
        elif action == "start" and dead:
            fleet.start(rng.choice(dead))
        elif action == "broker":
            if broker_up:
                broker.kill()
            else:
                broker.start()
            broker_up = not broker_up
        else:
            continue
        done[action] += 1
    for room in [room for room in rooms if room not in fleet.alive]:
        fleet.start(room)
    if not broker_up:
        broker.start()
    print(f"steps: {dict(done)}")

    wait_until(fleet.pressed_everything_sent, "every live tablet to take every press sent to it")
    committed = {call_id for call_id, _ in fleet.outbox_rows()}

    def logged() -> set[str]:
        return {call.id for call in station.history(len(committed) + 100)}

    try:
        wait_until(lambda: committed <= logged(), "the station to log every committed press", SETTLE_S)
    except pytest.fail.Exception:
        print(fleet.missing_report(logged()))
        raise
    wait_until(
        lambda: all(state is not None for _, state in fleet.outbox_rows()),
        "every tablet to hold the station's receipt for every press",
        SETTLE_S,
    )

    in_log = logged()
    print(f"committed: {len(committed)} of {PRESSES} presses sent; logged: {len(in_log)}")
    assert len(in_log - committed) <= fleet.sent_to_killed, "a call in the log that no killed tablet was sent"
    rang = Counter(
        record.args[0]
        for record in caplog.records
        if isinstance(record.args, tuple) and record.getMessage().endswith("stored and ringing")
    )
    assert set(rang) == in_log
    assert set(rang.values()) == {1}
    assert len(committed) > PRESSES // 2, f"only {len(committed)} of {PRESSES} presses were committed"
