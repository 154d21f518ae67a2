"""The kiosk PIN (``kiosk.exit_pin`` in kiosk.toml) and which PIN the officer PIN pad asks for.

The pad works in one of four modes (docs/officer-side.md):

- OFFICER, once officers exist: the officer taps their name, then types their own PIN
  (kiosk.officer.accounts, with that officer's lockout); closing the kiosk is then an
  officer action (Close the kiosk, confirmed). The kiosk PIN does nothing here.
- KIOSK, before the first officer exists, or when the officer list cannot be read
  because the database is broken: the kiosk PIN closes the kiosk (when closing was
  asked) or opens first-run set-up. A full-screen kiosk thus never locks everyone in.
- SETUP, on a kiosk where nothing is chosen yet (no officer, no kiosk PIN): first-run
  set-up opens at once, and asks for the kiosk PIN with the first officer.
- OPEN, when the officer list cannot be read and no kiosk PIN is chosen: there is nothing
  to check, and closing is offered (with a confirmation) rather than lock everyone in.

The kiosk PIN is never kept in plain text: kiosk.toml holds its scrypt hash
(kiosk/officer/pins.py), written by set-up or `kiosk officer kiosk-pin`; a PIN typed there
in digits is replaced by its hash (migrate). The shipped demo file has no kiosk PIN, and a
value an earlier version shipped (SHIPPED) counts as none: it was published, so it can
never close a kiosk in service.

Wrong kiosk PINs have the officers' lockout (five wrong, five minutes). Their count is kept
in a small owner-only file in the data folder (TRIES_FILE), not in the database: the
kiosk PIN is what is left when the database cannot be read, so its count must not need
the database. If even that file cannot be written (a read-only disk), the count is kept in
memory for the life of the process; closing the kiosk takes the kiosk PIN, so nobody at
the screen can restart it to start the count again.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import os
import sqlite3
import tempfile
import threading
from enum import StrEnum
from pathlib import Path
from typing import Literal

from kiosk.event.clock import Clock
from kiosk.event.config_file import write_setting
from kiosk.officer.lockout import LockedOut, Tries, WrongPin, after_failure, current_lock
from kiosk.officer.pins import check_pin_rules, hash_pin, is_pin_hash, pin_matches
from kiosk.records.store import OutOfService, parse_utc_iso, utc_now_iso
from kiosk.textfile import read_text

log = logging.getLogger(__name__)

SETTING = "kiosk.exit_pin"
TRIES_FILE = "kiosk-pin-tries.json"
# Every kiosk.exit_pin value ever shipped in resources/kiosk.default.toml: never a kiosk PIN.
SHIPPED = frozenset({"", "2468"})


class EntryMode(StrEnum):
    """Which PIN the pad asks for, if any."""

    OFFICER = "officer"
    KIOSK = "kiosk"
    SETUP = "setup"
    OPEN = "open"


def entry_mode(*, setup_needed: bool | None, kiosk_pin_chosen: bool) -> EntryMode:
    """The pad's mode. `setup_needed`: Officers.setup_needed(), or None when the officer
    list cannot be read (officer_list_broken); `kiosk_pin_chosen`: KioskPin.chosen."""
    if setup_needed is False:
        return EntryMode.OFFICER
    if kiosk_pin_chosen:
        return EntryMode.KIOSK
    return EntryMode.SETUP if setup_needed else EntryMode.OPEN


def officer_list_broken(error: BaseException) -> bool:
    """The officer list could not be read and trying again will not cure it: a database
    error other than "locked" or "busy" (a broken or unopenable file), or the kiosk found
    out of service (a read-only, damaged or full database: OutOfService). Then the pad falls
    back to KIOSK mode, for closing only; anything passing is shown and tried again."""
    if isinstance(error, OutOfService):
        return True
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    text = str(error).lower()
    return "locked" not in text and "busy" not in text


def usable(stored: str) -> bool:
    """Whether a kiosk.exit_pin value is a kiosk PIN at all (not empty, not SHIPPED)."""
    return stored.strip() not in SHIPPED


class KioskPin:
    """The kiosk PIN of one kiosk: its hash in kiosk.toml at `config_path` (`stored` is the
    value read from there), its tries counted in the file `tries_path`. Thread-safe: the
    pad checks it on a worker. Built once per kiosk by the Booth."""

    def __init__(self, config_path: Path, stored: str, tries_path: Path, clock: Clock) -> None:
        self.config_path, self.tries_path, self.clock = config_path, tries_path, clock
        self._stored = stored.strip()
        self._lock = threading.Lock()
        self._memory = Tries()
        self._file_ok = True

    @property
    def chosen(self) -> bool:
        """A kiosk PIN is set (and it is not one ever published)."""
        return usable(self._stored)

    @property
    def published(self) -> bool:
        """kiosk.toml still holds a demo PIN an earlier version shipped (SHIPPED)."""
        return bool(self._stored) and not usable(self._stored)

    @property
    def plain(self) -> bool:
        """The kiosk PIN is in kiosk.toml as digits, not yet replaced by its hash."""
        return self.chosen and not is_pin_hash(self._stored)

    def check(self, pin: str, now: dt.datetime | None = None) -> Literal[True] | WrongPin | \
            LockedOut:
        """True for the kiosk PIN; WrongPin(tries_left) or LockedOut otherwise (counted, and
        kept in TRIES_FILE). Never True when no kiosk PIN is chosen. Slow on purpose (one
        scrypt): call it off the UI thread."""
        now = now or self.clock.now()
        with self._lock:
            tries = self._load()
            locked = current_lock(tries, now)
            if locked is not None:
                return locked
            if self._matches(pin):
                self._save(Tries())
                return True
            kept, answer = after_failure(tries, now)
            self._save(kept)
            return answer

    def locked_out(self, now: dt.datetime | None = None) -> LockedOut | None:
        """The lock now, if any (for the pad to show before anyone types)."""
        with self._lock:
            return current_lock(self._load(), now or self.clock.now())

    def choose(self, pin: str) -> None:
        """Make `pin` the kiosk PIN: the same rules as an officer's PIN (OfficerError about
        field "kiosk_pin"), its hash written into kiosk.toml (OSError when it cannot be).
        Lifts any lock."""
        check_pin_rules(pin, field="kiosk_pin")
        stored = hash_pin(pin)
        with self._lock:
            write_setting(self.config_path, SETTING, stored)
            self._stored = stored
            self._save(Tries())

    def migrate(self) -> bool:
        """A kiosk PIN written in digits in kiosk.toml is replaced there by its hash (the same
        PIN keeps working). True when it was; False when there was nothing to do or the
        file cannot be written (then it stays as it was, and `kiosk doctor` says so)."""
        with self._lock:
            if not usable(self._stored) or is_pin_hash(self._stored):
                return False
            stored = hash_pin(self._stored)
            try:
                write_setting(self.config_path, SETTING, stored)
            except (OSError, ValueError) as exc:
                log.warning("the kiosk PIN stays in plain text in %s: %s", self.config_path,
                            type(exc).__name__)
                return False
            self._stored = stored
            return True

    # -- inside -----------------------------------------------------------------------------
    def _matches(self, pin: str) -> bool:
        if not self.chosen or not pin:
            return False
        if is_pin_hash(self._stored):
            return pin_matches(pin, self._stored)
        # Digits not yet migrated: compared in constant time, as bytes.
        return hmac.compare_digest(pin.encode("utf-8"), self._stored.encode("utf-8"))

    def _load(self) -> Tries:
        if not self._file_ok:
            return self._memory
        try:
            data = json.loads(read_text(self.tries_path))
            until = data.get("locked_until_utc")
            return Tries(int(data.get("failures", 0)), parse_utc_iso(until) if until else None)
        except FileNotFoundError:
            return self._memory
        except (OSError, ValueError, TypeError, AttributeError):
            log.warning("the kiosk PIN's tries file cannot be read; counting in memory")
            return self._memory

    def _save(self, tries: Tries) -> None:
        self._memory = tries
        body = json.dumps({"failures": tries.failures,
                           "locked_until_utc": utc_now_iso(tries.locked_until)
                           if tries.locked_until else None})
        try:
            self.tries_path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".kiosk-pin-", dir=self.tries_path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:    # mkstemp: mode 0600
                    fh.write(body)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.tries_path)
            except BaseException:
                os.unlink(tmp)
                raise
            self._file_ok = True
        except OSError as exc:
            if self._file_ok:
                log.warning("the kiosk PIN's tries cannot be kept on disk (%s); counting in "
                            "memory", type(exc).__name__)
            self._file_ok = False
