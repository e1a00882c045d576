"""Pages phones for calls nobody at a console answered: durable, retried, re-checked, in parallel.

Runs on a thread of its own and sends on one worker per phone, so a slow or rate-limited service
holds up only its own phone, and nobody who rings a call (the GUI, paho, the ticker) waits for a
phone. It pages only while this console holds the pager lease (`StationSnapshot.pager`). Each page:

- is looked up in the ledger first: one already sent (by this console before a restart, or by the
  console that held the lease before) is never sent again; a sent page is told to the other
  consoles at once, before it is written to disk, so only a crash within that moment can make the
  next pager send it again (a second page, never a missing one);
- is checked against the call just before it goes out, and skipped when someone answered meanwhile;
  its words (how long the patient has waited) are written at that moment, not when it was queued;
- carries an answer token for that call and that phone (ntfy buttons, or a link to the answer page);
- when it fails, is told to staff and tried again after 2, 4, 8 … 60 s for as long as the call waits.

When a paged call is answered, every phone it paged but the one that took it hears that it is taken.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import apprise

from kiosk.config.deployment import Deployment, PhoneTarget
from kiosk.paging import wording
from kiosk.paging.ledger import ANSWERED, PageLedger, PageRecord, PageState, token_hash
from kiosk.paging.plan import EscalationPlan, PageDue
from kiosk.station.board import room_label
from kiosk.station.calllog import BEDSIDE, StationCall, answerer_words, answering_phone
from kiosk.station.core import StationCore, StationSnapshot
from kiosk.wire.protocol import PagedMessage
from kiosk.wire.storage import StorageError, WriteQueue
from kiosk.wire.ticker import Ticker

log = logging.getLogger(__name__)

Key = tuple[str, str, int]
"""(call id, phone name, tier), or tier ANSWERED for the "taken" follow-up."""

RETRY_S = (2.0, 4.0, 8.0, 16.0, 30.0, 60.0)
FOLLOW_UP_TRIES = 6
"""A "taken" notice is a courtesy: it is tried this many times, a page for as long as its call waits."""
KEEP_DAYS = 7
STOP_WRITES_S = 5.0
"""A console that closes waits this long for the pager's record to reach a stalled disk."""


