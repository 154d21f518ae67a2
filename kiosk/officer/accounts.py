"""Officer accounts: names and PINs (scrypt hashes only) and PIN lockout.

A PIN is never stored: only ``scrypt$N$r$p$salt$hash`` (salt 16 random bytes per officer,
N=2**14, r=8, p=1, 32-byte key; standard base64). Five wrong PINs in a row lock entry for
five minutes; the count and the lock live in the database, so a restart does not reset
them. Every officer action is an append-only ``officer_action`` record (who, what, when;
kiosk/records/audit.py) that carries no citizen personal data.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError
from kiosk.event.clock import Clock
from kiosk.records.audit import Officer, append_officer_action
from kiosk.records.store import Store, parse_utc_iso, utc_now_iso

SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN, SALT_BYTES = 2**14, 8, 1, 32, 16
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=5)
PIN_MIN, PIN_MAX = 6, 8
NAME_MAX = 60
_FAILURES_KEY, _LOCKED_KEY = "pin_failures", "pin_locked_until_utc"


@dataclass(frozen=True)
class WrongPin:
    """The PIN matched nobody; `tries_left` before the lock."""

    tries_left: int


@dataclass(frozen=True)
class LockedOut:
    """Entry is locked until `until` (UTC); `seconds_left` for the PIN pad's countdown."""

    until: dt.datetime
    seconds_left: int


class OfficerError(KioskError):
    """A refused officer change (pin.too_simple, officer.name_taken, ...) for the screen."""


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_LEN, maxmem=64 * 2**20)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def pin_matches(pin: str, stored: str) -> bool:
    """Check a PIN against a stored hash, with the parameters stored beside it."""
    scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
    if scheme != "scrypt":
        raise ValueError(f"unknown PIN hash scheme {scheme!r}")
    expected = base64.b64decode(hash_b64)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt_b64), n=int(n),
                            r=int(r), p=int(p), dklen=len(expected), maxmem=64 * 2**20)
    return hmac.compare_digest(digest, expected)


def check_pin_rules(pin: str) -> None:
    """6 to 8 digits, not one digit repeated and not a straight run like 123456."""
    if not pin.isascii() or not pin.isdigit():
        raise OfficerError("pin.digits")
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise OfficerError("pin.length", min=PIN_MIN, max=PIN_MAX)
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if len(set(pin)) == 1 or steps in ({1}, {-1}):
        raise OfficerError("pin.too_simple")


