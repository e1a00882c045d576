"""Makes the console screenshots in docs/screenshots/ from a real console on a real Mosquitto.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/console_screenshots.py docs/screenshots

Real tablets press real calls (help now, check on me, one answered, one tablet gone offline); the
console is drawn at the station monitor sizes clinics have. Uses the test suite's broker and audio
fixtures, so it needs what the tests need (mosquitto, pulseaudio).
"""

from __future__ import annotations

import json
import os
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

from kiosk.config.deployment import Deployment, RoomConfig, StationSettings  # noqa: E402
from kiosk.console.console import Console  # noqa: E402
from kiosk.console.window import REPORT_TAB  # noqa: E402
from kiosk.helpcall.tablet import TabletHelpCall  # noqa: E402
from kiosk.station.core import console_core  # noqa: E402
from kiosk.wire.protocol import CallKind, Topics  # noqa: E402
from tests.fixtures.audio import start_null_sink  # noqa: E402
from tests.fixtures.broker import RunningBroker, start_mosquitto  # noqa: E402
from tests.helpcall.support import FAST, call_json, mosquitto_pub  # noqa: E402

SIZES = [(1366, 768), (1920, 1080)]


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
        ward(broker, work, out, 1366, 768, rooms=20)
        ward(broker, work, out, 1366, 768, rooms=8, lose_broker=True)
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
    deployment = Deployment(site=site, station=StationSettings(id="desk", rooms=configured))
    core = console_core(deployment, work / site, broker.url, timing=FAST)
    console = Console(deployment, core)
    console.start()
    console.window.resize(width, height)
    console.window.show()
    tablets = {
        n: TabletHelpCall(str(n), work / f"{site}-{n}", broker.url, site=site, timing=FAST)
        for n in (2, 4, 5, 6)
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
    pump_until(lambda: len(core.snapshot().calls) == 4)
    core.acknowledge(answered.call_id)
    tablets[6].stop()
    pump_until(lambda: any(not t.online for t in core.snapshot().tablets))
    pump(3.2)  # the glow at rest and the wait clocks a few seconds on
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
        pump(0.5)
        console.window.grab().save(str(out / f"{name}-report.png"))
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
