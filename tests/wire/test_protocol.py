"""The wire protocol: every valid message parses, everything else is refused with a reason, never a crash."""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.wire.ids import check_id
from kiosk.wire.protocol import (
    MAX_PAYLOAD_BYTES,
    CallKind,
    CallMessage,
    ProtocolError,
    RoomPresence,
    StationPresence,
    StationState,
    StatusMessage,
    Topics,
    encode,
    parse_message,
)

TOPICS = Topics("clinic")
CALL_TOPIC = TOPICS.room("12", "call")


def call_payload(**changes: object) -> bytes:
    fields = {"v": 1, "id": str(uuid.uuid4()), "room": "12", "kind": "check", "pressed_at": 1.5, "attempt": 1}
    fields.update(changes)
    return json.dumps(fields).encode()


def test_each_message_round_trips_through_its_topic() -> None:
    call = CallMessage(id=str(uuid.uuid4()), room="12", kind=CallKind.NOW, pressed_at=10.0, attempt=3)
    status = StatusMessage(
        id=call.id,
        room="12",
        kind=call.kind,
        pressed_at=10.0,
        state=StationState.ON_WAY,
        at=11.0,
        station="desk",
    )
    cases = [
        (TOPICS.room("12", "call"), call),
        (TOPICS.room("12", "status"), status),
        (TOPICS.room("12", "presence"), RoomPresence(room="12", online=False)),
        (
            TOPICS.station("desk", "heartbeat"),
            StationPresence(station="desk", online=True, rings=True, instance="0123abcd"),
        ),
    ]
    for topic, message in cases:
        assert parse_message(TOPICS, topic, encode(message)) == message


def test_the_documented_call_example_parses() -> None:
    payload = (
        b'{"v":1,"id":"9f1c2a4e-8d3b-4c5e-a6f7-0b1c2d3e4f50","room":"12","kind":"check",'
        b'"pressed_at":1767225600.25,"attempt":1}'
    )
    message = parse_message(TOPICS, CALL_TOPIC, payload)
    assert isinstance(message, CallMessage)
    assert message.kind is CallKind.CHECK


@pytest.mark.parametrize(
    ("topic", "payload", "reason"),
    [
        (CALL_TOPIC, b"{not json", "the payload is not JSON"),
        (CALL_TOPIC, b"\xff\xfe", "the payload is not JSON"),
        (CALL_TOPIC, b"[1, 2]", "the payload is not a JSON object"),
        (CALL_TOPIC, call_payload(v=3), "protocol version 3 is not supported"),
        (CALL_TOPIC, call_payload(v=True), "protocol version True is not supported"),
        (CALL_TOPIC, call_payload(v="1"), "protocol version '1' is not supported"),
        (CALL_TOPIC, call_payload(kind="urgent"), "field 'kind'"),
        (CALL_TOPIC, call_payload(pressed_at="yesterday"), "field 'pressed_at'"),
        (CALL_TOPIC, call_payload(pressed_at=-1), "field 'pressed_at'"),
        (CALL_TOPIC, call_payload(attempt=1.5), "field 'attempt'"),
        (CALL_TOPIC, call_payload(attempt="1"), "field 'attempt'"),
        (CALL_TOPIC, call_payload(id="not-a-uuid"), "field 'id'"),
        (CALL_TOPIC, call_payload(name="Mrs Smith"), "field 'name'"),
        (CALL_TOPIC, call_payload(room="13"), "the payload says room '13' but the topic says '12'"),
        (CALL_TOPIC, call_payload(pad="x" * MAX_PAYLOAD_BYTES), "more than the limit"),
        (TOPICS.room("12", "dance"), call_payload(), "the topic is not part of the protocol"),
        (TOPICS.room("a+b", "call"), call_payload(), "the topic is not part of the protocol"),
        (Topics("other").room("12", "call"), call_payload(), "the topic is not part of the protocol"),
    ],
)
def test_malformed_messages_are_refused_with_a_reason(topic: str, payload: bytes, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason.replace("(", r"\(")):
        parse_message(TOPICS, topic, payload)


@given(
    payload=st.binary(max_size=2 * MAX_PAYLOAD_BYTES), leaf=st.sampled_from(["call", "clear", "status", "x"])
)
def test_no_payload_crashes_the_parser(payload: bytes, leaf: str) -> None:
    with contextlib.suppress(ProtocolError):
        parse_message(TOPICS, TOPICS.room("12", leaf), payload)


@given(value=st.text(max_size=40))
def test_ids_are_short_plain_tokens(value: str) -> None:
    try:
        assert check_id(value, "room") == value
    except ValueError as error:
        assert "must be 1 to 32 letters, digits" in str(error)
    else:
        assert value.isascii() and 1 <= len(value) <= 32 and "\n" not in value


def test_every_example_in_the_protocol_document_is_valid() -> None:
    document = (Path(__file__).resolve().parents[2] / "docs" / "protocol.md").read_text()
    examples = re.findall(r"-t (\S+) -m '([^']*)'", document)
    assert len(examples) >= 9
    for topic, payload in examples:
        parse_message(TOPICS, topic, payload.encode())


def test_a_status_says_by_only_for_a_phone_so_version_1_tablets_still_take_it() -> None:
    fields = {
        "id": str(uuid.uuid4()),
        "room": "12",
        "kind": CallKind.NOW,
        "pressed_at": 1767225600.0,
        "state": StationState.ON_WAY,
        "at": 1767225601.0,
        "station": "desk",
    }

    assert "by" not in json.loads(encode(StatusMessage(**fields)))
    assert json.loads(encode(StatusMessage(**fields, by="charge")))["by"] == "charge"
