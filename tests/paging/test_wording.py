"""What each service gets: its own priority words, a distinct type per kind, buttons for ntfy and a
link for the rest, and the room's label only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import apprise
import pytest

from kiosk.paging.wording import Answer, page, taken
from kiosk.wire.protocol import CallKind

ANSWER = Answer("http://desk.clinic.lan:8765/c/TOKEN", None)


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize(
    ("url", "kind", "priority"),
    [
        ("ntfy://host/topic", CallKind.NOW, "max"),
        ("ntfys://host/topic", CallKind.CHECK, "high"),
        ("pover://user@token", CallKind.NOW, "emergency"),
        ("pover://user@token", CallKind.CHECK, "high"),
    ],
)
def test_services_with_priorities_get_theirs(url: str, kind: CallKind, priority: str) -> None:
    assert query(page(url, "Recovery 3", kind, 65.0, None).url)["priority"] == [priority]


def test_a_priority_or_retry_set_in_the_url_is_kept() -> None:
    pushed = page(
        "pover://user@token?priority=high&retry=60&expire=3600", "Recovery 3", CallKind.NOW, 5.0, None
    )
    assert query(pushed.url) == {"priority": ["high"], "retry": ["60"], "expire": ["3600"]}


def test_every_service_can_tell_the_kinds_apart_by_type_and_title() -> None:
    now = page("json://host/path", "Recovery 3", CallKind.NOW, 65.0, None)
    check = page("mailto://user:pass@host", "Recovery 3", CallKind.CHECK, 65.0, None)
    done = taken("json://host/path", "Recovery 3", "on phone charge")

    assert (now.notify_type, now.title) == (apprise.NotifyType.FAILURE, "HELP NOW · Recovery 3")
    assert (check.notify_type, check.title) == (apprise.NotifyType.WARNING, "Check on me · Recovery 3")
    assert (done.notify_type, done.title) == (apprise.NotifyType.SUCCESS, "Taken · Recovery 3")
    assert now.body == "Recovery 3 is waiting: help now, not answered for 1:05."
    assert done.body == "Recovery 3 was answered on phone charge. Nothing more to do for this call."
    assert now.url == "json://host/path", "no priority for a service without one"


def test_ntfy_gets_buttons_and_others_get_the_link() -> None:
    ntfy = page("ntfy://host/topic", "Recovery 3", CallKind.NOW, 5.0, Answer(ANSWER.link, "(555) 010-0100"))
    sms = page("json://host/path", "Recovery 3", CallKind.NOW, 5.0, ANSWER)

    assert query(ntfy.url)["actions"] == [
        f"http, On my way, {ANSWER.link}/on-my-way, method=POST, clear=true; view, Call the desk, tel:5550100100"
    ]
    assert query(ntfy.url)["click"] == [ANSWER.link]
    assert ANSWER.link not in ntfy.body
    assert sms.body.endswith(f"\nAnswer: {ANSWER.link}")
    assert "actions" not in query(sms.url)


def test_the_taken_notice_is_quiet_where_the_service_allows() -> None:
    assert query(taken("ntfy://host/topic", "Recovery 3", "at console desk").url)["priority"] == ["default"]
    assert query(taken("pover://user@token", "Recovery 3", "at the bedside").url)["priority"] == ["normal"]
