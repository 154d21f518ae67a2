"""Real processes killed in the middle of sync, an office restored from an older backup,
and the same records arriving by stick and by network: the office ends with exactly the
kiosk's records every time."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import create_engine, make_url, text

from tests.helpers import fault_proxy as faults
from tests.helpers.central import ingest_file
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.sync import (
    DAY1,
    DAY2,
    ROOT,
    OfficeProcess,
    assert_central_equals_kiosk,
    central_records,
    enroll_at,
)

BATCHES = "/api/v1/batches"


def kiosk_command(kiosk, *args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", "--data-dir", str(kiosk.folder), *args]


def test_the_kiosk_killed_while_the_office_answers(office, live, kiosk):
    """`kiosk sync` is SIGKILLed after the office stored a batch and before the reply
    arrived: nothing left the outbox; the next `kiosk sync --once` ends equal (exit 0)."""
    enroll_at(office, kiosk, live)
    release, reached = threading.Event(), threading.Event()
    with FaultProxy(live) as proxy:
        proxy.next("POST", BATCHES, faults.gate(release, reached))
        proc = subprocess.Popen(kiosk_command(kiosk, "sync", "--once", "--server", proxy.url),
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert reached.wait(60), "the batch never reached the office"
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(30) == -signal.SIGKILL
        finally:
            release.set()
            proc.communicate()
        assert central_records(office, kiosk.kiosk_id) == kiosk.records()   # stored there
        assert kiosk.outbox() == len(kiosk.records())                       # unconfirmed here
        again = subprocess.run(kiosk_command(kiosk, "sync", "--once", "--server", proxy.url),
                               cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{len(kiosk.records())} duplicate" in again.stdout
    assert "Sending records" in again.stderr           # the progress bar, on stderr
    assert_central_equals_kiosk(office, kiosk)


@pytest.mark.parametrize("moment", ["received", "writing"])
def test_the_office_killed_during_ingest(office, live, kiosk, db_url, pg, moment):
    """`kiosk-central serve` is SIGKILLed as a large batch arrives, or while its ingest
    transaction is open: the office holds none of it (one transaction, never committed);
    restarted, it takes the kiosk's next round and ends equal."""
    enroll_at(office, kiosk, live)
    kiosk.rehearse(DAY2, arrivals=200)
    server = OfficeProcess(office.paths.root, db_url)
    server.start()
    try:
        with FaultProxy(server.url) as proxy:
            reached = threading.Event()
            proxy.next("POST", BATCHES, faults.forwarded(reached))
            outcome: list = []
            worker = threading.Thread(target=lambda: outcome.append(
                kiosk.booth.syncer(server=proxy.url).run()))
            worker.start()
            assert reached.wait(60)
            if moment == "writing":
                _wait_for_ingest_transaction(db_url, pg)
            server.kill()
            worker.join(120)
            assert outcome and not outcome[0].ok
            held = central_records(office, kiosk.kiosk_id)
            assert held == set(), f"{len(held)} of {len(kiosk.records())} committed"
            assert kiosk.outbox() == len(kiosk.records())
            server.start()
            assert kiosk.booth.syncer(server=proxy.url).run().ok
    finally:
        server.stop()
    assert_central_equals_kiosk(office, kiosk)


def _wait_for_ingest_transaction(db_url: str, pg) -> None:
    """Until the office's ingest holds its write transaction open: SQLite's write lock is
    taken, or (PostgreSQL) the per-kiosk advisory lock ingest takes first."""
    deadline = time.monotonic() + 60
    if db_url.startswith("sqlite"):
        probe = sqlite3.connect(make_url(db_url).database, timeout=0, isolation_level=None)
        try:
            while time.monotonic() < deadline:
                try:
                    probe.execute("BEGIN IMMEDIATE")
                    probe.execute("ROLLBACK")
                except sqlite3.OperationalError:
                    return                                  # locked: the ingest writes
                time.sleep(0.002)
        finally:
            probe.close()
    else:
        engine = create_engine(pg.url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                while time.monotonic() < deadline:
                    if conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = "
                                         "'advisory' AND granted")).scalar():
                        return
                    time.sleep(0.002)
        finally:
            engine.dispose()
    raise AssertionError("the ingest never started writing")


def test_the_office_restored_from_an_older_backup(office, live, kiosk, db_url, pg):
    """The office loses a day (database restored from last night's backup): the state it
    reports makes the kiosk send that day again, though it had been acknowledged."""
    enroll_at(office, kiosk, live)
    assert kiosk.booth.syncer().run().ok
    day_one = central_records(office, kiosk.kiosk_id)
    backup = _backup(office, db_url, pg)
    kiosk.rehearse(DAY2, arrivals=30)
    assert kiosk.booth.syncer().run().ok and kiosk.outbox() == 0
    _restore(office, db_url, pg, backup)
    assert central_records(office, kiosk.kiosk_id) == day_one < kiosk.records()
    result = kiosk.booth.syncer().run()
    assert result.ok and result.requeued == result.accepted == len(kiosk.records() - day_one)
    assert_central_equals_kiosk(office, kiosk)


def _backup(office, db_url: str, pg):
    office.db.dispose()
    if db_url.startswith("sqlite"):
        path = office.paths.root.parent / "backup.sqlite3"
        src = sqlite3.connect(make_url(db_url).database)
        dst = sqlite3.connect(path)
        src.backup(dst)
        src.close()
        dst.close()
        return path
    name = make_url(db_url).database
    admin = create_engine(pg.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}_backup TEMPLATE {name}"))
    admin.dispose()
    return f"{name}_backup"


def _restore(office, db_url: str, pg, backup) -> None:
    office.db.dispose()
    if db_url.startswith("sqlite"):
        live = make_url(db_url).database
        for suffix in ("-wal", "-shm"):
            (office.paths.root.parent / (live.rsplit("/", 1)[-1] + suffix)).unlink(
                missing_ok=True)
        shutil.copyfile(backup, live)
        return
    name = make_url(db_url).database
    admin = create_engine(pg.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {backup}"))
        conn.execute(text(f"DROP DATABASE {backup}"))
    admin.dispose()


def test_stick_first_then_network(office, live, kiosk, tmp_path):
    """The day came by stick; the network round finds every one of them a duplicate."""
    enroll_at(office, kiosk, live)
    bundle = _export(kiosk, office, tmp_path)
    imported = ingest_file(office, bundle)
    assert imported.accepted > 0 and imported.conflict == 0
    result = kiosk.booth.syncer().run()
    assert result.ok and result.duplicate == imported.accepted
    assert result.accepted == len(kiosk.records()) - imported.accepted    # made since
    assert_central_equals_kiosk(office, kiosk)


def test_network_first_then_stick(office, live, kiosk, tmp_path):
    """The day came by network; the stick imported afterwards adds only the export's own
    record (it travels in the bundle it describes), which the next round finds a
    duplicate."""
    enroll_at(office, kiosk, live)
    assert kiosk.booth.syncer().run().ok
    bundle = _export(kiosk, office, tmp_path)
    imported = ingest_file(office, bundle)
    assert imported.accepted == 1 and imported.duplicate > 0 and imported.conflict == 0
    again = kiosk.booth.syncer().run()
    assert again.ok and again.accepted == 0 and again.duplicate == 1
    assert_central_equals_kiosk(office, kiosk)


def _export(kiosk, office, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    return kiosk.booth.exporter().export_day(
        stick, day=DAY1, central_key=office.keys.central.public_key()).path
