"""Phone alerts through real Apprise to a real HTTP receiver on loopback (json:// and ntfy://)."""

from __future__ import annotations

import json

import pytest

from kiosk.config.deployment import PhoneTarget
from kiosk.station.calllog import StationCall
from kiosk.station.escalation import Escalation
from kiosk.station.phones import PhoneAlerts, with_priority
from kiosk.wire.broker import free_port
from kiosk.wire.protocol import CallKind, StationState
from tests.fixtures.http_receiver import Receiver
from tests.helpcall.support import WAIT_S, Recorder


def escalation(kind: CallKind = CallKind.NOW, tags: tuple[str, ...] = ("charge",)) -> Escalation:
    call = StationCall(
        "9f1c2a4e-8d3b-4c5e-a6f7-0b1c2d3e4f50", "12", kind, 1000.0, 1000.0, StationState.RECEIVED, 1000.0
    )
    return Escalation(call, 0, tags, 65.0)


def alerts(
    request: pytest.FixtureRequest, phones: list[PhoneTarget]
) -> tuple[PhoneAlerts, Recorder[str | None]]:
    problems: Recorder[str | None] = Recorder()
    sender = PhoneAlerts(phones, problems)
    request.addfinalizer(sender.close)
    return sender, problems


@pytest.mark.parametrize(("kind", "priority"), [(CallKind.NOW, "max"), (CallKind.CHECK, "high")])
def test_ntfy_gets_the_priority_of_the_kind_of_call(
    request: pytest.FixtureRequest, receiver: Receiver, kind: CallKind, priority: str
) -> None:
    url = f"ntfy://127.0.0.1:{receiver.port}/lantern-charge"
    sender, problems = alerts(request, [PhoneTarget(url=url, tags=["charge"])])

    assert sender.send(escalation(kind), "Recovery 12").result(WAIT_S)

    _, headers, body = receiver.posts.wait_for(lambda post: True, "the ntfy post")
    assert headers["X-Priority"] == priority
    words = {"now": "help now", "check": "check on me"}[kind.value]
    assert json.loads(body) == {
        "topic": "lantern-charge",
        "title": f"Recovery 12: {words}",
        "message": "Recovery 12 is waiting. Not answered at the nurse station for 1:05.",
    }
    assert problems.seen == [] and sender.problem is None


def test_tags_choose_the_phones(request: pytest.FixtureRequest, receiver: Receiver) -> None:
    phones = [
        PhoneTarget(url=f"json://127.0.0.1:{receiver.port}/charge", tags=["charge", "everyone"]),
        PhoneTarget(url=f"json://127.0.0.1:{receiver.port}/floor", tags=["everyone"]),
    ]
    sender, _ = alerts(request, phones)

    assert sender.send(escalation(tags=("charge",)), "Recovery 12").result(WAIT_S)
    assert sender.send(escalation(tags=("everyone",)), "Recovery 12").result(WAIT_S)

    paths = [receiver.posts.wait_for(lambda post: True, f"post {n}")[0] for n in range(3)]
    assert paths == ["/charge", "/charge", "/floor"]
    assert json.loads(receiver.posts.seen[0][2])["title"] == "Recovery 12: help now"


def test_a_failed_push_is_a_problem_without_the_secret_and_clears_on_success(
    request: pytest.FixtureRequest, receiver: Receiver
) -> None:
    dead = free_port()
    phones = [
        PhoneTarget(url=f"json://lantern:hunter2@127.0.0.1:{dead}/private-path", tags=["charge"]),
        PhoneTarget(url=f"json://127.0.0.1:{receiver.port}/ok", tags=["charge"]),
    ]
    sender, problems = alerts(request, phones)

    assert not sender.send(escalation(), "Recovery 12").result(WAIT_S)

    problem = problems.wait_for(lambda p: p is not None, "the problem")
    assert problem == f"A phone alert to json://127.0.0.1:{dead} failed (Recovery 12)."
    receiver.posts.wait_for(lambda post: post[0] == "/ok", "the other phone still gets it")
    receiver.status = 500
    assert not sender.send(escalation(tags=("charge",)), "Recovery 3").result(WAIT_S)
    assert f"json://127.0.0.1:{receiver.port} failed (Recovery 3)" in (sender.problem or "")
    receiver.status = 200
    sender.send(escalation(), "Recovery 3").result(WAIT_S)
    assert sender.problem == f"A phone alert to json://127.0.0.1:{dead} failed (Recovery 3)."
    assert all("hunter2" not in (p or "") and "private-path" not in (p or "") for p in problems.seen)


def test_an_address_apprise_cannot_use_is_a_problem_from_the_start(request: pytest.FixtureRequest) -> None:
    sender, _ = alerts(request, [PhoneTarget(url="nosuchservice://secret@host", tags=["charge"])])

    assert sender.problem == "Phone 1 in the settings is not an address Apprise can use (nosuchservice://…)."


def test_priority_is_added_only_where_the_service_has_one_and_the_url_sets_none() -> None:
    assert with_priority("ntfy://host/topic", CallKind.NOW) == "ntfy://host/topic?priority=max"
    assert (
        with_priority("ntfys://host/topic?tags=x", CallKind.CHECK)
        == "ntfys://host/topic?tags=x&priority=high"
    )
    assert with_priority("ntfy://host/topic?priority=low", CallKind.NOW) == "ntfy://host/topic?priority=low"
    assert with_priority("pover://user@token", CallKind.NOW) == "pover://user@token?priority=emergency"
    assert with_priority("json://host/path", CallKind.NOW) == "json://host/path"
    assert with_priority("ntfy://host/topic", CallKind.TEST) == "ntfy://host/topic"
