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

from kiosk.records.canonical import canonical_json, sha256_hex
from kiosk.records.migrations import MIGRATIONS
from kiosk.records.record import KINDS, Record


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
    """One kiosk's SQLite file. Open one Store per thread that uses it."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=10)
        self.conn.row_factory = sqlite3.Row
        self._enter_wal()
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.db = sqlite_utils.Database(self.conn)
        self.migrate()
        self.kiosk_id = self._kiosk_id()

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
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    # -- schema -------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Apply every migration newer than `PRAGMA user_version`, each in its own transaction."""
        while self.schema_version < len(MIGRATIONS):
            with self.transaction():
                # Read the version under the write lock: another connection (a worker
                # thread opening the same new file) may have migrated meanwhile.
                version = self.schema_version
                if version >= len(MIGRATIONS):
                    break
                MIGRATIONS[version](self.db)
                self.conn.execute(f"PRAGMA user_version={version + 1}")

    def _kiosk_id(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key='kiosk_id'").fetchone()
        if row:
            return row[0]
        with self.transaction():
            row = self.conn.execute("SELECT value FROM meta WHERE key='kiosk_id'").fetchone()
            if row:
                return row[0]
            # A random id per database, so a reinstalled kiosk never reuses another's seq range.
            kid = "k" + secrets.token_hex(4)
            self.conn.execute("INSERT INTO meta(key, value) VALUES ('kiosk_id', ?)", (kid,))
            return kid

    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        """Set a meta value; call inside a transaction() when it must commit with other writes."""
        self.conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: one writer at a time, all or nothing."""
        if self.conn.in_transaction:
            yield self.conn  # nested: the outer transaction commits
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
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
        # so numbers stay gap-free (a rolled-back insert leaves no hole either).
        seq = self.conn.execute(
            "INSERT INTO records(uuid, kiosk_id, kind, created_utc, payload, sha256,"
            " supersedes) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rid, self.kiosk_id, kind, created, body, digest, supersedes),
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

    def __init__(self, path: Path | str) -> None:
        import threading

        self.path = Path(path)
        self._by_thread: dict[int, Store] = {}
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        import threading

        ident = threading.get_ident()
        with self._lock:
            store = self._by_thread.get(ident)
        if store is None:
            store = Store(self.path)
            with self._lock:
                self._by_thread[ident] = store
                self._all.append(store)
        return store

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
