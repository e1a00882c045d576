"""A broker that was away for long: the calls made meanwhile ring within 2 s of its return.

paho waits longer after each failed reconnect, up to Timing.reconnect_max_s; with the old 15 s a
broker back after a minute was found up to 15 s late (bench/supervision.py measured 5 s after a 10 s
outage, 15 s after 30 s). Here a refusing listener stands in for the dead broker, so the test can
wait for the clients' attempts instead of sleeping through the outage.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.helpcall.states import PatientCallState
from kiosk.wire.protocol import CallKind
from kiosk.wire.timing import DEFAULT_TIMING
from tests.fixtures.brokers import OUTAGE, Broker
from tests.helpcall.support import FAST, Recorder, start_station, start_tablet, unique_site

GOAL_S = 2.0
# The protocol's reconnect back-off; fast heartbeats only so the test need not wait for them.
TIMING = replace(FAST, reconnect_max_s=DEFAULT_TIMING.reconnect_max_s)


class Refuser:
    """Listens where the broker was and hangs up on every client, noting each attempt."""

    def __init__(self, port: int) -> None:
        self._server = socket.create_server(("127.0.0.1", port))
        self.attempts: Recorder[float] = Recorder()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            connection.close()
            self.attempts(time.monotonic())

    def __enter__(self) -> Refuser:
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown(socket.SHUT_RDWR)
        self._server.close()
        self._thread.join(timeout=5)


@OUTAGE
def test_calls_made_during_a_long_outage_ring_within_2_s_of_the_broker_returning(
    request: pytest.FixtureRequest, broker: Broker, tmp_path: Path
) -> None:
    site = unique_site()
    _, station_seen = start_station(request, tmp_path / "station", broker.address, site, timing=TIMING)
    tablet, seen = start_tablet(request, tmp_path / "tablet", broker.address, site, timing=TIMING)
    seen.wait_for(lambda s: s.station_online, "the tablet to see the station")
    broker.kill()
    with Refuser(broker.port) as away:
        seen.wait_for(lambda s: not s.broker_connected, "the tablet to lose the broker")
        pressed = tablet.press(CallKind.NOW)
        # Two clients, four failed tries each: the old back-off would now wait 8 s before the next one.
        for count in range(8):
            away.attempts.wait_for(lambda _: True, f"reconnect attempt {count + 1}", timeout=30)

    broker.start()  # returns once it listens (a RabbitMQ node boots for seconds before that)
    back_at = time.monotonic()

    station_seen.wait_for(
        lambda s: [c.id for c in s.calls] == [pressed.call_id], "the call to ring", timeout=10
    )
    seen.wait_for(lambda s: s.state is PatientCallState.RECEIVED, "the receipt on the tablet", timeout=10)
    assert time.monotonic() - back_at <= GOAL_S
