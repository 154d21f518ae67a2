"""The whole path an office's IT staff and an officer take, as separate processes: a
rehearsed day on a kiosk (`kiosk simulate`), `kiosk-central init`, `kiosk-central serve`,
`kiosk-central kiosks enroll` with the kiosk's key, `kiosk enroll URL CODE`, `kiosk sync
--once`: every record of the day is at the office, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

from sqlalchemy import select

from kiosk.central.database import Database
from kiosk.central.schema import records as central_table
from tests.helpers.sync import ROOT, OfficeProcess
from tests.kiosk.central.conftest import db_url, pg  # noqa: F401 - SQLite and PostgreSQL


def kiosk(data, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", "from ui.cli import main; main()",
                           "--data-dir", str(data), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def central(folder, url, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KIOSK_CENTRAL_DATA_DIR=str(folder), KIOSK_CENTRAL_DB=url,
               PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "kiosk.central.cli", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def test_a_rehearsed_day_reaches_the_office_by_network(tmp_path, db_url):  # noqa: F811
    """Every record of the rehearsed day (uuid, seq, kind, SHA-256) is at the office, and
    nothing else of this kiosk."""
    day = tmp_path / "rehearsal"
    summary = ok(kiosk(tmp_path / "kiosk", "simulate", "--citizens", "40", "--seed", "3",
                       "--at", "2019-10-23T08:00", "--out-dir", str(day)))
    assert '"ok": true' in summary
    office = tmp_path / "office"
    ok(central(office, db_url, "init"))
    server = OfficeProcess(office, db_url).start()
    try:
        line = ok(kiosk(day, "keys", "show")).strip()
        kiosk_id, public_key = re.fullmatch(r'(k[0-9a-f]{8}) = "([^"]+)"', line).groups()
        printed = ok(central(office, db_url, "kiosks", "enroll", kiosk_id, public_key,
                             "--event", "GTO-DEMO"))
        code = re.search(r"enrollment code: (\S+)", printed).group(1)
        assert f"Kiosk {kiosk_id} enrolled" in ok(kiosk(day, "enroll", server.url, code))
        synced = kiosk(day, "sync", "--once")
        assert "Outbox empty" in ok(synced)
        assert "Sending records" in synced.stderr
    finally:
        server.stop()
    with sqlite3.connect(day / "kiosk.sqlite3") as conn:
        here = set(conn.execute("SELECT uuid, seq, kind, sha256 FROM records"))
    database = Database(db_url)
    try:
        with database.read() as conn:
            there = {tuple(r) for r in conn.execute(
                select(central_table.c.uuid, central_table.c.seq, central_table.c.kind,
                       central_table.c.payload_sha256)
                .where(central_table.c.kiosk_id == kiosk_id))}
    finally:
        database.dispose()
    assert len(here) >= 30 and here == there

