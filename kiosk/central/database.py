"""The central database: one engine per process, write transactions, Alembic migrations.

SQLite (the embedded default) runs in WAL mode with synchronous=FULL; a write transaction
starts with BEGIN IMMEDIATE so two writers queue on the busy timeout instead of failing
halfway. PostgreSQL (``postgresql+psycopg://``) runs READ COMMITTED; ingest of one kiosk's
records is serialised by an advisory lock (kiosk.central.ingest).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Integer,
    String,
    Table,
    Text,
    create_engine,
    event,
    make_url,
)
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_MS = 30_000


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows fast, inside the open transaction: COPY on PostgreSQL, the driver's
    executemany on SQLite (SQLAlchemy's per-row parameter handling is most of the cost of
    an ingest otherwise). Every row has the same keys."""
    if not rows:
        return
    columns = list(rows[0])
    bulk_insert_rows(conn, table, columns, [tuple(row[c] for c in columns) for row in rows])


def bulk_insert_rows(conn: Connection, table: Table, columns: Sequence[str],
                     rows: list[tuple]) -> None:
    """bulk_insert of rows given as tuples in the order of `columns`."""
    if not rows:
        return
    raw = conn.connection.driver_connection
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        # Binary COPY: the values go as the columns' own types, with no text to format
        # here or to parse on the server (a tenth less time for a day's records).
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({names}) FROM STDIN "
                                           "(FORMAT BINARY)") as copy:
            copy.set_types([_copy_type(table.c[name]) for name in columns])
            for values in rows:
                copy.write_row(values)
    else:
        marks = ", ".join("?" * len(columns))
        raw.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)


def _copy_type(column: Column) -> str:
    """The PostgreSQL type a binary COPY sends a column's values as."""
    for kind, name in ((BigInteger, "int8"), (Integer, "int4"), (Boolean, "bool"),
                       (Text, "text"), (String, "varchar")):
        if isinstance(column.type, kind):
            return name
    raise TypeError(f"no COPY type for {column.table.name}.{column.name}")


def allocate_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """`count` new values of `table`'s integer primary key ``id``, rising, for rows this
    transaction inserts with them before it takes more: from the column's sequence on
    PostgreSQL (taken, so never given to another transaction, even if this one rolls
    back); on SQLite the next values after the highest, which only this transaction can
    insert (a write transaction holds the database's write lock from BEGIN)."""
    if count <= 0:
        return []
    if conn.dialect.name == "postgresql":
        # Taken one by one; sent back as a range when they follow each other (no other
        # transaction took one in between: the usual case), else as the list. The
        # sequence is looked up once, in a subquery: pg_get_serial_sequence is a
        # catalog lookup, and as nextval's argument it ran for every value (24 ms of
        # 5,000 values, against 3 ms).
        low, high, listed = conn.exec_driver_sql(
            "SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 = count(*) THEN NULL "
            "ELSE array_agg(v ORDER BY v) END FROM (SELECT nextval((SELECT "
            f"pg_get_serial_sequence('{table.name}', 'id')::regclass)) AS v "
            f"FROM generate_series(1, {int(count)})) AS taken"
        ).one()
        return list(range(low, high + 1)) if listed is None else listed
    top = conn.exec_driver_sql(f"SELECT max(id) FROM {table.name}").scalar() or 0
    return list(range(top + 1, top + 1 + count))


class DatabaseError(Exception):
    """The database cannot be used as it is; the message says what to run."""


class Database:
    """The engine and how the office code talks to it: ``read()`` and ``write()``."""

    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        self.url = make_url(url)
        self.dialect = self.url.get_backend_name()
        if self.dialect == "sqlite":
            self.engine = self._sqlite_engine()
        elif self.dialect == "postgresql":
            self.engine = create_engine(self.url, pool_pre_ping=True, pool_size=pool_size,
                                        max_overflow=pool_size)
        else:
            raise DatabaseError(f"unsupported database {self.dialect!r}: use a SQLite file "
                                "(sqlite:///PATH) or PostgreSQL (postgresql+psycopg://...)")

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    def _sqlite_engine(self) -> Engine:
        path = self.url.database
        if path and path != ":memory:" and not Path(path).exists():
            # Created owner-only; SQLite gives the -wal and -shm files the same mode.
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_MS / 1000,
                                                       "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None      # we issue BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA secure_delete=ON")   # removed personal data is zeroed
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("central_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (a consistent view on both engines)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: all or nothing; on SQLite it holds the write lock from BEGIN."""
        with self.engine.connect().execution_options(central_write=True) as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()

    # -- migrations ----------------------------------------------------------------------
    def _alembic(self, conn: Connection) -> AlembicConfig:
        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        return cfg

    def upgrade(self) -> tuple[str | None, str]:
        """Apply every migration not yet applied; returns (revision before, revision now)."""
        with self.migrating() as conn:
            before = MigrationContext.configure(conn).get_current_revision()
            command.upgrade(self._alembic(conn), "head")
            after = MigrationContext.configure(conn).get_current_revision()
        return before, after or ""

    @contextmanager
    def migrating(self) -> Iterator[Connection]:
        """A write transaction for changing the schema. On SQLite, SQLite's own procedure
        for a change ALTER TABLE cannot make (sqlite.org/lang_altertable.html, "Making
        other kinds of table schema changes"; Alembic's batch mode copies the table):
        foreign keys off outside the transaction, ``PRAGMA foreign_key_check`` before the
        commit (DatabaseError, nothing changed, if a row lost what it refers to), on again
        after. Without it, copying a table other rows refer to fails on a database that
        holds any."""
        with self.engine.connect().execution_options(central_write=True) as conn:
            driver = conn.connection.driver_connection if self.dialect == "sqlite" else None
            if driver is not None:
                driver.execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    yield conn
                    if driver is not None and \
                            conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise DatabaseError("a schema change left rows referring to rows "
                                            "that are not there; nothing was changed")
            finally:
                if driver is not None:
                    driver.execute("PRAGMA foreign_keys=ON")

    def revisions(self) -> tuple[str | None, str]:
        """(the database's revision, the newest revision this code knows)."""
        with self.read() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        return current, head or ""

    def require_current(self) -> None:
        """Raise DatabaseError unless the schema is at the newest revision."""
        current, head = self.revisions()
        if current is None:
            raise DatabaseError("the database is empty: run `kiosk-central init` (or "
                                "`kiosk-central db upgrade`) first")
        if current != head:
            raise DatabaseError(f"the database is at revision {current}, this program needs "
                                f"{head}: run `kiosk-central db upgrade` (after a backup)")
