"""Makes the console screenshots in docs/screenshots/ from a real console on a real Mosquitto.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/console_screenshots.py docs/screenshots

Real tablets press real calls (help now, check on me, one on the way past its reminder, one taken
on the charge nurse's phone, a nurse at one bedside, one tablet gone offline) over two days of logged calls; the console is drawn at the
station monitor sizes clinics have, with the broker and without. Uses the test suite's broker and audio
fixtures, so it needs what the tests need (mosquitto, pulseaudio).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config.deployment import (  # noqa: E402
    Deployment,
    EscalationTier,
    PhoneTarget,
    RoomConfig,
    StationSettings,
)
from kiosk.console.console import Console  # noqa: E402
from kiosk.console.report_view import CALLS_TAB, HANDOVER_TAB, SUMMARY_TAB  # noqa: E402
from kiosk.console.window import REPORT_TAB  # noqa: E402
from kiosk.helpcall.tablet import TabletHelpCall  # noqa: E402
from kiosk.station.calllog import BEDSIDE, CallLog, StationCall  # noqa: E402
from kiosk.station.core import console_core  # noqa: E402
from kiosk.wire.protocol import CallKind, StationState, Topics  # noqa: E402
from tests.fixtures.audio import start_null_sink  # noqa: E402
from tests.fixtures.broker import RunningBroker, start_mosquitto  # noqa: E402
from tests.helpcall.support import FAST, call_json, mosquitto_pub  # noqa: E402

SIZES = [(1366, 768), (1920, 1080)]
REMINDER_S = 3
REPORT_PAGES = {SUMMARY_TAB: "report", CALLS_TAB: "report-calls", HANDOVER_TAB: "report-handover"}


def seed_history(path: Path, rooms: int) -> None:
    """Two days of finished calls in the console's log, so the report has something to show."""
    shuffle = random.Random(7)
    log = CallLog(path)
    now = time.time()
    for n in range(30):
        pressed = now - 2 * 86_400 + n * 5_500 + shuffle.uniform(0, 1_800)
        kind = CallKind.NOW if n % 3 == 0 else CallKind.CHECK
        answer = shuffle.uniform(4, 20) if kind is CallKind.NOW else shuffle.uniform(15, 90)
        by = BEDSIDE if n % 5 == 0 else "desk"
        call = StationCall(
            str(uuid.uuid4()), str(1 + n % rooms), kind, pressed, pressed, StationState.RECEIVED, pressed
        )
        call = call.advanced(StationState.ON_WAY, pressed + answer, by)
        log.save(call.advanced(StationState.DONE, pressed + answer + shuffle.uniform(60, 600)))
    log.close()


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="lantern-shots-"))
    (work / "broker").mkdir()
    (work / "pulse").mkdir()
    broker = start_mosquitto(work / "broker")
    pulse, server = start_null_sink(work / "pulse")
    os.environ["PULSE_SERVER"] = server
    app = QApplication([])
    try:
        for width, height in SIZES:
            ward(broker, work, out, width, height, rooms=8)
            ward(broker, work, out, width, height, rooms=8, lose_broker=True)
        ward(broker, work, out, 1366, 768, rooms=20)
    finally:
        del app
        broker.kill()
        pulse.kill()


def ward(
    broker: RunningBroker,
    work: Path,
    out: Path,
    width: int,
    height: int,
    *,
    rooms: int,
    lose_broker: bool = False,
) -> None:
    site = f"shots-{uuid.uuid4().hex[:6]}"
    configured = tuple(RoomConfig(id=str(n), label=f"Recovery {n}") for n in range(1, rooms + 1))
    station = StationSettings(id="desk", rooms=configured).model_copy(
        update={"on_way_reminder_seconds": REMINDER_S}  # sooner than a clinic may set, to show it
    )
    charge = PhoneTarget(name="charge", url="ntfy://ntfy.clinic.lan/lantern-charge", tags=["charge"])
    steps = (EscalationTier(after_seconds=3600, notify=["charge"]),)  # pages nobody while the shots are made
    deployment = Deployment(site=site, station=station, phones=(charge,), escalation=steps)
    core = console_core(deployment, work / site, broker.url, timing=FAST)
    seed_history(core.call_log_path, rooms)
    console = Console(deployment, core)
    console.start()
    console.window.resize(width, height)
    console.window.show()
    tablets = {
        n: TabletHelpCall(str(n), work / f"{site}-{n}", broker.url, site=site, timing=FAST)
        for n in (2, 3, 4, 5, 6)
    }
    for tablet in tablets.values():
        tablet.start()
    pump_until(lambda: all(t.snapshot().station_online for t in tablets.values()))
    answered = tablets[5].press(CallKind.CHECK)
    tablets[4].press(CallKind.CHECK)
    old = json.loads(call_json(str(uuid.uuid4()), room=str(rooms), kind="now"))
    old["pressed_at"] = time.time() - 44
    mosquitto_pub(broker, Topics(site).room(str(rooms), "call"), "-m", json.dumps(old))
    tablets[2].press(CallKind.NOW)
    tablets[3].press(CallKind.CHECK)
    pump_until(lambda: len(core.snapshot().calls) == 5)
    core.acknowledge(answered.call_id)
    core.acknowledge(next(c.id for c in core.snapshot().calls if c.room == str(rooms)), phone="charge")
    tablets[3].nurse_here()
    tablets[6].stop()
    pump_until(lambda: any(not t.online for t in core.snapshot().tablets))
    pump_until(lambda: "phones paged from this console" in console.window.footer.text())
    pump(REMINDER_S + 0.5)  # the wait clocks a few seconds on, room 5's reminder due
    name = f"console-{width}x{height}" + ("" if rooms == 8 else f"-{rooms}-rooms")
    if lose_broker:
        broker.kill()
        pump_until(lambda: console.window.banner.isVisible())
        pump(1.0)
        console.window.grab().save(str(out / f"{name}-broker-lost.png"))
        broker.start()
    else:
        console.window.grab().save(str(out / f"{name}.png"))
    if rooms == 8 and not lose_broker:
        console.window.tabs.setCurrentIndex(REPORT_TAB)
        for page, suffix in REPORT_PAGES.items():
            console.window.report.pages.setCurrentIndex(page)
            pump(0.5)
            console.window.grab().save(str(out / f"{name}-{suffix}.png"))
    for number, tablet in tablets.items():
        if number != 6:
            tablet.stop()
    console.close()


def pump(seconds: float) -> None:
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def pump_until(done: Callable[[], bool], timeout_s: float = 15.0) -> None:
    deadline = QDeadlineTimer(int(timeout_s * 1000))
    while not done():
        if deadline.hasExpired():
            raise TimeoutError("the scripted ward did not reach its state")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