class Officers:
    """Officer accounts and PIN entry over one Store; `now` defaults to the clock."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store, self.clock = store, clock

    # -- accounts --------------------------------------------------------------------------
    def setup_needed(self) -> bool:
        """True on first run: no officer exists yet, so the set-up screen comes first."""
        return self.store.conn.execute("SELECT COUNT(*) FROM officers").fetchone()[0] == 0

    def active(self) -> list[Officer]:
        """Officers whose PIN is in use, by name."""
        rows = self.store.conn.execute(
            "SELECT * FROM officers WHERE removed_utc IS NULL ORDER BY name").fetchall()
        return [_officer(r) for r in rows]

    def get(self, officer_id: int) -> Officer | None:
        row = self.store.conn.execute("SELECT * FROM officers WHERE id=? AND removed_utc IS NULL",
                                      (officer_id,)).fetchone()
        return _officer(row) if row else None

    def create_officer(self, name: str, pin: str, *, by: Officer | None = None,
                       now: dt.datetime | None = None) -> Officer:
        """Add an officer. The first one needs no `by`; every later one is added by an officer.

        Raises OfficerError (name.empty, name.too_long, officer.name_taken, pin.*,
        officer.needs_officer). PINs are unique, because entry asks for the PIN alone.
        """
        now = now or self.clock.now()
        name = " ".join(name.split())
        if not name:
            raise OfficerError("officer.name_empty")
        if len(name) > NAME_MAX:
            raise OfficerError("officer.name_too_long", max=NAME_MAX)
        check_pin_rules(pin)
        if by is None and not self.setup_needed():
            raise OfficerError("officer.needs_officer")
        if self._match(pin) is not None:
            raise OfficerError("pin.taken")
        stored = hash_pin(pin)
        with self.store.transaction():
            try:
                oid = self.store.conn.execute(
                    "INSERT INTO officers(name, pin_hash, created_utc) VALUES (?, ?, ?)",
                    (name, stored, utc_now_iso(now))).lastrowid
            except sqlite3.IntegrityError:
                raise OfficerError("officer.name_taken", name=name) from None
            officer = Officer(oid, name, utc_now_iso(now))
            self.record_action(by, "officer_created", now=now, subject_id=oid,
                               subject_name=name, first_run=by is None)
        return officer

    def change_pin(self, officer: Officer, new_pin: str, *, now: dt.datetime | None = None) -> None:
        """An officer sets a new PIN for themselves (same rules as a new officer's PIN)."""
        now = now or self.clock.now()
        check_pin_rules(new_pin)
        other = self._match(new_pin)
        if other is not None and other.id != officer.id:
            raise OfficerError("pin.taken")
        stored = hash_pin(new_pin)
        with self.store.transaction():
            self.store.conn.execute("UPDATE officers SET pin_hash=? WHERE id=?",
                                    (stored, officer.id))
            self.record_action(officer, "pin_changed", now=now)

    def remove_officer(self, officer: Officer, *, by: Officer,
                       now: dt.datetime | None = None) -> None:
        """Take an officer's PIN out of use; the last officer cannot be removed."""
        now = now or self.clock.now()
        with self.store.transaction():
            if len(self.active()) <= 1:
                raise OfficerError("officer.last_one")
            self.store.conn.execute("UPDATE officers SET removed_utc=? WHERE id=?",
                                    (utc_now_iso(now), officer.id))
            self.record_action(by, "officer_removed", now=now, subject_id=officer.id,
                               subject_name=officer.name)

    # -- entry ------------------------------------------------------------------------------
    def authenticate(self, pin: str, now: dt.datetime | None = None, *,
                     officer_id: int | None = None) -> Officer | LockedOut | WrongPin:
        """Officer for a right PIN; WrongPin(tries_left); LockedOut while locked.

        Slow on purpose (one scrypt per active officer, or one with `officer_id`): call it
        off the UI thread.
        """
        now = now or self.clock.now()
        locked = self.locked_out(now)
        if locked is not None:
            return locked
        officer = self._match(pin, officer_id=officer_id)
        with self.store.transaction():
            locked = self.locked_out(now)  # another thread may have locked meanwhile
            if locked is not None:
                return locked
            if officer is not None:
                self.store.set_meta(_FAILURES_KEY, "0")
                self.record_action(officer, "login", now=now)
                return officer
            failures = int(self.store.meta(_FAILURES_KEY, "0") or 0) + 1
            if failures >= MAX_FAILURES:
                until = now + LOCKOUT
                self.store.set_meta(_FAILURES_KEY, "0")
                self.store.set_meta(_LOCKED_KEY, utc_now_iso(until))
                self.record_action(None, "locked_out", now=now, failures=failures,
                                   minutes=int(LOCKOUT.total_seconds() // 60))
                return LockedOut(until, int(LOCKOUT.total_seconds()))
            self.store.set_meta(_FAILURES_KEY, str(failures))
            self.record_action(None, "login_failed", now=now, failures=failures)
            return WrongPin(MAX_FAILURES - failures)

    def locked_out(self, now: dt.datetime | None = None) -> LockedOut | None:
        """The current lock, if any (for the PIN pad to show before anyone types)."""
        now = now or self.clock.now()
        until_iso = self.store.meta(_LOCKED_KEY)
        if not until_iso:
            return None
        until = parse_utc_iso(until_iso)
        if until <= now:
            return None
        # A clock set back must not stretch the lock: never more than LOCKOUT from now.
        until = min(until, now + LOCKOUT)
        return LockedOut(until, max(1, int((until - now).total_seconds() + 0.999)))

    def logout(self, officer: Officer, *, reason: str = "manual",
               now: dt.datetime | None = None) -> None:
        """Record the end of an officer session (reason 'manual' or 'idle')."""
        if reason not in ("manual", "idle"):
            raise ValueError(reason)
        with self.store.transaction():
            self.record_action(officer, "logout", now=now or self.clock.now(), reason=reason)

    # -- audit ------------------------------------------------------------------------------
    def record_action(self, officer: Officer | None, action: str, *,
                      now: dt.datetime | None = None, **details: Any) -> None:
        """Append an officer_action record (see append_officer_action)."""
        with self.store.transaction():
            append_officer_action(self.store, officer, action, now=now or self.clock.now(),
                                  **details)

    def _match(self, pin: str, *, officer_id: int | None = None) -> Officer | None:
        sql = "SELECT * FROM officers WHERE removed_utc IS NULL"
        args: tuple = ()
        if officer_id is not None:
            sql, args = sql + " AND id=?", (officer_id,)
        for row in self.store.conn.execute(sql, args).fetchall():
            if pin_matches(pin, row["pin_hash"]):
                return _officer(row)
        return None


def _officer(row: sqlite3.Row) -> Officer:
    return Officer(row["id"], row["name"], row["created_utc"])
