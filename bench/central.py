"""Central office benchmarks.

- ``central.ingest_records_per_s.{sqlite,postgresql}``: 50,000 records from five kiosks
  arriving as ten day bundles, imported as ``kiosk-central import`` does: each verified,
  decrypted, archived and stored (with its complaints' desk rows and feed entries), one
  transaction per bundle, acknowledged. Baseline, in the same run on the same engine: the
  same 50,000 record rows into an equally indexed table by a bare ``executemany``
  (SQLite) or ``COPY`` (PostgreSQL), one transaction per 5,000. ``slowdown``: the
  median over the rounds of the round's import time over its bare time, measured one
  right after the other (goal: at most 3); the machine's speed drifts between rounds, and
  a ratio of the two medians mixes rounds of different speeds (``medians_slowdown``).
- ``central.ingest_and_derive_records_per_s.{sqlite,postgresql}``: the same import up to
  the end of its catch-up (the applications' and queue events' search rows built,
  kiosk/central/derive.py), against the same baseline: when the staff pages find all.
- ``central.page_p95_ms.{applications_search,complaints_list}``: a staff page over HTTP from
  ``kiosk-central serve`` with 1,000,000 records loaded in PostgreSQL (goal: at most
  150 ms).

PostgreSQL: ``KIOSK_BENCH_PG_URL`` (else ``KIOSK_TEST_PG_URL``), a server the bench may
create a database on (``tools/throwaway-postgres start DIR``). Without one the PostgreSQL
figures are lines saying why they were skipped.

``KIOSK_BENCH_CENTRAL``: which parts to run, comma-separated, ``ingest`` and/or ``pages``
(default both; the page figures load 1,000,000 records first, which takes minutes):
``KIOSK_BENCH_CENTRAL=ingest python -m bench central``.

The ingest is ``kiosk-central import``'s (kiosk/central/stick.py): a worker process
verifies the next bundles while this one stores. Where its time goes (50,000 records):
reading the ten bundles by every rule of docs/bundle-format.md about 0.9 s of one core
(85 ms a day: kiosk/export/record_lines.py, its lines and payloads, written canonically,
read by msgspec and checked by writing them back; the hashes, the time and kind checks
and building the records are most of the rest), most of them in the worker; storing them
1.0 to 1.4 s (SQLite) to 1.3 to 1.5 s (PostgreSQL) in this process, of which the
``records`` rows and the commits take about what the baseline takes, and the complaints'
desk rows, the feed, the high-water mark and the bundle's own rows the rest. The two
processes overlap, so the import takes about the longer of the two plus the first
bundle's reading; on a machine of two cores each runs slower beside the other (a day's
reading 0.11 s alone, 0.16 to 0.18 s beside the stores).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.measure import entry

INGEST_KIOSKS, INGEST_DAYS, PER_DAY = 5, 2, 5000          # 50,000 records, 10 bundles
ROUNDS = 5
NOW = dt.datetime(2019, 10, 26, tzinfo=dt.UTC)


def pg_url() -> str | None:
    return os.environ.get("KIOSK_BENCH_PG_URL") or os.environ.get("KIOSK_TEST_PG_URL")


def skipped(name: str, why: str) -> dict:
    return {"name": name, "skipped": why, "date": dt.date.today().isoformat()}


class ScratchDatabase:
    """A new database on the PostgreSQL server, dropped afterwards."""

    def __init__(self, url: str, name: str) -> None:
        from sqlalchemy import create_engine, make_url, text

        self.admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
        self.name = f"{name}_{os.getpid()}"
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {self.name}"))
        self.url = make_url(url).set(database=self.name).render_as_string(hide_password=False)

    def close(self) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"))
        self.admin.dispose()


# -- ingest ------------------------------------------------------------------------------
def _ingest_once(url: str, folder: Path, files: list[Path], kiosks,
                 keys_paths) -> tuple[float, float]:
    """(seconds to ingest every bundle file, seconds of the catch-up after them)."""
    from kiosk.central.database import Database
    from kiosk.central.derive import catch_up
    from kiosk.central.keys import load_keys
    from kiosk.central.kiosks import enroll_kiosk
    from kiosk.central.settings import Settings
    from kiosk.central.stick import import_bundles

    keys = load_keys(keys_paths)
    db = Database(url)
    db.upgrade()
    with db.write() as conn:
        for k in kiosks:
            enroll_kiosk(conn, kiosk_id=k.kiosk_id, public_key=k.public_key,
                         event_code="GTO-DEMO", now=NOW, code_hours=1, actor="bench")
    archive = folder / "archive"
    settings = Settings()
    t0 = time.perf_counter()
    stored = sum(result.accepted for _path, result in import_bundles(
        db, keys, settings, files, archive=archive, clock=lambda: NOW))
    ingested = time.perf_counter()
    derived = catch_up(db, settings, now=NOW)
    done = time.perf_counter()
    db.dispose()
    assert stored == INGEST_KIOSKS * INGEST_DAYS * PER_DAY
    assert derived == stored * 9 // 10          # every application and queue event
    return ingested - t0, done - ingested


RECORD_COLUMNS = ("uuid", "kiosk_id", "seq", "kind", "created_utc", "payload",
                  "payload_sha256", "supersedes", "redacted_utc", "bundle", "received_utc")


def _rows(bundles) -> list[list[tuple]]:
    return [[(r.uuid, r.kiosk_id, r.seq, r.kind, r.created_utc, r.payload_json, r.sha256,
              None, None, 1, "2019-10-26T00:00:00.000000Z") for r in records]
            for _data, records in bundles]


BARE_TABLE = """CREATE TABLE bare_records (id {pk}, uuid VARCHAR(36) NOT NULL UNIQUE,
 kiosk_id VARCHAR(16) NOT NULL, seq BIGINT NOT NULL, kind VARCHAR(32) NOT NULL,
 created_utc VARCHAR(27) NOT NULL, payload TEXT NOT NULL, payload_sha256 VARCHAR(64) NOT NULL,
 supersedes VARCHAR(36), redacted_utc VARCHAR(27), bundle INTEGER NOT NULL,
 received_utc VARCHAR(27) NOT NULL, UNIQUE (kiosk_id, seq))"""
BARE_INDEX = "CREATE INDEX bare_kind ON bare_records (kind, created_utc)"


def _bare_sqlite(path: Path, batches: list[list[tuple]]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   "secure_delete=ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute(BARE_TABLE.format(pk="INTEGER PRIMARY KEY"))
    conn.execute(BARE_INDEX)
    sql = (f"INSERT INTO bare_records ({', '.join(RECORD_COLUMNS)}) VALUES "
           f"({', '.join('?' * len(RECORD_COLUMNS))})")
    t0 = time.perf_counter()
    for rows in batches:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def _bare_postgresql(url: str, batches: list[list[tuple]]) -> float:
    import psycopg
    from sqlalchemy import make_url

    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                         dbname=u.database) as conn:
        conn.execute(BARE_TABLE.format(pk="BIGSERIAL PRIMARY KEY"))
        conn.execute(BARE_INDEX)
        conn.commit()
        t0 = time.perf_counter()
        for rows in batches:
            with conn.cursor() as cur, cur.copy(
                    f"COPY bare_records ({', '.join(RECORD_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            conn.commit()
        return time.perf_counter() - t0


def _one_round(n: int, folder: Path, url: str | None, files: list[Path], kiosks, paths,
               rows: list[list[tuple]]) -> tuple[float, float, float]:
    """(ingest s, catch-up s, bare s) on a new database: PostgreSQL at `url`, else a SQLite
    file in `folder`. Each part starts with nothing of the other's left to write to the
    disk (the kernel flushing one part's writes slowed whichever ran next), and the two
    take turns going first."""
    scratch = ScratchDatabase(url, "central_bench_ingest") if url else None
    db_url = scratch.url if scratch else f"sqlite:///{folder / 'central.sqlite3'}"
    ingested = derived = bare = 0.0
    try:
        for part in ("ingest", "bare") if n % 2 == 0 else ("bare", "ingest"):
            os.sync()
            if part == "ingest":
                ingested, derived = _ingest_once(db_url, folder, files, kiosks, paths)
            elif scratch:
                bare = _bare_postgresql(db_url, rows)
            else:
                bare = _bare_sqlite(folder / "bare.sqlite3", rows)
    finally:
        if scratch:
            scratch.close()
    return ingested, derived, bare


def _ingest_figures(engine: str):
    from bench.central_data import bench_kiosks, day_bundles
    from kiosk.central.keys import init_keys
    from kiosk.central.settings import CentralPaths

    name = f"central.ingest_records_per_s.{engine}"
    url = pg_url() if engine == "postgresql" else None
    if engine == "postgresql" and not url:
        yield skipped(name, "no PostgreSQL: set KIOSK_BENCH_PG_URL (tools/throwaway-postgres)")
        return
    total = INGEST_KIOSKS * INGEST_DAYS * PER_DAY
    ingest_s, derive_s, bare_s = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = CentralPaths(root / "keys")
        keys = init_keys(paths)
        kiosks = bench_kiosks(INGEST_KIOSKS)
        bundles = list(day_bundles(kiosks, keys.central.public_key(), days=INGEST_DAYS,
                                   per_day=PER_DAY))
        rows = _rows(bundles)
        stick = root / "stick"
        stick.mkdir()
        files = [stick / f"bundle{n:02d}.zip" for n in range(len(bundles))]
        for path, (data, _records) in zip(files, bundles, strict=True):
            path.write_bytes(data)
        for n in range(ROUNDS):
            folder = root / f"round{n}"
            folder.mkdir()
            ingested, derived, bare = _one_round(n, folder, url, files, kiosks, paths, rows)
            ingest_s.append(ingested)
            derive_s.append(derived)
            bare_s.append(bare)
    baseline = total / statistics.median(bare_s)
    both = [a + b for a, b in zip(ingest_s, derive_s, strict=True)]
    for figure, times in ((name, ingest_s),
                          (f"central.ingest_and_derive_records_per_s.{engine}", both)):
        value = total / statistics.median(times)
        paired = statistics.median(t / b for t, b in zip(times, bare_s, strict=True))
        yield entry(figure, value, "records/s", baseline=baseline, database=engine,
                    slowdown=round(paired, 2), goal="slowdown <= 3",
                    medians_slowdown=round(baseline / value, 2),
                    records=total, bundles=len(bundles), rounds=ROUNDS,
                    each_s=[round(x, 2) for x in times],
                    bare_each_s=[round(x, 2) for x in bare_s],
                    **({"derive_each_s": [round(x, 2) for x in derive_s]}
                       if times is both else {}),
                    date=dt.date.today().isoformat())


def run():
    parts = os.environ.get("KIOSK_BENCH_CENTRAL", "ingest,pages").split(",")
    if "ingest" in parts:
        yield from _ingest_figures("sqlite")
        yield from _ingest_figures("postgresql")
    if "pages" in parts:
        from bench.central_pages import page_figures

        yield from page_figures(pg_url())
