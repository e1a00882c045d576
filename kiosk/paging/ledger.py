"""The pager's durable memory: which page went to which phone and how it went, and the phones' tokens.

A console that restarts, or takes the pager lease over from another, reads here what was already
sent, so no phone gets the same page twice; a page that failed is here until it goes out. Tokens are
kept only as SHA-256 hashes: the file never holds what a phone needs to answer a call.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.wire.storage import SqlValue, StorageError, Store

ANSWERED = -1
"""The `tier` of the follow-up that tells a paged phone its call is taken."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    call_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    tier INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    at REAL NOT NULL,
    station TEXT NOT NULL,
    PRIMARY KEY (call_id, phone, tier)
);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    call_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    issued_at REAL NOT NULL,
    used_at REAL
);
CREATE INDEX IF NOT EXISTS tokens_by_call ON tokens (call_id);
"""


class PageState(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    """Tried and not delivered yet: it is tried again, with a growing wait, while the call waits."""
    SKIPPED = "skipped"
    """Not sent because the call was answered before it could go out."""


@dataclass(frozen=True)
class PageRecord:
    call_id: str
    phone: str
    tier: int
    state: PageState
    attempts: int
    at: float
    station: str


@dataclass(frozen=True)
class TokenRecord:
    call_id: str
    phone: str
    used: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PageLedger(Store):
    """Every method raises StorageError with words for staff, like the call log.

    Tokens issued by this run are also kept in memory (`issued`), so a token works, and is spent
    once, while a stalled disk still holds its row: a page never waits for the disk to go out.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA, "pager's record")
        self._issued: dict[str, TokenRecord] = {}
        self._issued_lock = threading.Lock()

    def issued(self, digest: str, call_id: str, phone: str) -> None:
        """A token this console just put in a page (its row is written afterwards, with `keep_token`)."""
        with self._issued_lock:
            self._issued.setdefault(digest, TokenRecord(call_id, phone, used=False))

    def pages(self) -> list[PageRecord]:
        rows = self.execute("SELECT call_id, phone, tier, state, attempts, at, station FROM pages")
        return self.records(rows, _page)

    def record(self, page: PageRecord) -> None:
        """Keep a page's latest outcome; a page already sent stays sent, whoever says otherwise."""
        self.execute(
            "INSERT INTO pages (call_id, phone, tier, state, attempts, at, station) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (call_id, phone, tier) DO UPDATE SET state = excluded.state, "
            "attempts = excluded.attempts, at = excluded.at, station = excluded.station "
            "WHERE pages.state != 'sent'",
            (page.call_id, page.phone, page.tier, page.state.value, page.attempts, page.at, page.station),
        )

    def forget_before(self, wall: float) -> None:
        """Pages and tokens of calls long over: the ledger stays small on a PC that runs for years."""
        self.execute("DELETE FROM pages WHERE at < ?", (wall,))
        self.execute("DELETE FROM tokens WHERE issued_at < ?", (wall,))

    def keep_token(self, digest: str, call_id: str, phone: str, issued_at: float) -> None:
        self.execute(
            "INSERT INTO tokens (hash, call_id, phone, issued_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING",
            (digest, call_id, phone, issued_at),
        )

    def token(self, digest: str) -> TokenRecord | None:
        with self._issued_lock:
            if digest in self._issued:
                return self._issued[digest]
        rows = self.execute("SELECT call_id, phone, used_at FROM tokens WHERE hash = ?", (digest,))
        return self.records(rows, _token)[0] if rows else None

    def use_token(self, digest: str, at: float) -> bool:
        """Spend a token; False if it was spent already (a replay), so only the first use acts."""
        with self._issued_lock:
            mine = self._issued.get(digest)
            if mine is not None:
                if mine.used:
                    return False
                self._issued[digest] = TokenRecord(mine.call_id, mine.phone, used=True)
        try:
            rows = self.execute(
                "UPDATE tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL RETURNING hash",
                (at, digest),
            )
        except StorageError:
            if mine is None:
                raise
            return True  # spent in memory; the station's call log is what the answer must reach
        return mine is not None or bool(rows)


def _page(row: tuple[SqlValue, ...]) -> PageRecord:
    call_id, phone, tier, state, attempts, at, station = row
    return PageRecord(
        str(call_id),
        str(phone),
        int(str(tier)),
        PageState(str(state)),
        int(str(attempts)),
        float(str(at)),
        str(station),
    )


def _token(row: tuple[SqlValue, ...]) -> TokenRecord:
    call_id, phone, used_at = row
    return TokenRecord(str(call_id), str(phone), used_at is not None)
