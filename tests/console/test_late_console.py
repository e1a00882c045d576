"""A console that starts while calls are open learns every one of them at once, with its true wait
(from the press) and its true answer (from the console that gave it), never "All calm"."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.wire.protocol import CallKind, StationState, Topics
from tests.console.conftest import OFFSCREEN_ONLY_WARNING, ConsoleFactory, console_tablet
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import WAIT_S, call_json, mosquitto_pub, unique_site

WAIT_MS = int(WAIT_S * 1000)
pytestmark = OFFSCREEN_ONLY_WARNING


def test_a_console_started_after_three_calls_shows_all_three_with_their_true_waits(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    mosquitto: RunningBroker,
    make_console: ConsoleFactory,
    tmp_path: Path,
) -> None:
    site = unique_site()
    desk = make_console(mosquitto, site, station_id="desk")
    first, _ = console_tablet(request, qtbot, tmp_path, mosquitto, site, "11")
    second, _ = console_tablet(request, qtbot, tmp_path, mosquitto, site, "12")
    old = json.loads(call_json(str(uuid.uuid4()), room="13", kind="check"))
    old["pressed_at"] = time.time() - 90  # a scripted tablet whose call has waited a minute and a half
    first.press(CallKind.NOW)
    second.press(CallKind.CHECK)
    mosquitto_pub(mosquitto, Topics(site).room("13", "call"), "-m", json.dumps(old))
    qtbot.waitUntil(lambda: len(desk.core.snapshot().calls) == 3, timeout=WAIT_MS)
    answered = next(call for call in desk.core.snapshot().calls if call.room == "12")
    desk.bridge.acknowledge([answered.id])
    qtbot.waitUntil(
        lambda: any(c.state is StationState.ON_WAY for c in desk.core.snapshot().calls), timeout=WAIT_MS
    )
    said_on_way = next(c for c in desk.core.snapshot().calls if c.room == "12").acknowledged_at

    hall = make_console(mosquitto, site, station_id="hall")

    qtbot.waitUntil(lambda: len(hall.core.snapshot().calls) == 3, timeout=WAIT_MS)
    calls = {call.room: call for call in hall.core.snapshot().calls}
    now = time.monotonic()
    assert 89 < now - calls["13"].heard_mono < 95, "the wait counts from the press, not from the late start"
    assert calls["12"].state is StationState.ON_WAY and calls["12"].acknowledged_by == "desk"
    assert calls["12"].acknowledged_at == pytest.approx(said_on_way, abs=0.01), "no false response time"
    qtbot.waitUntil(lambda: hall.window.summary.text().startswith("Help now: Recovery 11"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "13" in hall.window.grid.views, timeout=WAIT_MS)
    assert hall.window.grid.views["13"].wait.text().startswith("1:3")
