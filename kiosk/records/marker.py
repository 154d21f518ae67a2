"""The in-service marker: what this kiosk has issued, kept outside its database.

keys/in-service.json (0600, beside the signing key) says that this data folder's kiosk
has been in service, and holds its high-water marks: the kiosk id, the last record
`seq`, the highest ticket number per event day and letter (the last seven days that
have tickets), the last export (number and manifest hash, for the chain), the signing
key's public half, and the officers (name and PIN hash: so that an officer can
authorise a recovery when the database itself is gone). The store rewrites it inside
every write transaction (kiosk/records/store.py), so it is never behind what was
committed; it is synced at every export and at shutdown.

A kiosk whose marker is there never starts on a missing or empty database, one that is
behind the marker, or another kiosk's database (check_database): that would make a new
kiosk id and hand out B-001 a second time on the same day. An officer decides
(`kiosk recover`, kiosk/booth/recovery.py); a new database then keeps the kiosk id and
continues every number above the marker's.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.files.checked import sync_dir
from kiosk.files.owner import PRIVATE_FILE
from kiosk.paths import sqlite_uri
from kiosk.textfile import read_text

MARKER_FILE = "in-service.json"
FORMAT = 1
TICKET_DAYS = 7

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InService:
    """What the marker holds. tickets: {"YYYY-MM-DD": {"A": highest number}}; officers:
    [{"id", "name", "pin_hash", "created_utc"}] (active officers)."""

    kiosk_id: str
    last_seq: int = 0
    tickets: dict[str, dict[str, int]] = field(default_factory=dict)
    export_number: int = 0
    export_manifest_sha256: str | None = None
    public_key: str | None = None
    officers: list[dict[str, Any]] = field(default_factory=list)
    updated_utc: str = ""

    def as_json(self) -> bytes:
        return json.dumps({"format": FORMAT, **asdict(self)}, sort_keys=True,
                          indent=1).encode("utf-8")

    def high_water(self) -> str:
        """A short, language-neutral line: kiosk id, last seq, the latest day's highest
        codes (k1a2b3c4d, seq 95, 2019-10-23: A-040 E-003)."""
        days = sorted(self.tickets)
        latest = ""
        if days:
            codes = " ".join(f"{letter}-{n:03d}" for letter, n in
                             sorted(self.tickets[days[-1]].items()))
            latest = f", {days[-1]}: {codes}"
        return f"{self.kiosk_id}, seq {self.last_seq}{latest}"


class NotInService(KioskError):
    """The database does not match what this kiosk has issued (service.database_missing,
    service.database_empty, service.database_behind, service.database_other_kiosk,
    service.marker_unreadable); the message says what an officer can do."""


def marker_path(keys_dir: Path) -> Path:
    return Path(keys_dir) / MARKER_FILE


def read_marker(keys_dir: Path) -> InService | None:
    """The marker, or None when this data folder's kiosk was never in service.

    Raises NotInService (service.marker_unreadable) for a marker that cannot be read.
    """
    path = marker_path(keys_dir)
    try:
        raw = json.loads(read_text(path))
        raw.pop("format")
        return InService(**raw)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise NotInService("service.marker_unreadable", path=str(path),
                           detail=type(exc).__name__) from None


_write_lock = threading.Lock()


def write_marker(keys_dir: Path, state: InService, *, durable: bool = False) -> None:
    """Replace the marker with `state` (atomic rename; synced when `durable`)."""
    keys_dir = Path(keys_dir)
    final = marker_path(keys_dir)
    tmp = keys_dir / f".{MARKER_FILE}.{os.getpid()}.{threading.get_ident()}.tmp"
    with _write_lock:
        # This process's and thread's own temporary name: truncated if a crash left it.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(state.as_json())
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, final)
        if durable:
            sync_dir(keys_dir)


def sync_marker(keys_dir: Path) -> None:
    """Make the marker as last written durable (at shutdown); quiet when there is none."""
    try:
        fd = os.open(marker_path(keys_dir), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
        sync_dir(Path(keys_dir))
    except OSError:
        pass                                   # closing must close; the next write retries
    finally:
        os.close(fd)


def snapshot(conn: sqlite3.Connection, kiosk_id: str, *, floors: InService | None,
             now_utc: str) -> InService:
    """The marker for a database: its high-water marks, never below `floors` (a database
    started anew continues above what the kiosk issued before)."""
    last_seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM records").fetchone()[0]
    tickets: dict[str, dict[str, int]] = {}
    newest = conn.execute("SELECT MAX(day) FROM tickets").fetchone()[0]
    if newest:
        rows = conn.execute(
            "SELECT day, letter, MAX(number) FROM tickets WHERE day >= date(?, ?)"
            " GROUP BY day, letter", (newest, f"-{TICKET_DAYS} days"))
        for day, letter, number in rows:
            tickets.setdefault(day, {})[letter] = number
    export = conn.execute(
        "SELECT number, manifest_sha256 FROM exports ORDER BY number DESC LIMIT 1").fetchone()
    public = conn.execute("SELECT value FROM meta WHERE key='signing_public_key'").fetchone()
    officers = [dict(zip(("id", "name", "pin_hash", "created_utc"), row, strict=True))
                for row in conn.execute("SELECT id, name, pin_hash, created_utc FROM officers"
                                        " WHERE removed_utc IS NULL ORDER BY id")]
    state = InService(kiosk_id, last_seq, tickets, export[0] if export else 0,
                      export[1] if export else None, public[0] if public else None,
                      officers, now_utc)
    return with_floors(state, floors) if floors else state


def with_floors(state: InService, floors: InService) -> InService:
    """`state` with every high-water mark raised to at least the one in `floors`."""
    tickets = {day: dict(letters) for day, letters in floors.tickets.items()}
    for day, letters in state.tickets.items():
        for letter, number in letters.items():
            tickets.setdefault(day, {})[letter] = max(number, tickets.get(day, {}).get(letter, 0))
    newest = sorted(tickets)[-TICKET_DAYS:]
    export_number, export_hash = state.export_number, state.export_manifest_sha256
    if floors.export_number > export_number:
        export_number, export_hash = floors.export_number, floors.export_manifest_sha256
    return InService(state.kiosk_id, max(state.last_seq, floors.last_seq),
                     {day: tickets[day] for day in newest}, export_number, export_hash,
                     state.public_key or floors.public_key,
                     state.officers or floors.officers, state.updated_utc)


def check_database(database: Path, keys_dir: Path) -> InService | None:
    """Refuse a database that does not match what this kiosk has issued.

    Returns the marker (None for a kiosk never in service). Raises NotInService when the
    marker is there and the database is missing, empty (0 bytes, or no schema), behind
    the marker (a restored older copy, or records lost), or another kiosk's.
    """
    marker = read_marker(keys_dir)
    if marker is None:
        return None
    path, where, held = str(database), str(marker_path(keys_dir)), marker.high_water()
    if not database.exists():
        raise NotInService("service.database_missing", path=path, marker=where,
                           high_water=held)
    found = database_facts(database) if database.stat().st_size else None
    if found is None:
        raise NotInService("service.database_empty", path=path, marker=where,
                           high_water=held)
    if found.kiosk_id != marker.kiosk_id:
        raise NotInService("service.database_other_kiosk", path=path, marker=where,
                           kiosk=marker.kiosk_id, db_kiosk=found.kiosk_id)
    if found.last_seq < marker.last_seq:
        raise NotInService("service.database_behind", path=path, db_seq=found.last_seq,
                           seq=marker.last_seq, high_water=held)
    return marker


@dataclass(frozen=True)
class DatabaseFacts:
    """What a database says about its kiosk, read without changing it."""

    kiosk_id: str
    last_seq: int
    records: int
    public_key: str | None


def database_facts(database: Path) -> DatabaseFacts | None:
    """Kiosk id, last seq, record count and remembered public key of a database, read-only;
    None when it has no kiosk yet. Raises sqlite3.DatabaseError for a file that is not a
    database."""
    conn = sqlite3.connect(sqlite_uri(database.resolve(), mode="ro"), uri=True)
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"meta", "records"} <= tables:
            return None
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN"
                                 " ('kiosk_id', 'signing_public_key')").fetchall())
        if "kiosk_id" not in meta:
            return None
        last, count = conn.execute("SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM records"
                                   ).fetchone()
        return DatabaseFacts(meta["kiosk_id"], last, count, meta.get("signing_public_key"))
    finally:
        conn.close()


def save_quietly(keys_dir: Path, state: InService, *, durable: bool = False) -> None:
    """write_marker, but a marker that cannot be written never fails a citizen's
    submission: the log says so (no personal data) and the next write tries again."""
    try:
        write_marker(keys_dir, state, durable=durable)
    except OSError as exc:
        log.warning("in-service marker not written to %s: %s", keys_dir,
                    exc.strerror or type(exc).__name__)
