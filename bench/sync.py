"""Sync benchmark: a kiosk's records over loopback HTTP to a central office.

- ``sync.records_per_s.{sqlite,postgresql}``: 10,000 records (three in five applications,
  the rest queue events) sent by the kiosk's own sync round (kiosk/sync/round.py: batches
  built, signed and encrypted, posted, replies verified, the outbox emptied) to a real
  ``kiosk-central serve`` process on 127.0.0.1 over a database on that engine. Goal: at
  least 5,000 records/s. Baseline, in the same run on the same engine: the central's
  in-process ingest (kiosk/central/ingest.py) of the same batches, already built, into a
  fresh database; ``ratio`` = value / baseline (the share of the office's own speed the
  whole path keeps).

Median of ROUNDS rounds, each with a new kiosk and a new office database. PostgreSQL:
``KIOSK_BENCH_PG_URL`` (else ``KIOSK_TEST_PG_URL``), as bench/central.py.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.central import ScratchDatabase, pg_url, skipped
from bench.export import _fill
from bench.measure import entry

RECORDS = 10_000
ROUNDS = 3
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _office(folder: Path, url: str):
    """An initialised office folder and database (what `kiosk-central init` makes)."""
    from kiosk.central.database import Database
    from kiosk.central.keys import init_keys
    from kiosk.central.settings import CentralPaths

    paths = CentralPaths(folder)
    init_keys(paths)
    db = Database(url)
    db.upgrade()
    return paths, db


def _serve(folder: Path, url: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = dict(os.environ, KIOSK_CENTRAL_DATA_DIR=str(folder), KIOSK_CENTRAL_DB=url,
               PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", "from kiosk.central.cli import main; main()", "serve",
         "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("kiosk-central serve ended") from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("kiosk-central serve did not answer")


def _kiosk(folder: Path):
    from kiosk.booth.build import Booth
    from kiosk.event.config import default_config_text, parse
    from kiosk.paths import DataDir

    data = DataDir(folder)
    data.ensure()
    booth = Booth(data, config=parse(default_config_text()))
    booth.start_up()
    _fill(booth.store, RECORDS)
    return booth


def _enroll(db, booth, base: str) -> None:
    from kiosk.central.kiosks import enroll_kiosk
    from kiosk.records.keys import public_key_b64

    with db.write() as conn:
        code = enroll_kiosk(conn, kiosk_id=booth.store.kiosk_id,
                            public_key=public_key_b64(booth.signing_key()),
                            event_code="GTO-DEMO", now=dt.datetime.now(dt.UTC),
                            code_hours=1, actor="bench")
    booth.enroll(base, code)


def _batches(booth) -> list[bytes]:
    """The batches the round sent, built again (the same seq ranges and sizes)."""
    from kiosk.export.bundle import build_batch
    from kiosk.sync.enrollment import load_enrollment
    from kiosk.sync.round import BATCH_RECORDS

    enrollment = load_enrollment(booth.data.keys)
    records = booth.store.records()
    size = min(BATCH_RECORDS, enrollment.max_batch_records)
    return [build_batch(records[i:i + size], signing_key=booth.signing_key(),
                        central_key=enrollment.central_key(), kiosk_id=booth.store.kiosk_id,
                        kiosk_number=booth.config.kiosk.number, event=booth.config.event,
                        now=dt.datetime.now(dt.UTC)).data
            for i in range(0, len(records), size)]


def _ingest_in_process(folder: Path, url: str, booth, batches: list[bytes]) -> float:
    """Seconds for the office to take the batches in-process (no HTTP), fresh database."""
    from kiosk.central.database import Database
    from kiosk.central.ingest import ingest
    from kiosk.central.keys import load_keys
    from kiosk.central.kiosks import enroll_kiosk
    from kiosk.central.settings import CentralPaths, Settings
    from kiosk.records.keys import public_key_b64

    paths = CentralPaths(folder)
    db = Database(url)
    db.upgrade()
    with db.write() as conn:
        enroll_kiosk(conn, kiosk_id=booth.store.kiosk_id,
                     public_key=public_key_b64(booth.signing_key()), event_code="GTO-DEMO",
                     now=dt.datetime.now(dt.UTC), code_hours=1, actor="bench")
    keys, settings = load_keys(paths), Settings()
    t0 = time.perf_counter()
    accepted = sum(ingest(db, keys, settings, data, channel="network",
                          archive=folder / "archive-in-process", now=dt.datetime.now(dt.UTC),
                          kiosk_id=booth.store.kiosk_id).accepted for data in batches)
    elapsed = time.perf_counter() - t0
    db.dispose()
    assert accepted == RECORDS, accepted
    return elapsed


def _one_round(url_for, folder: Path) -> tuple[float, float]:
    """(records/s over HTTP, records/s in-process) for one new kiosk and office."""
    from kiosk.records import outbox

    office_dir = folder / "central"
    office_url = url_for("net")
    _paths, db = _office(office_dir, office_url)
    booth = _kiosk(folder / "kiosk")
    proc, base = _serve(office_dir, office_url)
    try:
        _enroll(db, booth, base)
        t0 = time.perf_counter()
        result = booth.syncer().run()
        elapsed = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(30)
    assert result.ok and result.accepted == RECORDS, result
    assert outbox.outbox_count(booth.store) == 0
    db.dispose()
    batches = _batches(booth)
    base_s = _ingest_in_process(office_dir, url_for("local"), booth, batches)
    booth.close()
    return RECORDS / elapsed, RECORDS / base_s


def _engine(name: str, url_for) -> dict:
    net, local = [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
            a, b = _one_round(lambda tag, tmp=tmp: url_for(tag, Path(tmp)), Path(tmp))
        net.append(a)
        local.append(b)
    return entry(f"sync.records_per_s.{name}", statistics.median(net), "records/s",
                 baseline=statistics.median(local), records=RECORDS, rounds=ROUNDS,
                 goal=">= 5000", samples=[round(x) for x in net],
                 baseline_samples=[round(x) for x in local])


def run():
    yield _engine("sqlite", lambda tag, tmp: f"sqlite:///{tmp / f'central-{tag}.sqlite3'}")
    url = pg_url()
    if not url:
        yield skipped("sync.records_per_s.postgresql", "no KIOSK_BENCH_PG_URL")
        return
    scratch: list[ScratchDatabase] = []

    def pg_for(tag: str, _tmp: Path) -> str:
        db = ScratchDatabase(url, f"bench_sync_{tag}_{len(scratch)}")
        scratch.append(db)
        return db.url

    try:
        yield _engine("postgresql", pg_for)
    finally:
        for db in scratch:
            db.close()
