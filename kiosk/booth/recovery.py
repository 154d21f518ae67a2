"""`kiosk recover`: an officer's deliberate decision to go on when the database was lost.

A kiosk that has been in service (its in-service marker is there, kiosk/records/marker.py)
refuses to start on a missing, empty or older database. An officer then either puts the
database back from a backup, or decides here:

- ``new_database``: the database is missing or empty. The empty file is kept aside
  (kiosk.sqlite3.empty-TIME), and a new database starts that keeps the kiosk id,
  continues record `seq`, every (day, letter) ticket number and the export chain above
  the marker's high-water marks, remembers the signing key and brings the officers
  back (names and PIN hashes), so no code is ever handed out twice.
- ``older_database``: the database is an older copy (a backup restored). It stays, and
  its numbering continues above the marker's (what was issued after that copy is lost
  here; the central office has it if it was exported or synced).

Either way an officer's PIN (checked against the marker, since the database that held
the officers may be gone) authorises it, and an ``officer_action`` record
(``new_database`` / ``older_database``) says what was done and by whom.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.officer.accounts import pin_matches
from kiosk.paths import DataDir
from kiosk.records.audit import Officer, append_officer_action
from kiosk.records.keyring import MEMORY
from kiosk.records.marker import InService, NotInService, check_database, marker_path, read_marker
from kiosk.records.store import SIDECARS, Store

MODES = ("new_database", "older_database")
_STATES = {"service.database_missing": "new_database", "service.database_empty": "new_database",
           "service.database_behind": "older_database"}


class RecoveryRefused(KioskError):
    """Nothing to recover, the wrong command for the state, or a wrong PIN / kiosk id
    (recover.*); nothing was changed."""


@dataclass(frozen=True)
class Recovered:
    mode: str
    kiosk_id: str
    previous_last_seq: int
    officer: Officer | None
    kept_aside: Path | None


def plan(data: DataDir, mode: str) -> InService:
    """The marker, when `mode` is the decision this data folder needs; else raise
    RecoveryRefused (or NotInService for a state no command repairs: another kiosk's
    database, an unreadable marker)."""
    if mode not in MODES:
        raise ValueError(mode)
    marker = read_marker(data.keys)
    if marker is None:
        raise RecoveryRefused("recover.nothing", marker=str(marker_path(data.keys)))
    try:
        check_database(data.database, data.keys)
    except NotInService as exc:
        needed = _STATES.get(exc.key)
        if needed is None:
            raise
        if needed != mode:
            raise RecoveryRefused(f"recover.use_{needed.split('_')[0]}",
                                  path=str(data.database)) from None
        return marker
    raise RecoveryRefused("recover.not_needed", path=str(data.database))


def authorise(marker: InService, *, pin: str | None = None,
              typed_id: str | None = None) -> Officer | None:
    """The officer whose PIN this is (checked against the marker's hashes); on a kiosk
    that never had an officer, the kiosk id typed out instead. RecoveryRefused if not."""
    if marker.officers:
        for entry in marker.officers:
            if pin and pin_matches(pin, entry["pin_hash"]):
                return Officer(entry["id"], entry["name"], entry["created_utc"])
        raise RecoveryRefused("recover.wrong_pin")
    if (typed_id or "").strip() != marker.kiosk_id:
        raise RecoveryRefused("recover.wrong_id", kiosk=marker.kiosk_id)
    return None


def recover(data: DataDir, marker: InService, *, mode: str, officer: Officer | None,
            now: dt.datetime) -> Recovered:
    """Carry out the decision (after plan() and authorise())."""
    kept = _keep_aside(data.database, now) if mode == "new_database" else None
    store = Store(data.database, kiosk_id=marker.kiosk_id, marker_dir=data.keys)
    try:
        with store.transaction():
            store.set_floors(marker)
            if mode == "new_database":
                if marker.public_key:
                    store.set_meta(MEMORY, marker.public_key)
                store.conn.executemany(
                    "INSERT OR IGNORE INTO officers(id, name, pin_hash, created_utc)"
                    " VALUES (:id, :name, :pin_hash, :created_utc)", marker.officers)
            append_officer_action(store, officer, mode, now=now,
                                  previous_last_seq=marker.last_seq,
                                  tickets_continue_above=marker.tickets,
                                  export_number=marker.export_number,
                                  kept_aside=kept.name if kept else None)
        store.save_marker(durable=True)
    finally:
        store.close()
    return Recovered(mode, marker.kiosk_id, marker.last_seq, officer, kept)


def _keep_aside(database: Path, now: dt.datetime) -> Path | None:
    """Move an empty database file (and SQLite's files beside it) out of the way."""
    if not database.exists():
        return None
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = database.with_name(f"{database.name}.empty-{stamp}")
    for sidecar in SIDECARS:
        source = database.with_name(database.name + sidecar)
        if source.exists():
            source.replace(aside.with_name(aside.name + sidecar))
    return aside
