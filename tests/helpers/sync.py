"""Sync in tests: a kiosk built by its Booth that rehearses event days, enrolled at a live
central office, and the one check every fault test ends with: central equals the kiosk.

The office runs in-process (tests/helpers/live.py) or as a real `kiosk-central serve`
process (OfficeProcess), on SQLite or PostgreSQL (tests/helpers/central.py).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from kiosk.booth.build import Booth
from kiosk.central.kiosks import enroll_kiosk
from kiosk.central.office import Office
from kiosk.central.schema import records as central_table
from kiosk.event.clock import FakeClock
from kiosk.paths import DataDir
from kiosk.records import outbox
from kiosk.records.keys import public_key_b64
from tests.helpers import factories
from tests.helpers.day import DayLog, busy_day

ROOT = Path(__file__).resolve().parents[2]
DAY1 = dt.date(2019, 10, 23)
DAY2 = dt.date(2019, 10, 24)


@dataclass
class SyncKiosk:
    """A kiosk over its own data folder, built by a Booth (as `kiosk run` builds it)."""

    folder: Path
    clock: FakeClock = field(default_factory=lambda: FakeClock(
        dt.datetime(2019, 10, 23, 0, 0, tzinfo=dt.UTC)))

    def __post_init__(self) -> None:
        self.data = DataDir(self.folder)
        self.data.ensure()
        self.config = factories.config()
        self.booth = Booth(self.data, config=self.config, clock=self.clock)
        self.booth.start_up()
        officers = self.booth.officers()
        self.officer = officers.create_officer("Petugas Sinkron", "480915")
        self.logs: dict[dt.date, DayLog] = {}

    @property
    def kiosk_id(self) -> str:
        return self.booth.store.kiosk_id

    @property
    def public_key(self) -> str:
        return public_key_b64(self.booth.signing_key())

    def rehearse(self, day: dt.date = DAY1, *, arrivals: int = 25, seed: int = 5) -> DayLog:
        """A busy day through the booth's registrar and queue console (08:00-17:00 WITA)."""
        self.clock.set(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC))
        log = busy_day(self.booth.registrar(), self.booth.queue(), self.officer, self.clock,
                       seed=seed + day.day, arrivals=arrivals)
        self.logs[day] = log
        return log

    def records(self) -> set[tuple]:
        return {(r.uuid, r.seq, r.kind, r.sha256) for r in self.booth.store.records()}

    def outbox(self) -> int:
        return outbox.outbox_count(self.booth.store)

    def close(self) -> None:
        self.booth.close()


def code_for(office: Office, kiosk: SyncKiosk, *, event: str = "GTO-DEMO") -> str:
    """What `kiosk-central kiosks enroll KIOSK_ID PUBLIC_KEY` prints: a one-time code."""
    with office.db.write() as conn:
        return enroll_kiosk(conn, kiosk_id=kiosk.kiosk_id, public_key=kiosk.public_key,
                            event_code=event, now=office.now(), code_hours=72,
                            actor="cli:test")


def enroll_at(office: Office, kiosk: SyncKiosk, url: str) -> None:
    """Enroll the kiosk at the office serving on `url`, as `kiosk enroll URL CODE` does."""
    kiosk.booth.enroll(url, code_for(office, kiosk))


def central_records(office: Office, kiosk_id: str) -> set[tuple]:
    """(uuid, seq, kind, payload sha256) of every record the office holds for a kiosk."""
    with office.db.read() as conn:
        rows = conn.execute(select(central_table.c.uuid, central_table.c.seq,
                                   central_table.c.kind, central_table.c.payload_sha256)
                            .where(central_table.c.kiosk_id == kiosk_id)).all()
    return {tuple(r) for r in rows}


def assert_central_equals_kiosk(office: Office, kiosk: SyncKiosk) -> None:
    """Every record of the kiosk is at the office (uuid, seq, kind, sha256), nothing more,
    and the kiosk's outbox is empty."""
    here, there = kiosk.records(), central_records(office, kiosk.kiosk_id)
    missing, extra = here - there, there - here
    assert not missing and not extra, (f"{len(missing)} missing at the office "
                                       f"(seqs {sorted(m[1] for m in missing)[:20]}), "
                                       f"{len(extra)} the kiosk does not hold")
    assert kiosk.outbox() == 0, f"{kiosk.outbox()} records still in the outbox"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OfficeProcess:
    """`kiosk-central serve` as a real process over a data folder and database URL; it can
    be killed (SIGKILL) and started again on the same port."""

    def __init__(self, data_dir: Path, db_url: str) -> None:
        self.data_dir, self.db_url = Path(data_dir), db_url
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OfficeProcess:
        env = dict(os.environ, KIOSK_CENTRAL_DATA_DIR=str(self.data_dir),
                   KIOSK_CENTRAL_DB=self.db_url, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from kiosk.central.cli import main; main()", "serve",
             "--port", str(self.port)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kiosk-central serve ended: {self.proc.stdout.read()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("kiosk-central serve did not answer")

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None
