"""Scripted networked relays on a real broker: paho clients that follow a device's documented topics."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.wire.broker_url import BrokerUrl
from tests.helpcall.support import WAIT_S, Recorder

Answer = Callable[[bool], list[tuple[str, bytes]]]


class ScriptedDevice:
    """Listens on a device's command topic; `answer` says what the device publishes for a command (its
    state, or garbage), and only while `answering`. `commands` records every state asked for."""

    def __init__(
        self,
        broker: BrokerUrl,
        command_topic: str,
        parse: Callable[[bytes], bool],
        answer: Answer,
        client_id: str | None = None,
    ) -> None:
        self.commands: Recorder[bool] = Recorder()
        self.timed: Recorder[tuple[bool, float]] = Recorder()
        """Every command with when it came (time.monotonic())."""
        self.answer = answer
        self.answering = True
        self.closed: bool | None = None
        self._parse = parse
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id or f"device-{uuid.uuid4().hex[:8]}"
        )
        subscribed = threading.Event()
        self._client.on_message = lambda _c, _u, message: self._command(bytes(message.payload))
        self._client.on_subscribe = lambda *_: subscribed.set()
        self._client.on_connect = lambda client, *_: client.subscribe(command_topic, qos=1)
        if broker.username is not None:
            self._client.username_pw_set(broker.username, broker.password)
        self._client.connect(broker.host, broker.port)
        self._client.loop_start()
        if not subscribed.wait(WAIT_S):
            pytest.fail(f"the scripted relay could not subscribe to {command_topic}")

    def _command(self, payload: bytes) -> None:
        closed = self._parse(payload)
        self.closed = closed
        for topic, answer in self.answer(closed) if self.answering else []:
            self._client.publish(topic, answer, qos=1)
        self.commands(closed)
        self.timed((closed, time.monotonic()))

    def next_command(self, after: float) -> bool:
        """The first state asked for after `after` (the relay re-asserts its wanted state often)."""
        return self.timed.wait_for(lambda command: command[1] > after, "a command")[0]

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()


def tasmota(
    request: pytest.FixtureRequest,
    broker: BrokerUrl,
    topic: str,
    *,
    answers: bool = True,
    client_id: str | None = None,
) -> ScriptedDevice:
    """A one-relay Tasmota with `Topic <topic>`: `cmnd/<topic>/POWER1` ON|OFF, answered as Tasmota
    does on `stat/<topic>/RESULT` and `stat/<topic>/POWER1`, or (`answers=False`) not until told to."""

    def parse(payload: bytes) -> bool:
        assert payload in (b"ON", b"OFF"), payload
        return payload == b"ON"

    device = ScriptedDevice(broker, f"cmnd/{topic}/POWER1", parse, tasmota_answer(topic), client_id)
    device.answering = answers
    request.addfinalizer(device.close)
    return device


def tasmota_answer(topic: str) -> Answer:
    """What Tasmota publishes after a POWER1 command."""

    def answer(closed: bool) -> list[tuple[str, bytes]]:
        word = "ON" if closed else "OFF"
        return [
            (f"stat/{topic}/RESULT", json.dumps({"POWER1": word}).encode()),
            (f"stat/{topic}/POWER1", word.encode()),
        ]

    return answer


def shelly(
    request: pytest.FixtureRequest, broker: BrokerUrl, topic: str, *, status_updates: bool = True
) -> ScriptedDevice:
    """A Shelly Gen2 with topic prefix `<topic>`: JSON-RPC `Switch.Set` on `<topic>/rpc`, answered
    with the response frame on `<src>/rpc` and, with "generic status update over MQTT" on, the
    switch's status on `<topic>/status/switch:0`."""
    asked: dict[str, object] = {}

    def parse(payload: bytes) -> bool:
        frame = json.loads(payload)
        assert frame["method"] == "Switch.Set" and frame["params"]["id"] == 0, frame
        asked.update(frame)
        return bool(frame["params"]["on"])

    def answer(closed: bool) -> list[tuple[str, bytes]]:
        response = {
            "id": asked["id"],
            "src": "shellyplus1-a8032ab12345",
            "dst": asked["src"],
            "result": {"was_on": not closed},
        }
        status = {"id": 0, "source": "MQTT", "output": closed, "temperature": {"tC": 41.2, "tF": 106.2}}
        statuses = [(f"{topic}/status/switch:0", json.dumps(status).encode())] if status_updates else []
        return [(f"{asked['src']}/rpc", json.dumps(response).encode()), *statuses]

    device = ScriptedDevice(broker, f"{topic}/rpc", parse, answer)
    request.addfinalizer(device.close)
    return device
