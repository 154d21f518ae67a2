"""Officer accounts: names and PINs (scrypt hashes only, kiosk/officer/pins.py), and each
officer's PIN lockout.

Signing in names the officer first (the PIN pad shows the names; the command line asks),
then checks that one officer's PIN: one scrypt, and wrong PINs count against that officer
only. Five wrong PINs in a row lock that officer for five minutes (kiosk/officer/lockout.py);
the count and the lock are in the database, so a restart does not reset them; another
officer can lift the lock at once (unlock), and a new PIN lifts it too. Every officer
action is an append-only ``officer_action`` record (who, what, when;
kiosk/records/audit.py) that carries no citizen personal data.

Names are unique ignoring case, accents written two ways (Unicode NFC) and extra spaces:
"Andi  Pratama " and "ANDI PRATAMA" are the same officer. PINs need not be unique: a
refusal saying "taken" would tell the officer someone else's PIN.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import unicodedata
from typing import Any

from kiosk.event.clock import Clock
from kiosk.officer.lockout import (
    LOCKOUT,
    MAX_FAILURES,
    LockedOut,
    Tries,
    WrongPin,
    after_failure,
    current_lock,
)
from kiosk.officer.pins import OfficerError, check_pin_rules, hash_pin, pin_matches
from kiosk.records.audit import Officer, append_officer_action
from kiosk.records.store import Store, parse_utc_iso, utc_now_iso

__all__ = ["LOCKOUT", "MAX_FAILURES", "NAME_MAX", "LockedOut", "Officer", "OfficerError",
           "Officers", "WrongPin", "check_pin_rules", "hash_pin", "normal_name", "pin_matches"]

NAME_MAX = 60
_FAILURES_KEY, _LOCKED_KEY = "pin_failures:{id}", "pin_locked_until_utc:{id}"


def normal_name(name: str) -> str:
    """A name as stored: Unicode NFC, spaces at the ends dropped and runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _same_name(a: str, b: str) -> bool:
    return normal_name(a).casefold() == normal_name(b).casefold()


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
        """The active officer with this id, or None (removed, or never was)."""
        row = self.store.conn.execute("SELECT * FROM officers WHERE id=? AND removed_utc IS NULL",
                                      (officer_id,)).fetchone()
        return _officer(row) if row else None

    def find(self, name: str) -> Officer | None:
        """The active officer called `name` (case and extra spaces do not matter), or None."""
        return next((o for o in self.active() if _same_name(o.name, name)), None)

    def check_new(self, name: str, pin: str) -> str:
        """Would create_officer(name, pin) be accepted? The name as it would be stored.

        Raises OfficerError: officer.name_empty, officer.name_too_long, officer.name_taken
        (field "name"); pin.digits, pin.length, pin.simple.* (field "pin").
        """
        name = self.check_name(name)
        check_pin_rules(pin)
        return name

    def check_name(self, name: str) -> str:
        """A new officer's name as it would be stored; raises OfficerError as check_new
        for the name alone."""
        name = normal_name(name)
        if not name:
            raise OfficerError("officer.name_empty", field="name")
        if len(name) > NAME_MAX:
            raise OfficerError("officer.name_too_long", field="name", max=NAME_MAX)
        if self.find(name) is not None:
            raise OfficerError("officer.name_taken", field="name", name=name)
        return name

    def create_officer(self, name: str, pin: str, *, by: Officer | None = None,
                       now: dt.datetime | None = None) -> Officer:
        """Add an officer. The first one needs no `by`; every later one is added by an officer.

        Raises OfficerError as check_new, and officer.needs_officer.
        """
        now = now or self.clock.now()
        name = self.check_new(name, pin)
        if by is None and not self.setup_needed():
            raise OfficerError("officer.needs_officer")
        stored = hash_pin(pin)
        with self.store.transaction():
            if self.find(name) is not None:          # added meanwhile by another thread
                raise OfficerError("officer.name_taken", field="name", name=name)
            # A removed officer keeps their row (the audit trail names them) but frees the
            # name: their row's name gets a suffix only removed rows can have.
            self.store.conn.execute(
                "UPDATE officers SET name = name || ' (removed #' || id || ')' "
                "WHERE name=? AND removed_utc IS NOT NULL", (name,))
            try:
                oid = self.store.conn.execute(
                    "INSERT INTO officers(name, pin_hash, created_utc) VALUES (?, ?, ?)",
                    (name, stored, utc_now_iso(now))).lastrowid
            except sqlite3.IntegrityError:
                raise OfficerError("officer.name_taken", field="name", name=name) from None
            officer = Officer(oid, name, utc_now_iso(now))
            self.record_action(by, "officer_created", now=now, subject_id=oid,
                               subject_name=name, first_run=by is None)
        return officer

    def change_pin(self, officer: Officer, new_pin: str, *, by: Officer | None = None,
                   now: dt.datetime | None = None) -> None:
        """Give `officer` a new PIN (same rules as a new officer's PIN), as themselves or, with
        `by`, set by another officer (a forgotten PIN). Lifts any lock on `officer`; audited
        as pin_changed. Raises OfficerError (pin.*, officer.unknown)."""
        now = now or self.clock.now()
        check_pin_rules(new_pin)
        stored = hash_pin(new_pin)
        by = by or officer
        with self.store.transaction():
            if self.get(officer.id) is None:
                raise OfficerError("officer.unknown", name=officer.name)
            self.store.conn.execute("UPDATE officers SET pin_hash=? WHERE id=?",
                                    (stored, officer.id))
            self._keep(officer.id, Tries())
            details = {} if by.id == officer.id else {"subject_id": officer.id,
                                                      "subject_name": officer.name}
            self.record_action(by, "pin_changed", now=now, **details)

    def change_own_pin(self, officer: Officer, current_pin: str, new_pin: str, *,
                       now: dt.datetime | None = None) -> None:
        """The signed-in officer changes their PIN, typing the current one first. A wrong
        current PIN counts towards the lockout like a wrong sign-in: raises OfficerError
        pin.current_wrong {count} (field "current") or pin.locked {count}; then as
        change_pin."""
        now = now or self.clock.now()
        check_pin_rules(new_pin)
        answer = self._attempt(officer.id, current_pin, now, login=False)
        if isinstance(answer, WrongPin):
            raise OfficerError("pin.current_wrong", field="current", count=answer.tries_left)
        if isinstance(answer, LockedOut):
            raise OfficerError("pin.locked", field="current", count=answer.minutes_left)
        self.change_pin(officer, new_pin, now=now)

    def remove_officer(self, officer: Officer, *, by: Officer,
                       now: dt.datetime | None = None) -> None:
        """Take an officer's PIN out of use; the last officer cannot be removed (there is
        always one who can sign in). Raises OfficerError officer.last_one, officer.unknown."""
        now = now or self.clock.now()
        with self.store.transaction():
            if self.get(officer.id) is None:
                raise OfficerError("officer.unknown", name=officer.name)
            if len(self.active()) <= 1:
                raise OfficerError("officer.last_one")
            self.store.conn.execute("UPDATE officers SET removed_utc=? WHERE id=?",
                                    (utc_now_iso(now), officer.id))
            self._keep(officer.id, Tries())
            self.record_action(by, "officer_removed", now=now, subject_id=officer.id,
                               subject_name=officer.name)

    def unlock(self, officer: Officer, *, by: Officer, now: dt.datetime | None = None) -> None:
        """Another officer lifts `officer`'s lock at once (and their count of wrong PINs);
        audited as officer_unlocked."""
        now = now or self.clock.now()
        with self.store.transaction():
            self._keep(officer.id, Tries())
            self.record_action(by, "officer_unlocked", now=now, subject_id=officer.id,
                               subject_name=officer.name)

    # -- entry ------------------------------------------------------------------------------
    def authenticate(self, pin: str, now: dt.datetime | None = None, *,
                     officer_id: int) -> Officer | LockedOut | WrongPin:
        """Sign `officer_id` in: the Officer for the right PIN (audited as login);
        WrongPin(tries_left) or LockedOut for that officer only (audited as login_failed,
        locked_out). Raises OfficerError officer.unknown for an officer not in use.

        Slow on purpose (one scrypt): call it off the UI thread.
        """
        return self._attempt(officer_id, pin, now or self.clock.now(), login=True)

    def locked_out(self, officer_id: int, now: dt.datetime | None = None) -> LockedOut | None:
        """`officer_id`'s lock now, if any (for the PIN pad to show before anyone types)."""
        return current_lock(self._tries(officer_id), now or self.clock.now())

    def locks(self, now: dt.datetime | None = None) -> dict[int, LockedOut]:
        """Every active officer who is locked out now, by id (the officers' page)."""
        now = now or self.clock.now()
        found = {o.id: self.locked_out(o.id, now) for o in self.active()}
        return {oid: lock for oid, lock in found.items() if lock is not None}

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

    # -- inside -----------------------------------------------------------------------------
    def _attempt(self, officer_id: int, pin: str, now: dt.datetime, *,
                 login: bool) -> Officer | LockedOut | WrongPin:
        locked = self.locked_out(officer_id, now)
        if locked is not None:
            return locked
        row = self.store.conn.execute(
            "SELECT * FROM officers WHERE id=? AND removed_utc IS NULL", (officer_id,)).fetchone()
        if row is None:
            raise OfficerError("officer.gone")
        officer = _officer(row)
        right = pin_matches(pin, row["pin_hash"])
        with self.store.transaction():
            tries = self._tries(officer_id)
            locked = current_lock(tries, now)    # another thread may have locked meanwhile
            if locked is not None:
                return locked
            if right:
                self._keep(officer_id, Tries())
                if login:
                    self.record_action(officer, "login", now=now)
                return officer
            kept, answer = after_failure(tries, now)
            self._keep(officer_id, kept)
            who = {"subject_id": officer.id, "subject_name": officer.name}
            if isinstance(answer, LockedOut):
                self.record_action(None, "locked_out", now=now, failures=MAX_FAILURES,
                                   minutes=int(LOCKOUT.total_seconds() // 60), **who)
            else:
                self.record_action(None, "login_failed", now=now, failures=kept.failures,
                                   **who)
            return answer

    def _tries(self, officer_id: int) -> Tries:
        failures = int(self.store.meta(_FAILURES_KEY.format(id=officer_id), "0") or 0)
        until = self.store.meta(_LOCKED_KEY.format(id=officer_id))
        return Tries(failures, parse_utc_iso(until) if until else None)

    def _keep(self, officer_id: int, tries: Tries) -> None:
        with self.store.transaction():
            self.store.set_meta(_FAILURES_KEY.format(id=officer_id), str(tries.failures))
            self.store.set_meta(_LOCKED_KEY.format(id=officer_id),
                                utc_now_iso(tries.locked_until) if tries.locked_until else "")


def _officer(row: sqlite3.Row) -> Officer:
    return Officer(row["id"], row["name"], row["created_utc"])
