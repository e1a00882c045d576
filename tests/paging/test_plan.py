"""Escalation tiers applied, with a made-up clock: each phone once per tier, never for an answered or
test call; which pages are done is the ledger's business, so the plan says what is due from the calls."""

from __future__ import annotations

from kiosk.config.deployment import EscalationTier, PhoneTarget
from kiosk.paging.plan import EscalationPlan
from kiosk.wire.protocol import CallKind
from tests.station.calls import answered, call

TIERS = [
    EscalationTier(after_seconds=180, notify=["everyone"]),
    EscalationTier(after_seconds=60, notify=["charge"]),
]
PHONES = [
    PhoneTarget(name="charge", url="json://localhost/charge", tags=["charge", "everyone"]),
    PhoneTarget(name="floor", url="json://localhost/floor", tags=["everyone"]),
]


def test_tiers_come_due_in_order_for_the_phones_with_their_tags() -> None:
    plan = EscalationPlan(TIERS, PHONES)
    waiting = call(at=1000.0)

    assert plan.due([waiting], 1059.9) == []
    assert plan.next_at([waiting], set()) == 1060.0
    assert [(p.tier, p.phone.name) for p in plan.due([waiting], 1060.0)] == [(0, "charge")]
    done = {(waiting.id, "charge", 0)}
    assert plan.next_at([waiting], done) == 1180.0
    assert [(p.tier, p.phone.name) for p in plan.due([waiting], 1200.0)] == [
        (0, "charge"),
        (1, "charge"),
        (1, "floor"),
    ]
    done |= {(waiting.id, "charge", 1), (waiting.id, "floor", 1)}
    assert plan.next_at([waiting], done) is None


def test_answering_stops_the_next_tier() -> None:
    plan = EscalationPlan(TIERS, PHONES)
    on_way = answered(call(at=1000.0), 1075.0)

    assert plan.due([on_way], 1300.0) == []
    assert plan.next_at([on_way], set()) is None


def test_a_room_pages_once_for_its_oldest_call_of_a_kind_and_test_calls_never_page() -> None:
    plan = EscalationPlan(TIERS, PHONES)
    early, again, late = (
        call("11", CallKind.NOW, at=1000.0),
        call("11", CallKind.NOW, at=1010.0),
        call("12", at=1030.0),
    )
    test = call("13", CallKind.TEST, at=900.0)

    assert [(p.call.id, p.phone.name) for p in plan.due([again, early, late, test], 1060.0)] == [
        (early.id, "charge")
    ]
    assert [p.call.room for p in plan.due([early, late, test], 1090.0)] == ["11", "12"]


def test_no_tiers_means_no_pages() -> None:
    plan = EscalationPlan([], PHONES)

    assert plan.due([call(at=0.0)], 10_000.0) == []
    assert plan.next_at([call(at=0.0)], set()) is None


def test_tiers_can_be_for_one_kind_so_help_now_pages_sooner() -> None:
    plan = EscalationPlan(
        [
            EscalationTier(after_seconds=30, notify=["charge"], kinds=["now"]),
            EscalationTier(after_seconds=120, notify=["charge"], kinds=["check"]),
            EscalationTier(after_seconds=300, notify=["everyone"]),
        ],
        [*PHONES[1:], PhoneTarget(name="charge", url="json://localhost/c", tags=["charge"])],
    )
    now, check = call("11", CallKind.NOW, at=1000.0), call("12", CallKind.CHECK, at=1000.0)
    calls = [now, check, call("13", CallKind.TEST, at=1000.0)]

    assert plan.next_at(calls, set()) == 1030.0
    assert [(p.call.room, p.phone.name) for p in plan.due(calls, 1030.0)] == [("11", "charge")]
    assert plan.next_at(calls, {(now.id, "charge", 0)}) == 1120.0
    assert [(p.call.room, p.tier) for p in plan.due(calls, 1300.0)] == [
        ("11", 0),
        ("11", 2),
        ("12", 1),
        ("12", 2),
    ]
