"""Escalation tiers with a made-up clock: each tier once per call, never for an answered or test call."""

from __future__ import annotations

from kiosk.config.deployment import EscalationTier
from kiosk.station.escalation import Escalator
from kiosk.wire.protocol import CallKind
from tests.station.calls import answered, call

TIERS = [
    EscalationTier(after_seconds=180, notify=["everyone"]),
    EscalationTier(after_seconds=60, notify=["charge"]),
]


def test_tiers_come_due_in_order_each_once() -> None:
    escalator = Escalator(TIERS)
    waiting = call(at=1000.0)

    assert escalator.due([waiting], 1059.9) == []
    assert escalator.next_due_at([waiting]) == 1060.0
    first = escalator.due([waiting], 1060.0)
    assert [(e.tier, e.tags, e.waited_s) for e in first] == [(0, ("charge",), 60.0)]
    assert escalator.due([waiting], 1061.0) == []
    assert escalator.next_due_at([waiting]) == 1180.0
    second = escalator.due([waiting], 1200.0)
    assert [(e.tier, e.tags, e.call.id) for e in second] == [(1, ("everyone",), waiting.id)]
    assert escalator.due([waiting], 5000.0) == []
    assert escalator.next_due_at([waiting]) is None


def test_a_call_found_late_gets_every_tier_that_is_due() -> None:
    escalator = Escalator(TIERS)

    due = escalator.due([call(at=1000.0)], 1500.0)

    assert [e.tags for e in due] == [("charge",), ("everyone",)]


def test_answering_stops_the_next_tier() -> None:
    escalator = Escalator(TIERS)
    waiting = call(at=1000.0)
    assert len(escalator.due([waiting], 1070.0)) == 1

    on_way = answered(waiting, 1075.0)

    assert escalator.due([on_way], 1300.0) == []
    assert escalator.next_due_at([on_way]) is None


def test_each_call_has_its_own_tiers_and_test_calls_never_escalate() -> None:
    escalator = Escalator(TIERS)
    early, late = call("11", CallKind.NOW, at=1000.0), call("12", at=1030.0)
    test = call("13", CallKind.TEST, at=900.0)

    assert [e.call.room for e in escalator.due([early, late, test], 1060.0)] == ["11"]
    assert [e.call.room for e in escalator.due([early, late, test], 1090.0)] == ["12"]


def test_no_tiers_means_no_pushes() -> None:
    escalator = Escalator([])

    assert escalator.due([call(at=0.0)], 10_000.0) == []
    assert escalator.next_due_at([call(at=0.0)]) is None


def test_tiers_can_be_for_one_kind_so_help_now_pages_sooner() -> None:
    escalator = Escalator(
        [
            EscalationTier(after_seconds=30, notify=["charge"], kinds=["now"]),
            EscalationTier(after_seconds=120, notify=["charge"], kinds=["check"]),
            EscalationTier(after_seconds=300, notify=["everyone"]),
        ]
    )
    now, check = call("11", CallKind.NOW, at=1000.0), call("12", CallKind.CHECK, at=1000.0)
    test = call("13", CallKind.TEST, at=1000.0)
    calls = [now, check, test]

    assert escalator.next_due_at(calls) == 1030.0
    assert [(e.call.room, e.tags) for e in escalator.due(calls, 1030.0)] == [("11", ("charge",))]
    assert escalator.next_due_at(calls) == 1120.0
    assert escalator.due(calls, 1119.9) == []
    assert [(e.call.room, e.tags) for e in escalator.due(calls, 1120.0)] == [("12", ("charge",))]
    assert escalator.next_due_at(calls) == 1300.0
    assert [(e.call.room, e.tags) for e in escalator.due(calls, 1300.0)] == [
        ("11", ("everyone",)),
        ("12", ("everyone",)),
    ]
    assert escalator.next_due_at(calls) is None, "the test call never reaches a phone"
