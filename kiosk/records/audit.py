"""The audit trail: who did what at the booth, as append-only ``officer_action`` records.

Every officer action worth auditing (sign-in, a reprint, the day report, retention, an
officer added, removed or unlocked, a PIN or the kiosk PIN changed) is a record like any
other, so it reaches the central office with the day's records. Queue steps are
``queue_event`` records that name the officer themselves (kiosk/queue/console.py). Audit
records carry no citizen personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.files.checked import unlink_quietly, write_all
from kiosk.records.record import PERSONAL_FIELDS
from kiosk.records.store import Store

# What an officer_action record may say; anything else is a programming error.
ACTIONS = ("officer_created", "officer_removed", "pin_changed", "login", "login_failed",
           "locked_out", "logout", "report", "retention", "slip_checked", "reprint",
           "new_database", "older_database", "officer_unlocked", "kiosk_pin_changed")


@dataclass(frozen=True)
class Officer:
    """Who acted: an officer's id and name (accounts live in kiosk/officer/accounts.py)."""

    id: int
    name: str
    created_utc: str


def append_officer_action(store: Store, officer: Officer | None, action: str, *,
                          now: dt.datetime, **details: Any) -> None:
    """Append an officer_action record: who (id and name, or null), what, details; the
    record's time is when. Must run inside store.transaction().

    Raises ValueError for an action not in ACTIONS, or details named like a personal
    field (kiosk/records/record.py PERSONAL_FIELDS).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown officer action {action!r}")
    bad = set(details) & set(PERSONAL_FIELDS)
    if bad:
        raise ValueError(f"personal fields in an audit record: {sorted(bad)}")
    store.append_record("officer_action", {
        "action": action, "officer_id": officer.id if officer else None,
        "officer_name": officer.name if officer else None, "details": details,
    }, now=now)


def write_audited(store: Store, files: Sequence[tuple[Path, bytes]],
                  audit: Callable[[], None], *, mode: int | None = None) -> list[Path]:
    """Write files for an officer (a report and its recap, a reprinted slip) together
    with the record that audits them: `audit()` appends it inside one transaction that
    also writes the files (all or none, kiosk/files/checked.py write_all). So a busy
    database (store.DatabaseBusy) stops everything before a byte is written, a file that
    cannot be written leaves no record, and if the commit fails the files go again.
    mode: 0o600 for a file with personal data; None: as private as its folder.
    Raises FileWriteError, DatabaseBusy, sqlite3.Error.
    """
    written: list[Path] = []
    try:
        with store.transaction():
            audit()
            written = write_all(files, mode=mode)
    except BaseException:
        for path in written:
            unlink_quietly(path)
        raise
    return written
