"""deploy/rabbitmq's policies on a real 3-node cluster: a persistent session's queue is a quorum queue
under the shipped limits, and a flood for an offline session keeps only the newest messages."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from tests.fixtures.rabbitmq import RabbitCluster
from tests.helpcall.support import WAIT_S, unique_site, wait_until

pytestmark = pytest.mark.rabbitmq

QOS1_LIMIT = 5000


def queues(cluster: RabbitCluster) -> dict[str, dict[str, Any]]:
    listed = cluster.ctl(
        "list_queues", "-p", "lantern", "name", "type", "policy", "messages", "--formatter", "json", "--quiet"
    )
    return {queue["name"]: queue for queue in json.loads(listed or "[]")}


def leave_a_session(cluster: RabbitCluster, client_id: str, topic: str, qos: int) -> None:
    """A persistent session subscribed to `topic`, then gone (as a station switched off)."""
    subscribed = threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=False)
    client.on_subscribe = lambda *_: subscribed.set()
    client.on_connect = lambda connected, *_: connected.subscribe(topic, qos=qos)
    client.connect(cluster.url.host, cluster.url.port)
    client.loop_start()
    try:
        assert subscribed.wait(WAIT_S), f"could not subscribe to {topic}"
    finally:
        client.disconnect()
        client.loop_stop()


def publish(cluster: RabbitCluster, topic: str, count: int) -> None:
    """`count` messages at QoS 1, each routed before its PUBACK."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"flood-{uuid.uuid4().hex[:8]}")
    client.connect(cluster.url.host, cluster.url.port)
    client.loop_start()
    try:
        sent = [client.publish(topic, b'{"v":1}', qos=1) for _ in range(count)]
        for info in sent:
            info.wait_for_publish(WAIT_S)
    finally:
        client.disconnect()
        client.loop_stop()


def test_sessions_are_quorum_queues_under_the_shipped_policies(rabbitmq_cluster: RabbitCluster) -> None:
    site = unique_site()
    client_id = f"lantern-station-{site}-desk"
    leave_a_session(rabbitmq_cluster, client_id, f"lantern/v1/{site}/room/+/+", qos=1)
    queue = queues(rabbitmq_cluster)[f"mqtt-subscription-{client_id}qos1"]
    assert (queue["type"], queue["policy"]) == ("quorum", "lantern-sessions")


def test_a_flood_for_an_offline_session_keeps_only_the_newest_messages(
    rabbitmq_cluster: RabbitCluster,
) -> None:
    """Heartbeats heard at QoS 1 (as through `room/+/+` today) pile up for a station that is away; the
    policy keeps the newest 5000. What it heard at QoS 0 is not kept for it at all."""
    site = unique_site()
    client_id = f"lantern-station-{site}-desk"
    heartbeats, calls = f"lantern/v1/{site}/room/12/heartbeat", f"lantern/v1/{site}/room/12/call"
    leave_a_session(rabbitmq_cluster, client_id, heartbeats, qos=1)
    leave_a_session(rabbitmq_cluster, client_id, calls, qos=0)
    name = f"mqtt-subscription-{client_id}qos1"

    publish(rabbitmq_cluster, heartbeats, QOS1_LIMIT + 500)
    publish(rabbitmq_cluster, calls, 10)

    wait_until(lambda: queues(rabbitmq_cluster)[name]["messages"] >= QOS1_LIMIT, "the heartbeats to queue")
    kept = queues(rabbitmq_cluster)
    assert (kept[name]["policy"], kept[name]["messages"]) == ("lantern-sessions", QOS1_LIMIT), kept[name]
    assert f"mqtt-subscription-{client_id}qos0" not in kept
