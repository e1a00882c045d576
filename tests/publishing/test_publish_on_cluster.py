"""Publishing on the 3-node RabbitMQ cluster, with the per-device logins deploy/rabbitmq makes: RabbitMQ
keeps a retained message on one node and gives none to a wildcard subscription, so a kiosk that starts
after a publish gets the set only because it asks and the station's content server answers, and
`lantern content publish` hears which tablets are online only from its content roll call."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.publishing.server import ContentServer
from kiosk.publishing.station_link import StationPublisher
from kiosk.publishing.tablet_link import TabletContentLink
from kiosk.publishing.versions import VERSIONS_FOLDER, VersionStore
from tests.deploy.test_rabbitmq_permissions import Site, try_to
from tests.deploy.test_rabbitmq_permissions import site as site  # the fixture: one site for the module
from tests.fixtures.kiosk_process import start_kiosk
from tests.fixtures.rabbitmq import ClusterBroker, RabbitCluster
from tests.helpcall.support import REPO, WAIT_S, probe, wait_until

from .test_publish import NEW_PHONE, content_folder, new_phone

pytestmark = pytest.mark.rabbitmq

STATION_NODE, TABLET_NODE = 0, 1
"""The station and the tablet on different nodes: a retained message stays on the node it came to."""


def lantern_content(tmp_path: Path, site: Site, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`lantern content` at the station, as `station-desk` on the station's node."""
    login = site.login("station-desk")
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "content", "--broker", f"mqtt://{login.username}@"
         f"{login.host}:{login.port}", *arguments],
        cwd=REPO,
        env={
            "LANTERN_DATA_DIR": str(tmp_path / "station"),
            "LANTERN_CONFIG": str(tmp_path / "lantern.toml"),
            "LANTERN_BROKER_PASSWORD": login.password or "",
            "PATH": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip


@pytest.mark.timeout(240)
def test_a_kiosk_started_after_a_publish_gets_it_and_the_next_publish_hears_it(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    rabbitmq_cluster: RabbitCluster,
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cluster = rabbitmq_cluster
    assert site.url == cluster.nodes[STATION_NODE].url
    settings = f'site = "{site.name}"\nstations = ["desk"]\n[station]\nid = "desk"\n'
    (tmp_path / "lantern.toml").write_text(settings, encoding="utf-8")
    store = VersionStore(tmp_path / "station" / VERSIONS_FOLDER)
    request.addfinalizer(store.close)
    server = ContentServer(site.login("station-desk"), site.name, "desk", store)  # as the console runs it
    server.start()
    request.addfinalizer(server.stop)

    first = lantern_content(tmp_path, site, "publish", str(content_folder(tmp_path, "edited", new_phone)))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "No tablet is online" in first.stdout

    tablet = site.login("11")
    monkeypatch.setenv("LANTERN_BROKER_PASSWORD", tablet.password or "")
    node = ClusterBroker(cluster, TABLET_NODE)
    began = time.monotonic()
    late = start_kiosk(
        request,
        tmp_path / "kiosk-11",
        node,
        "--config",
        str(tmp_path / "lantern.toml"),
        "--broker",
        f"mqtt://{tablet.username}@127.0.0.1:{node.port}",
        room="11",
    )
    up = time.monotonic()
    wait_until(
        lambda: "published/sets/v1/content.yaml" in late.log.read_text(),
        "the kiosk started after the publish to show version 1",
        timeout=60,
    )
    done = time.monotonic()
    print(f"late kiosk: up in {up - began:.1f} s, showed version 1 {done - up:.1f} s later")

    shown = tmp_path / "kiosk-11" / "published" / "sets" / "v1" / "content.yaml"
    assert NEW_PHONE in shown.read_text(encoding="utf-8")

    # Version 2 has version 1's files, which the kiosk holds: it asks for none, so only the roll call
    # tells `lantern content` that room 11 is there to wait for.
    second = lantern_content(tmp_path, site, "rollback", "1")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.splitlines() == ["room 11: shows version 2"]


def test_a_publisher_hears_a_tablet_that_was_there_before_it_through_its_roll_call(
    request: pytest.FixtureRequest, tmp_path: Path, rabbitmq_cluster: RabbitCluster, site: Site
) -> None:
    """No retained presence reaches `room/+/presence` here, and the tablet has nothing to report or ask
    for: only the publisher's content roll call tells it that room 12 is there to wait for."""
    asks = probe(request, site.url, site.topic("content/room/+/ask"))  # the test login: every right
    tablet_login = replace(
        site.login("12"), host="127.0.0.1", port=rabbitmq_cluster.nodes[TABLET_NODE].mqtt_port
    )
    tablet = TabletContentLink(
        tablet_login, site.name, "12", tmp_path / "tablet", stations=frozenset({"desk"}), on_ready=print
    )
    tablet.start()
    request.addfinalizer(tablet.stop)
    asks.messages.wait_for(lambda message: b'"room":"12"' in message[1], "room 12 to say it is there")

    publisher = StationPublisher(site.login("station-desk"), site.name, "desk")
    publisher.start()
    request.addfinalizer(publisher.stop)
    assert publisher.wait_connected(WAIT_S)
    wait_until(lambda: "12" in publisher.expected_rooms(), "the publisher to hear room 12")


ROOM = "lantern-content-{site}-room-11"
SERVER = "lantern-content-{site}-station-desk-server"


@pytest.mark.parametrize(
    ("device", "client_id", "topic", "publish", "allowed"),
    [
        ("11-content", ROOM, "content/room/11-content/ask", True, True),
        ("11-content", ROOM, "content/room/12-content/ask", True, False),  # asking as another room
        ("11-content", ROOM, "content/station/desk/rollcall", True, False),  # a roll call as a station
        ("11-content", ROOM, "content/station/+/rollcall", False, True),
        ("11-content", ROOM, "content/room/+/ask", False, False),  # what other rooms ask
        ("11-content", SERVER, "content/station/+/rollcall", False, False),  # the server's session queue
        ("station-desk-content", SERVER, "content/room/+/ask", False, True),
        ("station-desk-content", SERVER, "content/station/desk/manifest", True, True),
        ("station-desk-content", SERVER, "content/station/hall/rollcall", True, False),
    ],
)
def test_the_content_roll_call_and_asks_are_each_device_s_own(
    site: Site, device: str, client_id: str, topic: str, publish: bool, allowed: bool
) -> None:
    login, name = site.login(device), client_id.format(site=site.name)
    if publish:
        assert try_to(login, name, publish=site.topic(topic)) is allowed
    else:
        assert try_to(login, name, subscribe=site.topic(topic)) is allowed
