"""The local store: one SQLite file (WAL, synchronous=FULL), schema migrations, records, outbox.

Records are append-only. Everything that must reach the central office is a record
with a random UUID, this kiosk's id, a gap-free `seq`, the UTC time, canonical JSON
payload and its SHA-256. Derived tables (tickets) change in the same transactions.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from kiosk.errors import KioskError
from kiosk.files.owner import private_folder, tighten, touch_private
from kiosk.records.canonical import canonical_json, sha256_hex
from kiosk.records.marker import InService, save_quietly, snapshot
from kiosk.records.migrations import MIGRATIONS
from kiosk.records.record import KINDS, Record

SIDECARS = ("", "-wal", "-shm", "-journal")   # the database file and SQLite's own beside it


BUSY_TIMEOUT_S = 10.0        # how long a write waits for another writer (the kiosk itself)
_FLOORS = "floors"           # meta: the high-water marks a database started anew continues


class DatabaseBusy(KioskError, sqlite3.OperationalError):
    """Another program holds the database's write lock longer than the wait allows
    (store.busy, `seconds`): nothing was changed; try again in a moment. Also an
    sqlite3.OperationalError, so code that handles database errors handles it."""

    key = "store.busy"


class OutOfService(KioskError):
    """The kiosk cannot take records now: its database or data folder is read-only
    (service.read_only), damaged (service.damaged), on a full disk (service.disk_full), or
    cannot be opened (service.cannot_open); the message says what an officer can do.
    Parameters: path, detail (SQLite's or the system's words, no personal data), free
    (free space, in words). kiosk/booth/health.py tells which."""

    key = "service.cannot_open"


def is_busy(exc: BaseException) -> bool:
    """An SQLite error that means another connection holds the lock."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def utc_now_iso(now: dt.datetime) -> str:
    return now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def day_bounds_utc(day: dt.date, tz: dt.tzinfo) -> tuple[str, str]:
    """Stored UTC times of the event day's first instant (in `tz`) and the next day's."""
    start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    return utc_now_iso(start), utc_now_iso(start + dt.timedelta(days=1))


def parse_utc_iso(text: str) -> dt.datetime:
    """A time written by utc_now_iso, back as an aware datetime (UTC)."""
    return dt.datetime.fromisoformat(text)