class PhonePager:
    """`on_problem` hears the pager's current problems in words (None when there are none), on the
    pager's own threads."""

    def __init__(
        self,
        deployment: Deployment,
        ledger: PageLedger,
        core: StationCore,
        on_problem: Callable[[str | None], None],
    ) -> None:
        self._core = core
        self._me = core.station_id
        self._rooms = deployment.station.rooms
        self._answers = deployment.answers
        self._phones = {phone.name: phone for phone in deployment.phones}
        self._where = {phone.name: _where(phone.url) for phone in deployment.phones}
        """Each phone's service as staff may read it, worked out once (it builds an Apprise object)."""
        self._plan = EscalationPlan(
            deployment.escalation if deployment.pages_phones else (), deployment.phones
        )
        self._ledger = ledger
        self._on_problem = on_problem
        self._lock = threading.Lock()
        self._snapshot: StationSnapshot | None = None
        self._heard: list[PagedMessage] = []
        self._untold: list[PagedMessage] = []
        self._records: dict[Key, PageRecord] = {}
        self._in_flight: set[Key] = set()
        self._retry_at: dict[Key, float] = {}
        self._problems: dict[str, str] = {}
        self._loaded = False
        self._workers = {
            name: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"page-{name}")
            for name in self._phones
        }
        self._ticker = Ticker("pager", self._step)
        self._writes = WriteQueue("page-ledger")
        for number, phone in enumerate(deployment.phones, start=1):
            if apprise.Apprise.instantiate(phone.url) is None:
                self._problems[f"url-{phone.name}"] = (
                    f"Phone {number} ({phone.name}) in the settings is not an address Apprise can use "
                    f"({self._where[phone.name]})."
                )
        core.add_paged_listener(self.heard)

    @property
    def problem(self) -> str | None:
        with self._lock:
            return " ".join(dict.fromkeys(self._problems.values())) or None

    def start(self) -> None:
        self._ticker.start()

    def stop(self) -> None:
        """Pages already handed to a phone's worker still go out: a call that escalated while the
        console closed still reaches its phones. Nothing new starts."""
        self._ticker.stop()
        for worker in self._workers.values():
            worker.shutdown(wait=True)
        if not self._writes.stop(STOP_WRITES_S):
            log.error(
                "The pager's record was not all written within %.0f s (%s)", STOP_WRITES_S, self._ledger.path
            )
        self._ledger.close()

    def update(self, snapshot: StationSnapshot) -> None:
        """The station's latest snapshot (any thread): look again."""
        with self._lock:
            self._snapshot = snapshot
        self._ticker.wake()

    def heard(self, message: PagedMessage) -> None:
        """Another console of the site sent a page (paho's thread): remember it as sent."""
        with self._lock:
            self._heard.append(message)
        self._ticker.wake()

    # The pager's own thread.

    def _step(self) -> float | None:
        """One look: what the other consoles sent, then what is due; returns when to look again."""
        if not self._loaded:
            self._loaded = True
            self._load()
        with self._lock:
            heard, self._heard = self._heard, []
            snapshot = self._snapshot
        try:
            for message in heard:
                self._remember(message)
            wake_at = self._look(snapshot, time.monotonic()) if snapshot else None
        except Exception:  # a bug must not end paging for the whole site without a word
            with self._lock:
                again = "pager" in self._problems
            level = logging.DEBUG if again else logging.ERROR
            log.log(level, "The pager failed; it tries again each second", exc_info=True)
            self._set_problem(
                "pager", "Paging phones failed unexpectedly (see the log); Lantern keeps trying."
            )
            return None
        self._set_problem("pager", None)
        return wake_at

    def _load(self) -> None:
        try:
            self._ledger.forget_before(time.time() - KEEP_DAYS * 86_400)
            records = self._ledger.pages()
        except StorageError as error:
            self._set_problem("ledger", str(error))
            return
        with self._lock:
            self._records.update({(r.call_id, r.phone, r.tier): r for r in records})

    def _remember(self, message: PagedMessage) -> None:
        tier = ANSWERED if message.tier is None else message.tier
        record = PageRecord(message.id, message.phone, tier, PageState.SENT, 1, message.at, message.station)
        with self._lock:
            self._records[(message.id, message.phone, tier)] = record
        self._write(lambda: self._ledger.record(record))
        if message.token_sha256:
            digest = message.token_sha256
            self._write(lambda: self._ledger.keep_token(digest, message.id, message.phone, message.at))

    def _look(self, snapshot: StationSnapshot, now: float) -> float | None:
        """Send what is due; return when to look again."""
        if snapshot.broker_connected:
            with self._lock:
                untold, self._untold = self._untold, []
            self._told(*untold)
        if snapshot.pager != self._me:
            return None
        with self._lock:
            finished = {key for key, r in self._records.items() if r.state is not PageState.FAILED}
            busy = finished | self._in_flight
            waiting = {key: at for key, at in self._retry_at.items() if at > now}
        for due in self._plan.due(snapshot.calls, now):
            if due.key not in busy and due.key not in waiting and due.phone.name in self._workers:
                log.debug("Page %d for call %s to %s queued", due.tier + 1, due.call.id, due.phone.name)
                self._dispatch(due.key, lambda due=due: self._send_page(due))  # type: ignore[misc]
        for key, call, by in self._follow_ups(busy):
            self._dispatch(key, lambda key=key, call=call, by=by: self._send_taken(key, call, by))  # type: ignore[misc]
        return min(
            [at for at in (self._plan.next_at(snapshot.calls, busy | set(waiting)),) if at is not None]
            + list(waiting.values()),
            default=None,
        )

    def _follow_ups(self, busy: set[Key]) -> list[tuple[Key, StationCall, str]]:
        """(key, call, who took it) for each paged phone whose call was answered and has not been told.
        Only calls with a phone still to tell are looked up, so a week of settled pages costs nothing."""
        with self._lock:
            settled = {
                key
                for key, r in self._records.items()
                if key[2] == ANSWERED and (r.state is not PageState.FAILED or r.attempts >= FOLLOW_UP_TRIES)
            }
            untold = {
                (r.call_id, r.phone)
                for r in self._records.values()
                if r.tier >= 0 and r.state is PageState.SENT and (r.call_id, r.phone, ANSWERED) not in settled
            }
            now = time.monotonic()
            waiting = {key for key, at in self._retry_at.items() if at > now}
        out = []
        for call_id in sorted({call_id for call_id, _ in untold}):
            call = self._core.call(call_id)
            if call is None or call.ringing:
                continue
            taker = answering_phone(call.acknowledged_by)
            for _, phone in sorted(p for p in untold if p[0] == call_id):
                key = (call_id, phone, ANSWERED)
                if phone == taker or phone not in self._workers:
                    self._finish(key, PageState.SKIPPED)  # it knows, or it is no longer in the settings
                elif key not in busy and key not in waiting:
                    out.append((key, call, _taker(call)))
        return out

    def _dispatch(self, key: Key, job: Callable[[], None]) -> None:
        with self._lock:
            self._in_flight.add(key)
        self._workers[key[1]].submit(self._guarded, key, job)

    def _guarded(self, key: Key, job: Callable[[], None]) -> None:
        try:
            job()
        except Exception:
            log.exception("A page to phone %s failed unexpectedly", key[1])
            self._finish(key, PageState.FAILED)  # tried again after the usual wait, not at once
        finally:
            with self._lock:
                self._in_flight.discard(key)
            self._ticker.wake()

    # A phone's worker thread.

    def _send_page(self, due: PageDue) -> None:
        call = self._core.call(due.call.id)
        snapshot = self._snapshot
        if snapshot is None or snapshot.pager != self._me:
            return
        if call is None or not call.ringing:
            log.info(
                "Page %d for call %s to %s not sent: answered meanwhile",
                due.tier + 1,
                due.call.id,
                due.phone.name,
            )
            self._finish(due.key, PageState.SKIPPED)
            return
        label = room_label(call.room, self._rooms)
        token = secrets.token_urlsafe(24) if self._answers else None
        answer = None
        if token is not None and self._answers is not None:
            self._keep_token(token, call.id, due.phone.name)
            desk = self._answers.desk_phone if due.phone.call_desk else None
            answer = wording.Answer(f"{self._answers.link}/c/{token}", desk)
        waited = time.monotonic() - due.call.heard_mono
        push = wording.page(due.phone.url, label, call.kind, waited, answer)
        sent = self._notify(due.phone, push, label)
        log.log(
            logging.INFO if sent else logging.ERROR,
            "Page %d for call %s from room %s to %s: %s",
            due.tier + 1,
            call.id,
            call.room,
            due.phone.name,
            "sent" if sent else "FAILED",
        )
        if sent:
            self._tell(call, due.phone.name, due.tier, token)
        self._finish(due.key, PageState.SENT if sent else PageState.FAILED)

    def _send_taken(self, key: Key, call: StationCall, by: str) -> None:
        phone = self._phones[key[1]]
        label = room_label(call.room, self._rooms)
        sent = self._notify(phone, wording.taken(phone.url, label, by), label)
        if sent:
            self._tell(call, phone.name, None, None)
        self._finish(key, PageState.SENT if sent else PageState.FAILED)

    def _tell(self, call: StationCall, phone: str, tier: int | None, token: str | None) -> None:
        """Tell the site's other consoles, so whoever pages next never sends this again; what finds
        no link is told once the link is back."""
        self._told(
            PagedMessage(
                id=call.id,
                room=call.room,
                kind=call.kind,
                pressed_at=call.pressed_at,
                station=self._me,
                phone=phone,
                tier=tier,
                at=time.time(),
                token_sha256=token_hash(token) if token else None,
            )
        )

    def _told(self, *messages: PagedMessage) -> None:
        untold = [message for message in messages if not self._core.tell_paged(message)]
        with self._lock:
            self._untold += untold

    def _notify(self, phone: PhoneTarget, push: wording.Push, label: str) -> bool:
        """One try; a fresh Apprise object each time, so no wait from its per-object rate limit: pages
        to one phone are few, and a late page is worse than a quick second one."""
        sender = apprise.Apprise()
        sent = sender.add(push.url) and bool(
            sender.notify(body=push.body, title=push.title, notify_type=push.notify_type)
        )
        self._set_problem(
            f"phone-{phone.name}",
            None
            if sent
            else f"Pages to {phone.name} ({self._where[phone.name]}) fail ({label}); Lantern keeps trying.",
        )
        return sent

    def _finish(self, key: Key, state: PageState) -> None:
        with self._lock:
            before = self._records.get(key)
            attempts = (before.attempts if before else 0) + 1
            record = PageRecord(*key, state, attempts, time.time(), self._me)
            self._records[key] = record
            if state is PageState.FAILED:
                self._retry_at[key] = time.monotonic() + RETRY_S[min(attempts, len(RETRY_S)) - 1]
            else:
                self._retry_at.pop(key, None)
        self._write(lambda: self._ledger.record(record))

    def _keep_token(self, token: str, call_id: str, phone: str) -> None:
        digest, at = token_hash(token), time.time()
        self._ledger.issued(digest, call_id, phone)
        self._write(lambda: self._ledger.keep_token(digest, call_id, phone, at))

    def _write(self, job: Callable[[], None]) -> None:
        """Ledger writes go on a thread of their own, in order: a stalled disk holds up no page."""

        def write() -> None:
            try:
                job()
            except StorageError as error:
                self._set_problem("ledger", str(error))
            else:
                self._set_problem("ledger", None)

        self._writes.submit(write)

    def _set_problem(self, key: str, words: str | None) -> None:
        with self._lock:
            before = dict(self._problems)
            if words:
                self._problems[key] = words
            else:
                self._problems.pop(key, None)
            changed = before != self._problems
        if changed:
            self._on_problem(self.problem)


def _taker(call: StationCall) -> str:
    """Who took a call, in a few words for a phone's "taken" notice."""
    by = call.acknowledged_by
    if by is None:
        return "at the station"
    return answerer_words(by) if by == BEDSIDE or answering_phone(by) else f"at console {by}"


def _where(url: str) -> str:
    """`scheme://host[:port]` from Apprise's privacy URL (the rest of a URL is often a secret)."""
    service = apprise.Apprise.instantiate(url)
    if service is None:
        return f"{url.partition(':')[0]}://…"
    parts = urlsplit(service.url(privacy=True))  # type: ignore[no-untyped-call]  # unannotated in Apprise
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2] or '…'}"
