"""The staff PIN: hashed with argon2id at OWASP's parameters, tried with growing delays that survive restarts.

A short PIN can be guessed offline whatever the hash, so the real protection is the 0600 file mode and
the lockout: three free tries, then 30 s, doubling with each further failure, up to 15 minutes. Both
files are read again at every try, so `lantern set-pin` takes effect in a running kiosk.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.session.clock import Clock, wall_clock

log = logging.getLogger(__name__)

PIN_FILE = "staff-pin"
LOCKOUT_FILE = "staff-pin-lockout.json"
FREE_TRIES = 3
FIRST_DELAY_S = 30.0
LONGEST_DELAY_S = 15 * 60.0
MIN_DIGITS = 4
MAX_DIGITS = 12

# OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)


class PinStoreError(OSError):
    """The PIN could not be saved; the message says where and why."""


def pin_problem(pin: str) -> str | None:
    """Why a new PIN cannot be used, in words; None when it is fine."""
    if not pin.isdecimal() or not pin.isascii():
        return "The PIN must be made of digits only (0 to 9)."
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        return f"The PIN must have {MIN_DIGITS} to {MAX_DIGITS} digits."
    return None


def lockout_delay(failures: int) -> float:
    """Seconds to wait after `failures` wrong PINs in a row: none for the first few, then doubling."""
    if failures < FREE_TRIES:
        return 0.0
    return min(FIRST_DELAY_S * 2.0 ** (failures - FREE_TRIES), LONGEST_DELAY_S)


@dataclass(frozen=True)
class Lockout:
    failures: int = 0
    locked_until: float = 0.0


@dataclass(frozen=True)
class PinVerdict:
    """The answer to one try: accepted, or how long until the next try is allowed (0 means now)."""

    accepted: bool
    wait_s: float = 0.0


class StaffPin:
    """The PIN files in the data folder (`staff-pin`, `staff-pin-lockout.json`), both mode 0600.

    A hash given in the deployment settings (`[kiosk] pin_hash`) is the PIN when present, so IT can
    give many tablets one PIN from one file; the local `staff-pin` file counts only without it.
    """

    def __init__(self, folder: Path, clock: Clock = wall_clock, configured_hash: str | None = None) -> None:
        self.folder = folder
        self._clock = clock
        self._configured_hash = configured_hash
        self._lockout = Lockout()

    @property
    def pin_path(self) -> Path:
        return self.folder / PIN_FILE

    @property
    def is_set(self) -> bool:
        return self._hash() is not None

    def set(self, pin: str) -> None:
        """Store a new PIN (checked with `pin_problem` first) and forget earlier failures."""
        problem = pin_problem(pin)
        if problem is not None:
            raise ValueError(problem)
        _write_private(self.pin_path, hash_pin(pin) + "\n")
        self._save(Lockout())

    def wait_s(self) -> float:
        """Seconds until the next try is allowed; never more than the longest delay, even if the clock jumped."""
        return min(max(self._load().locked_until - self._clock(), 0.0), LONGEST_DELAY_S)

    def check(self, pin: str) -> PinVerdict:
        """Try a PIN; while locked out the PIN is not even looked at, so waiting is the only way on."""
        wait = self.wait_s()
        if wait > 0:
            return PinVerdict(accepted=False, wait_s=wait)
        stored = self._hash()
        if stored is not None and _matches(stored, pin):
            self._save(Lockout())
            return PinVerdict(accepted=True)
        failures = self._load().failures + 1
        delay = lockout_delay(failures)
        self._save(Lockout(failures, self._clock() + delay))
        log.warning("A wrong staff PIN was entered (%d in a row)", failures)
        return PinVerdict(accepted=False, wait_s=delay)

    def _hash(self) -> str | None:
        if self._configured_hash is not None:
            return self._configured_hash
        try:
            text = self.pin_path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            log.error("The staff PIN file %s cannot be read: %s", self.pin_path, error)
            return None
        return text if text.startswith("$argon2id$") else None

    def _load(self) -> Lockout:
        """The saved lockout; if the file cannot be read, the one this process last knew."""
        path = self.folder / LOCKOUT_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self._lockout = Lockout(int(data["failures"]), float(data["locked_until"]))
        except FileNotFoundError:
            self._lockout = Lockout()
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.error(
                "The staff PIN lockout file %s cannot be read (%s); keeping the last known", path, error
            )
        return self._lockout

    def _save(self, lockout: Lockout) -> None:
        self._lockout = lockout
        record = {"failures": lockout.failures, "locked_until": lockout.locked_until}
        try:
            _write_private(self.folder / LOCKOUT_FILE, json.dumps(record))
        except PinStoreError as error:
            log.error("%s; the lockout holds until this kiosk restarts", error)


def hash_pin(pin: str) -> str:
    """The argon2id hash of a PIN that passed `pin_problem`, for the file or the settings."""
    return _HASHER.hash(pin)


def _matches(stored: str, pin: str) -> bool:
    try:
        return _HASHER.verify(stored, pin)
    except VerificationError:
        return False
    except InvalidHashError:
        log.error("The staff PIN file holds something that is not a PIN hash; run `lantern set-pin`")
        return False


def _write_private(path: Path, text: str) -> None:
    """Write a file readable by its owner only, atomically, so a power cut leaves the old or the new one."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        partial.replace(path)
    except OSError as error:
        raise PinStoreError(f"Could not write {path}: {error.strerror or error}") from error
