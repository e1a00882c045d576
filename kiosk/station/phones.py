"""Escalations to phones through Apprise, on a thread of their own, with failures told to staff.

Each phone is added to Apprise with its tags; a tier reaches the phones that carry any of its tags.
Priority follows the kind of call where the service has one (ntfy: high for "check on me", max for
"help now"; Apprise silently drops any other ntfy word). A push that fails becomes a problem for the
console to show, naming the service by scheme and host only: the rest of an Apprise URL is often a
secret (a token, a password, a private topic).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit, urlunsplit

import apprise

from kiosk.config.deployment import PhoneTarget
from kiosk.station.board import KIND_WORDS, format_duration
from kiosk.station.escalation import Escalation
from kiosk.wire.protocol import CallKind

log = logging.getLogger(__name__)

# Apprise URL scheme -> the service's own priority word for each kind of call.
_PRIORITY: dict[str, dict[CallKind, str]] = {
    "ntfy": {CallKind.CHECK: "high", CallKind.NOW: "max"},
    "ntfys": {CallKind.CHECK: "high", CallKind.NOW: "max"},
    "pover": {CallKind.CHECK: "high", CallKind.NOW: "emergency"},
}


class PhoneAlerts:
    """Sends escalations in order on one worker thread; `on_problem` hears the current problems (or None)."""

    def __init__(self, phones: Sequence[PhoneTarget], on_problem: Callable[[str | None], None]) -> None:
        self._on_problem = on_problem
        self._lock = threading.Lock()
        self._problems: dict[str, str] = {}
        self._senders = {kind: apprise.Apprise() for kind in CallKind}
        for number, phone in enumerate(phones, start=1):
            added = [
                sender.add(with_priority(phone.url, kind), tag=list(phone.tags))
                for kind, sender in self._senders.items()
            ]
            if not all(added):
                where = f"{urlsplit(phone.url).scheme}://…"
                self._problems[where] = (
                    f"Phone {number} in the settings is not an address Apprise can use ({where})."
                )
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="phone-alerts")

    @property
    def problem(self) -> str | None:
        with self._lock:
            return " ".join(self._problems.values()) or None

    def send(self, escalation: Escalation, label: str) -> Future[bool]:
        """Queue one push; the future says whether every phone it was meant for took it."""
        return self._pool.submit(self._send, escalation, label)

    def close(self) -> None:
        """Waits for queued pushes: a call that escalated while the console closed still reaches phones."""
        self._pool.shutdown(wait=True)

    def _send(self, escalation: Escalation, label: str) -> bool:
        call = escalation.call
        title = f"{label}: {KIND_WORDS[call.kind].lower()}"
        body = f"{label} is waiting. Not answered at the nurse station for {format_duration(escalation.waited_s)}."
        delivered = True
        for service in self._senders[call.kind].find(tag=list(escalation.tags)):
            where = _where(service.url(privacy=True))  # type: ignore[no-untyped-call]  # unannotated in Apprise
            sent = bool(service.notify(body=body, title=title, notify_type=apprise.NotifyType.WARNING))
            log.log(
                logging.INFO if sent else logging.ERROR,
                "Escalation %d for call %s from room %s to %s: %s",
                escalation.tier + 1,
                call.id,
                call.room,
                where,
                "sent" if sent else "FAILED",
            )
            self._record(where, None if sent else f"A phone alert to {where} failed ({label}).")
            delivered = delivered and sent
        return delivered

    def _record(self, where: str, problem: str | None) -> None:
        with self._lock:
            before = dict(self._problems)
            if problem:
                self._problems[where] = problem
            else:
                self._problems.pop(where, None)
            changed = before != self._problems
        if changed:
            self._on_problem(self.problem)


def with_priority(url: str, kind: CallKind) -> str:
    """The URL with the kind's priority added, unless the service has none or the URL sets its own."""
    parts = urlsplit(url)
    word = _PRIORITY.get(parts.scheme.lower(), {}).get(kind)
    if word is None or "priority" in parse_qs(parts.query):
        return url
    query = f"{parts.query}&priority={word}" if parts.query else f"priority={word}"
    return urlunsplit(parts._replace(query=query))


def _where(private_url: str) -> str:
    """`scheme://host[:port]` from Apprise's privacy URL (which already masks tokens that sit in the host)."""
    parts = urlsplit(private_url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2] or '…'}"
