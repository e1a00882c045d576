"""The station's content server on a real Mosquitto: a tablet's ask is untrusted input, so a room that
floods asks gets its small budget's worth and no more, and the other rooms are still answered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.publishing.contentset import ContentSet
from kiosk.publishing.server import ASK_BURST, ContentServer
from kiosk.publishing.versions import VersionStore
from kiosk.wire.content_protocol import ContentTopics
from kiosk.wire.protocol import Topics
from tests.fixtures.broker import RunningBroker
from tests.helpcall.support import probe, unique_site

from .test_publish import content_folder

FLOOD = 300


def ask(room: str, **fields: object) -> bytes:
    return json.dumps({"v": 1, "room": room, **fields}).encode()


def test_a_flood_of_asks_from_one_room_is_budgeted_and_the_others_are_answered(
    request: pytest.FixtureRequest, tmp_path: Path, mosquitto: RunningBroker
) -> None:
    site = unique_site()
    topics = ContentTopics(Topics(site))
    store = VersionStore(tmp_path / "versions")
    request.addfinalizer(store.close)
    manifest = store.add(ContentSet.read(content_folder(tmp_path, "set")), "desk")
    heard = probe(request, mosquitto.url, f"{topics.root}/station/desk/#")
    server = ContentServer(mosquitto.url, site, "desk", store)
    server.start()
    request.addfinalizer(server.stop)
    heard.messages.wait_for(lambda message: message[0] == topics.roll_call("desk"), "the server's roll call")
    wanted = manifest.files["content.yaml"].sha256
    first_chunk = f"{topics.file('desk', wanted)}/0"

    for _ in range(FLOOD):
        heard.publish(topics.ask("66"), ask("66", has=0, station="desk", file=wanted))
        heard.publish(topics.ask("66"), ask("66", has=0, station="desk", file="0" * 64))  # not in the set
        heard.publish(topics.ask("66"), ask("12", has=0))  # speaking for another room
    heard.publish(topics.ask("12"), ask("12", has=0))

    heard.messages.wait_for(lambda message: message[0] == topics.manifest("desk"), "room 12's answer")
    resent = sum(1 for topic, _ in heard.messages.seen if topic == first_chunk)
    assert 1 <= resent <= ASK_BURST, resent
    assert not any("/file/" + "0" * 64 in topic for topic, _ in heard.messages.seen)
