"""Press→receipt on Mosquitto and on a 3-node RabbitMQ cluster, side by side, then ringing after the
tablet's node is killed.

Run from the repository root (needs Debian's rabbitmq-server):

    .venv/bin/python -m bench.broker_compare            # 100 tablets, 600 presses at 10/s per broker (~4 min)
    .venv/bin/python -m bench.broker_compare --quick    # 200 presses per broker (~2 min)

Both runs use the same harness as bench/helpcall_latency.py (real TabletHelpCall objects in tablet
processes, StationCore in its own process, protocol timing, open-loop Poisson presses; a nurse
acknowledges each call once the tablet shows the receipt and clears it once it shows ON_WAY). On the
cluster, which the tests' fixture starts on loopback (tests/fixtures/rabbitmq.py, the shipped
deploy/rabbitmq settings), the station is on the first node and the tablet processes on the second
and third, so every call and receipt crosses nodes.

Every process is given every node, its own first (`[broker] urls`, docs/deploy.md 7), as a site
sets them up. Then the node of one tablet is killed with SIGKILL and the tablet presses at once: the
time from the press to the station's ring is the time a patient's call waits when its node dies,
the tablet failing over to the next node of its list. The node is started again after the ring.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from bench.figures import LATENCY_HEADER, latency_row, print_table
from bench.helpcall_latency import Driver, milliseconds
from bench.rig import Rig
from kiosk.wire.broker_url import BrokerUrl
from tests.fixtures.rabbitmq import RabbitCluster, start_cluster

WAIT_S = 120.0


def run_presses(rig: Rig, rooms: list[str], presses: int, rate: float, seed: int) -> Driver:
    """Every tablet sees the station, then `presses` presses at `rate` per second, all done."""
    rng = random.Random(seed)
    driver = Driver(rig, rooms, processes=2)
    driver.wait_ready()
    next_press = time.monotonic()
    for _ in range(presses):
        next_press += rng.expovariate(rate)
        time.sleep(max(0.0, next_press - time.monotonic()))
        driver.press(rng)
    driver.wait_done(presses)
    return driver


def rows(name: str, driver: Driver) -> list[list[str]]:
    calls = list(driver.calls.values())
    return [
        latency_row(f"{name}: press -> station rings", milliseconds([(c.pressed, c.rang) for c in calls])),
        latency_row(
            f"{name}: press -> tablet shows RECEIVED", milliseconds([(c.pressed, c.received) for c in calls])
        ),
    ]


def ring_after_node_kill(cluster: RabbitCluster, rig: Rig, driver: Driver, room: str) -> float:
    """Kill the node of this room's tablet (no call open there) and press at once: seconds from the
    press to the ring, the tablet having failed over to another node; the node is started again after."""
    node = next(node for node in cluster.nodes if node.url == rig.placement[driver.host(room)])
    earlier = {call_id for call_id, call in list(driver.calls.items()) if call.room == room}
    node.kill()
    driver.press_in(room)
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        call = next(
            (c for i, c in list(driver.calls.items()) if c.room == room and c.rang and i not in earlier), None
        )
        if call is not None and call.pressed is not None and call.rang is not None:
            return call.rang - call.pressed
        time.sleep(0.05)
    raise TimeoutError(f"room {room}'s call did not ring within {WAIT_S:g} s of its node's kill")


def cluster_urls(cluster: RabbitCluster) -> list[BrokerUrl]:
    return [node.url for node in cluster.nodes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 presses per broker instead of 600")
    parser.add_argument(
        "--tablets",
        type=int,
        default=100,
        help="at most 10 presses a room: the station budgets a room's new calls",
    )
    parser.add_argument("--rate", type=float, default=10.0, help="presses per second, all tablets together")
    parser.add_argument(
        "--kills",
        type=int,
        default=2,
        help="node kills, one at a time (2: one per tablet process; clients stay on the node they moved to)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    presses = 200 if args.quick else 600
    rooms = [f"r{index:03d}" for index in range(args.tablets)]
    print(
        f"{args.tablets} tablets in 2 processes, 1 station process; {presses} presses at {args.rate:g}/s per broker\n"
    )
    table: list[list[str]] = []
    with Rig() as rig:
        table += rows("Mosquitto", run_presses(rig, rooms, presses, args.rate, args.seed))
    with tempfile.TemporaryDirectory(prefix="lantern-bench-rabbitmq-") as folder:
        began = time.monotonic()
        cluster = start_cluster(Path(folder))
        ready_s = time.monotonic() - began
        try:
            with Rig(brokers=cluster_urls(cluster), failover=True) as rig:
                driver = run_presses(rig, rooms, presses, args.rate, args.seed)
                table += rows("RabbitMQ 3 nodes", driver)
                calls = len(driver.calls)
                off_the_station = [r for r in rooms if rig.placement[driver.host(r)] != cluster.url]
                kills = []
                for room in off_the_station[: args.kills]:
                    kills.append(ring_after_node_kill(cluster, rig, driver, room))
                    cluster.heal()
        finally:
            cluster.stop()
    print_table(LATENCY_HEADER, table)
    print(f"\n{calls} calls on the cluster ('~': fewer than 1000 samples, p99.9 is only indicative)")
    print(
        f"cluster start: {cluster.started_in_s:.1f} s to three joined nodes, {ready_s:.1f} s to MQTT with the site settings"
    )
    for index, from_press in enumerate(kills, 1):
        print(
            f"node kill {index}: the tablet's call rang {from_press:.1f} s after its press at the kill "
            "(every node in its settings, failing over to the next)"
        )


if __name__ == "__main__":
    main()