class Store:
    """One kiosk's SQLite file. Open one Store per thread that uses it.

    kiosk_id: the id to give a new database (default: a new random one). marker_dir:
    keep the in-service marker there (kiosk/records/marker.py), rewritten inside every
    write transaction. busy_timeout: seconds a write waits for another writer before
    DatabaseBusy.
    """

    def __init__(self, path: Path | str, *, kiosk_id: str | None = None,
                 marker_dir: Path | None = None,
                 busy_timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = Path(path)
        self.floors: InService | None = None
        self.busy_timeout = busy_timeout
        self.marker_dir = Path(marker_dir) if marker_dir is not None else None
        if self.marker_dir is not None:
            private_folder(self.marker_dir)
        private_folder(self.path.parent)
        # Owner-only before SQLite writes a byte: its -wal and -shm files take the main
        # file's mode. Files made looser by an older version are tightened here.
        touch_private(self.path)
        for sidecar in SIDECARS:
            tighten(self.path.with_name(self.path.name + sidecar))
        self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=busy_timeout)
        self.conn.row_factory = sqlite3.Row
        self._enter_wal(busy_timeout)
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.db = sqlite_utils.Database(self.conn)
        self.migrate()
        self.kiosk_id = self._kiosk_id(kiosk_id)
        self.floors = self._read_floors()

    def close(self) -> None:
        self.conn.close()

    def _enter_wal(self, timeout: float = 10.0) -> None:
        """journal_mode=WAL, retried: while another connection sets up the same new file,
        SQLite answers 'database is locked' at once instead of waiting the busy timeout."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise DatabaseBusy(seconds=round(timeout)) from None
                time.sleep(0.01)

    # -- schema -------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Apply every migration newer than `PRAGMA user_version`, each in its own transaction."""
        while self.schema_version < len(MIGRATIONS):
            with self.transaction(marker=False):
                # Read the version under the write lock: another connection (a worker
                # thread opening the same new file) may have migrated meanwhile.
                version = self.schema_version
                if version >= len(MIGRATIONS):
                    break
                MIGRATIONS[version](self.db)
                self.conn.execute(f"PRAGMA user_version={version + 1}")

    def _kiosk_id(self, given: str | None) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key='kiosk_id'").fetchone()
        if row:
            return row[0]
        with self.transaction(marker=False):
            row = self.conn.execute("SELECT value FROM meta WHERE key='kiosk_id'").fetchone()
            if row:
                return row[0]
            # A random id per database, so a reinstalled kiosk never reuses another's seq
            # range; a database started anew for a kiosk in service keeps its id (given).
            kid = given or "k" + secrets.token_hex(4)
            self.conn.execute("INSERT INTO meta(key, value) VALUES ('kiosk_id', ?)", (kid,))
            return kid

    # -- high-water marks of a database started anew (kiosk/booth/recovery.py) -----------
    def _read_floors(self) -> InService | None:
        import json

        text = self.meta(_FLOORS)
        return InService(**json.loads(text)) if text else None

    def set_floors(self, floors: InService) -> None:
        """Continue numbering above `floors` (seq, tickets per day and letter, export
        chain): what the kiosk issued before this database. Inside a transaction()."""
        import dataclasses
        import json

        keep = dataclasses.replace(floors, officers=[], public_key=None)
        self.set_meta(_FLOORS, json.dumps(dataclasses.asdict(keep), sort_keys=True))
        self.floors = keep

    def ticket_floor(self, day: str, letter: str) -> int:
        """The highest ticket number of (day, letter) issued before this database."""
        return self.floors.tickets.get(day, {}).get(letter, 0) if self.floors else 0

    def marker_state(self) -> InService:
        """What this database has issued, as the in-service marker holds it."""
        import datetime as _dt

        return snapshot(self.conn, self.kiosk_id, floors=self.floors,
                        now_utc=utc_now_iso(_dt.datetime.now(_dt.UTC)))

    def save_marker(self, *, durable: bool = True) -> None:
        """Rewrite the in-service marker now (synced: at every export and at shutdown)."""
        if self.marker_dir is not None:
            save_quietly(self.marker_dir, self.marker_state(), durable=durable)

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Set a meta value; call inside a transaction() when it must commit with other writes."""
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self, *, marker: bool = True) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: one writer at a time, all or nothing.

        Raises DatabaseBusy when another program holds the write lock for longer than
        busy_timeout. The in-service marker is rewritten under the same lock, just before
        the commit (so it is never behind a committed record; a failed commit leaves it
        ahead, which is harmless).
        """
        if self.conn.in_transaction:
            yield self.conn  # nested: the outer transaction commits
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise DatabaseBusy(seconds=round(self.busy_timeout)) from None
            raise
        try:
            yield self.conn
            if marker and self.marker_dir is not None:
                save_quietly(self.marker_dir, self.marker_state())
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- records ------------------------------------------------------------------------
    def append_record(self, kind: str, payload: dict[str, Any], *, now: dt.datetime,
                      supersedes: str | None = None, record_uuid: str | None = None) -> Record:
        """Append one record and queue it in the outbox. Must run inside transaction()."""
        if not self.conn.in_transaction:
            raise RuntimeError("append_record must run inside Store.transaction()")
        if kind not in KINDS:
            raise ValueError(f"unknown record kind {kind!r} (kiosk.records.record.KINDS)")
        body = canonical_json(payload)
        rid = record_uuid or str(uuid.uuid4())
        created = utc_now_iso(now)
        digest = sha256_hex(body)
        # seq is the rowid: SQLite gives max(seq) + 1, and records are never deleted,
        # so numbers stay gap-free (a rolled-back insert leaves no hole either). A
        # database started anew continues above the seq the kiosk had reached.
        floor = self.floors.last_seq if self.floors else 0
        seq = self.conn.execute(
            "INSERT INTO records(seq, uuid, kiosk_id, kind, created_utc, payload, sha256,"
            " supersedes) VALUES ((SELECT MAX(COALESCE(MAX(seq), 0), ?) + 1 FROM records),"
            " ?, ?, ?, ?, ?, ?, ?)",
            (floor, rid, self.kiosk_id, kind, created, body, digest, supersedes),
        ).lastrowid
        self.conn.execute("INSERT INTO outbox(seq, queued_utc) VALUES (?, ?)", (seq, created))
        return Record(seq, rid, self.kiosk_id, kind, created, body, digest, supersedes)

    def record(self, record_uuid: str) -> Record | None:
        row = self.conn.execute("SELECT * FROM records WHERE uuid=?", (record_uuid,)).fetchone()
        return record_from_row(row) if row else None

    def records(self, *, kind: str | None = None, since_seq: int = 0,
                until_seq: int | None = None) -> list[Record]:
        sql = "SELECT * FROM records WHERE seq > ?"
        args: list[Any] = [since_seq]
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        if until_seq is not None:
            sql += " AND seq <= ?"
            args.append(until_seq)
        return [record_from_row(r) for r in self.conn.execute(sql + " ORDER BY seq", args)]

    def outbox_seqs(self, limit: int = 1000) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT seq FROM outbox ORDER BY seq LIMIT ?", (limit,))]

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


class StorePerThread:
    """One Store per thread over the same file (sqlite3 connections stay in their thread).

    Keyed by the OS thread id, not threading.local: a QThreadPool worker is a foreign
    thread whose Python thread state is dropped after each call, which would empty a
    threading.local and open a new connection for every job.
    """

    def __init__(self, path: Path | str, **options: Any) -> None:
        import threading

        self.path = Path(path)
        self._options = options              # for each Store: marker_dir, busy_timeout
        self._by_thread: dict[int, Store] = {}
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        import threading

        ident = threading.get_ident()
        with self._lock:
            store = self._by_thread.get(ident)
        if store is None:
            store = Store(self.path, **self._options)
            with self._lock:
                self._by_thread[ident] = store
                self._all.append(store)
        return store

    def forget_this_thread(self) -> None:
        """Close this thread's connection (one that failed); the next get() opens anew."""
        import threading

        with self._lock:
            store = self._by_thread.pop(threading.get_ident(), None)
            if store is not None:
                self._all.remove(store)
        if store is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - a connection that already failed
                pass

    def close_all(self) -> None:
        """Close every thread's connection (at shutdown, after the workers have stopped)."""
        with self._lock:
            for store in self._all:
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - a connection of a dead thread
                    pass
            self._all.clear()
            self._by_thread.clear()


def record_from_row(row: sqlite3.Row) -> Record:
    """A Record from a row of the records table (SELECT *)."""
    return Record(row["seq"], row["uuid"], row["kiosk_id"], row["kind"], row["created_utc"],
                  row["payload"], row["sha256"], row["supersedes"],
                  row["redacted_utc"] is not None)
