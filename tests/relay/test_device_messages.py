"""What networked relays say of themselves is untrusted: only the documented forms count, and nothing
a device sends can raise."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from kiosk.relay.devices import ShellyRpc, Tasmota


def test_tasmota_states_in_its_documented_forms() -> None:
    relay = Tasmota("12-relay")
    assert relay.command(True) == ("cmnd/12-relay/POWER1", b"ON")
    assert relay.state("stat/12-relay/POWER1", b"ON") is True
    assert relay.state("stat/12-relay/RESULT", b'{"POWER":"OFF"}') is False
    assert relay.state("stat/12-relay/RESULT", b'{"POWER1":"ON"}') is True
    second = Tasmota("12-relay", 2)
    assert second.state("stat/12-relay/RESULT", b'{"POWER":"ON"}') is None  # that is relay 1's word
    assert second.state("stat/12-relay/RESULT", b'{"POWER2":"OFF","POWER1":"ON"}') is False


def test_shelly_counts_only_answers_to_its_own_requests() -> None:
    relay = ShellyRpc("12-relay")
    topic, payload = relay.command(True)
    request = json.loads(payload)
    assert topic == "12-relay/rpc"
    assert (request["method"], request["params"], request["src"]) == (
        "Switch.Set",
        {"id": 0, "on": True},
        "12-relay/lantern",
    )
    answer = {
        "id": request["id"],
        "src": "shellyplus1-x",
        "dst": "12-relay/lantern",
        "result": {"was_on": False},
    }
    assert relay.state("12-relay/lantern/rpc", json.dumps(answer).encode()) is True
    forged = {**answer, "id": request["id"] + 1}
    assert relay.state("12-relay/lantern/rpc", json.dumps(forged).encode()) is None
    failed = {"id": request["id"], "src": "shellyplus1-x", "error": {"code": -103, "message": "x"}}
    assert relay.state("12-relay/lantern/rpc", json.dumps(failed).encode()) is None
    assert relay.state("12-relay/status/switch:0", b'{"id":0,"output":false}') is False
    assert relay.state("12-relay/status/switch:0", b'{"id":1,"output":true}') is None
    assert relay.state("12-relay/status/switch:0", b'{"id":0,"output":1}') is None


@given(
    topic=st.sampled_from(["stat/r/POWER1", "stat/r/RESULT", "r/rpc", "r/status/switch:0", "r/lantern/rpc"]),
    payload=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
)
def test_no_payload_makes_a_parser_raise(topic: str, payload: bytes) -> None:
    for relay in (Tasmota("r"), ShellyRpc("r")):
        assert relay.state(topic, payload) in (True, False, None)
