"""What a page says and how loud it is, in each service's own terms, built at the moment it goes out.

Priority follows the kind of call where the service has one: ntfy max for "help now", high for
"check on me", default for "taken"; Pushover emergency, high and normal (its `retry` and `expire`
come from the phone's URL); every other service gets a distinct Apprise type (failure, warning,
success), which json:// sends as `type` and email shows in its subject's title. ntfy pages carry
buttons; every other service gets the answer link in the text. Never anything about the patient:
a room's label, the kind of call and the wait.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import apprise

from kiosk.station.board import KIND_WORDS, format_duration
from kiosk.wire.protocol import CallKind

_NTFY = {"ntfy", "ntfys"}
_PRIORITY: dict[str, dict[CallKind | None, str]] = {
    "ntfy": {CallKind.NOW: "max", CallKind.CHECK: "high", None: "default"},
    "ntfys": {CallKind.NOW: "max", CallKind.CHECK: "high", None: "default"},
    "pover": {CallKind.NOW: "emergency", CallKind.CHECK: "high", None: "normal"},
}
_TYPE = {CallKind.NOW: apprise.NotifyType.FAILURE, CallKind.CHECK: apprise.NotifyType.WARNING}


@dataclass(frozen=True)
class Push:
    """One message for one phone: its Apprise URL (with priority, buttons and click link), title, text, type."""

    url: str
    title: str
    body: str
    notify_type: apprise.NotifyType


@dataclass(frozen=True)
class Answer:
    """How a phone answers this page: its own link, and the desk's number for the charge nurse."""

    link: str
    desk_phone: str | None


def page(url: str, label: str, kind: CallKind, waited_s: float, answer: Answer | None) -> Push:
    """A call still waiting, for one phone; `answer` None when no console takes phones' answers."""
    title = f"{KIND_WORDS[kind].upper() if kind is CallKind.NOW else KIND_WORDS[kind]} · {label}"
    body = f"{label} is waiting: {KIND_WORDS[kind].lower()}, not answered for {format_duration(waited_s)}."
    extra: dict[str, str] = {}
    if answer is not None and _scheme(url) in _NTFY:
        extra["actions"] = _ntfy_actions(answer)
        extra["click"] = answer.link
    elif answer is not None:
        body += f"\nAnswer: {answer.link}"
    return Push(_with(url, _priority(url, kind), extra), title, body, _TYPE[kind])


def taken(url: str, label: str, where: str) -> Push:
    """The follow-up for a phone that was paged: someone else has the call (`where`: "on phone charge")."""
    return Push(
        _with(url, _priority(url, None), {}),
        f"Taken · {label}",
        f"{label} was answered {where}. Nothing more to do for this call.",
        apprise.NotifyType.SUCCESS,
    )


def _ntfy_actions(answer: Answer) -> str:
    """ntfy's short action format: an HTTP button that answers from the notification itself."""
    actions = [f"http, On my way, {answer.link}/on-my-way, method=POST, clear=true"]
    if answer.desk_phone:
        actions.append(f"view, Call the desk, {tel_link(answer.desk_phone)}")
    return "; ".join(actions)


def tel_link(number: str) -> str:
    """`tel:+15550100` from a number as people write it ("+1 555 0100", "(555) 0100")."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def _scheme(url: str) -> str:
    return urlsplit(url).scheme.lower()


def _priority(url: str, kind: CallKind | None) -> dict[str, str]:
    word = _PRIORITY.get(_scheme(url), {}).get(kind)
    return {"priority": word} if word else {}


def _with(url: str, defaults: dict[str, str], always: dict[str, str]) -> str:
    """The URL with `defaults` added where it sets none of its own, and `always` added."""
    parts = urlsplit(url)
    own = parse_qs(parts.query)
    added = {key: value for key, value in defaults.items() if key not in own} | always
    if not added:
        return url
    query = "&".join(filter(None, [parts.query, urlencode(added, quote_via=quote)]))
    return urlunsplit(parts._replace(query=query))
