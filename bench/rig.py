"""A throwaway help-call setup on loopback for the benchmarks: a broker, a station, tablet processes.

It reuses what the tests use (tests/fixtures/broker.py, tests/helpcall/*_proc.py), so the benchmarks
measure the same real parts the tests check, and everything it started is ended when it closes.
"""

from __future__ import annotations

import json
import sys
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.wire.broker_url import BrokerUrl
from tests.fixtures.broker import RunningBroker, start_mosquitto
from tests.helpcall.support import Child

Event = dict[str, Any]


def json_events(handle: Callable[[Event], None]) -> Callable[[str], None]:
    """Pass on the JSON event lines of a child; its log lines are for people."""

    def on_line(line: str) -> None:
        if line.startswith("{"):
            handle(json.loads(line))

    return on_line


class Rig:
    """Use as `with Rig() as rig:`; one site, one scratch folder, all on 127.0.0.1."""

    def __init__(
        self, timing: str = "protocol", brokers: Sequence[BrokerUrl] = (), *, failover: bool = False
    ) -> None:
        """`brokers`: the nodes of a cluster someone else runs (the station on the first, tablet
        processes on the others in turn); without them the rig starts a Mosquitto of its own.
        `failover`: give each process every node, its own first, as a site's settings list them."""
        self._failover = failover
        self.site = f"bench{uuid.uuid4().hex[:8]}"
        self.timing = timing
        self._scratch = tempfile.TemporaryDirectory(prefix="lantern-bench-")
        self.folder = Path(self._scratch.name)
        self._children: list[Child] = []
        self.broker: RunningBroker | None = None
        if not brokers:
            (self.folder / "broker").mkdir()
            self.broker = start_mosquitto(self.folder / "broker")
            brokers = [self.broker.url]
        self._brokers = list(brokers)
        self._tablet_processes = 0
        self.placement: dict[Child, BrokerUrl] = {}
        """Which broker address each child was given."""

    def __enter__(self) -> Rig:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for child in self._children:
            child.kill()
        if self.broker is not None:
            self.broker.kill()
        self._scratch.cleanup()

    def _spawn(
        self, module: str, args: Sequence[str], handle: Callable[[Event], None], broker: BrokerUrl
    ) -> Child:
        nodes = (
            [broker, *(other for other in self._brokers if other != broker)] if self._failover else [broker]
        )
        common = ["--site", self.site, "--broker", ",".join(map(str, nodes)), "--timing", self.timing]
        child = Child([sys.executable, "-m", module, *common, *args], on_line=json_events(handle))
        self._children.append(child)
        self.placement[child] = broker
        return child

    def station(self, handle: Callable[[Event], None]) -> Child:
        """`python -m tests.helpcall.station_proc`: StationCore in its own process."""
        return self._spawn(
            "tests.helpcall.station_proc",
            ["--data-dir", str(self.folder / "station")],
            handle,
            self._brokers[0],
        )

    def tablets(self, rooms: Sequence[str], handle: Callable[[Event], None]) -> Child:
        """One process holding a real TabletHelpCall for each room."""
        args = ["--data-dir", str(self.folder / "tablets")]
        for room in rooms:
            args += ["--room", room]
        self._tablet_processes += 1
        broker = self._brokers[self._tablet_processes % len(self._brokers)]
        return self._spawn("tests.helpcall.tablet_proc", args, handle, broker)
