"""The documented MQTT topics of networked relays: what to send for a state, and what a device's
own message says of its state. A device is untrusted input: anything that is not exactly one of the
documented forms is None (ignored), never an exception.

- Tasmota: `cmnd/<topic>/POWER<n>` with `ON` or `OFF`; it answers on `stat/<topic>/POWER<n>` (`ON`,
  `OFF`) and `stat/<topic>/RESULT` (`{"POWER<n>":"ON"}`, or `"POWER"` for relay 1 of a one-relay device).
- Shelly Gen2 and newer (Plus, Pro, Gen3, Gen4): a JSON-RPC 2.0 request `Switch.Set` on
  `<topic>/rpc`; its response comes on `<src>/rpc` (here `<topic>/lantern/rpc`), and with "generic
  status update over MQTT" on, the switch's status on `<topic>/status/switch:<n>` (`"output"`).
  Gen1 devices (`shellies/...`) are not supported.
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import Protocol

MAX_DEVICE_PAYLOAD = 4096
"""A relay's status is a few hundred bytes; a larger message is not read at all."""


class RelayDevice(Protocol):
    status_topics: tuple[str, ...]

    def command(self, closed: bool) -> tuple[str, bytes]: ...
    def state(self, topic: str, payload: bytes) -> bool | None: ...


def _json_object(payload: bytes) -> dict[str, object] | None:
    if len(payload) > MAX_DEVICE_PAYLOAD:
        return None
    try:
        data = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


class Tasmota:
    def __init__(self, topic: str, relay: int = 1) -> None:
        self._power = f"POWER{relay}"
        self._names = {self._power, "POWER"} if relay == 1 else {self._power}
        self._command = f"cmnd/{topic}/{self._power}"
        self._stat = f"stat/{topic}/{self._power}"
        self._result = f"stat/{topic}/RESULT"
        self.status_topics: tuple[str, ...] = (self._stat, self._result)

    def command(self, closed: bool) -> tuple[str, bytes]:
        return self._command, b"ON" if closed else b"OFF"

    def state(self, topic: str, payload: bytes) -> bool | None:
        if topic == self._stat:
            return _on_off(payload)
        if topic != self._result:
            return None
        data = _json_object(payload)
        found = [data[name] for name in self._names if data is not None and name in data]
        if len(found) != 1 or not isinstance(found[0], str):
            return None
        return _on_off(found[0].encode())


def _on_off(word: bytes) -> bool | None:
    return {b"ON": True, b"OFF": False}.get(word)


class ShellyRpc:
    """Each request has an id of its own; a response counts only for a request we sent, as the state
    that request asked for (`Switch.Set` answers with the state before, `was_on`)."""

    def __init__(self, topic: str, relay: int = 0) -> None:
        self._topic = topic
        self._relay = relay
        self._src = f"{topic}/lantern"
        self._status = f"{topic}/status/switch:{relay}"
        self._response = f"{self._src}/rpc"
        self.status_topics: tuple[str, ...] = (self._status, self._response)
        self._ids = itertools.count(1)
        self._asked: dict[int, bool] = {}
        self._lock = threading.Lock()

    def command(self, closed: bool) -> tuple[str, bytes]:
        with self._lock:
            request = next(self._ids)
            self._asked = {request: closed}
        frame = {
            "jsonrpc": "2.0",
            "id": request,
            "src": self._src,
            "method": "Switch.Set",
            "params": {"id": self._relay, "on": closed},
        }
        return f"{self._topic}/rpc", json.dumps(frame).encode()

    def state(self, topic: str, payload: bytes) -> bool | None:
        data = _json_object(payload)
        if data is None:
            return None
        if topic == self._status:
            output = data.get("output")
            return output if data.get("id") == self._relay and isinstance(output, bool) else None
        if topic != self._response or not isinstance(data.get("result"), dict) or "error" in data:
            return None
        request = data.get("id")
        with self._lock:
            return self._asked.get(request) if type(request) is int else None
