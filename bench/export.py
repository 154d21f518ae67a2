"""Export benchmarks: one event day of 5,000 records exported (encrypted, signed, written,
fsynced, read back and fully checked, recorded), and the central office's verification of it.

Baseline of the export: writing, fsyncing and reading back the same number of bytes as a
plain file in the same folder (the disk's share of the time)."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bench.measure import entry
from kiosk.event.clock import FakeClock
from kiosk.event.config import default_config_text, parse
from kiosk.export.crypto import load_central_private, load_central_public, make_central_keypair
from kiosk.export.day import DayExporter
from kiosk.export.verify import read_bundle
from kiosk.records.keys import public_key_b64
from kiosk.records.store import Store

RECORDS = 5000
ROUNDS = 3
DAY = dt.date(2019, 10, 23)


def _fill(store: Store, count: int = RECORDS) -> None:
    """`count` records (3,000 applications and 2,000 queue events by default: three in
    five applications) between 08:00 and 17:00 WITA."""
    rng = random.Random(7)
    start = dt.datetime(2019, 10, 23, 0, 0, tzinfo=dt.UTC)
    with store.transaction():
        for i in range(count):
            now = start + dt.timedelta(seconds=i * 9 * 3600 // count)
            if i % 5 < 3:
                payload = {
                    "service": "NEW", "child": False, "full_name": "SITI NUR'AINI HASAN",
                    "nik": f"75710141019{rng.randint(0, 99999):05d}", "birth_place": "Gorontalo",
                    "birth_date": "1990-01-01", "sex": "F",
                    "phone": f"+62812{rng.randint(10**7, 10**8 - 1)}",
                    "email": "", "passport_type": "ordinary", "years": 10, "priority": "",
                    "language": "id", "event": "GTO-DEMO",
                }
                store.append_record("application", payload, now=now, record_uuid=str(uuid.uuid4()))
            else:
                store.append_record("queue_event", {
                    "event": "called", "code": f"A-{i:03d}", "day": "2019-10-23",
                    "service": "NEW", "counter": "1", "from_service": None, "to_service": None,
                    "ticket_record": str(uuid.uuid4()), "officer_id": 1,
                    "officer_name": "Andi Pratama"}, now=now)


def _plain_io(folder: Path, size: int) -> float:
    data = os.urandom(size)
    t0 = time.perf_counter()
    path = folder / "plain.bin"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, data)
    os.fsync(fd)
    os.close(fd)
    assert path.read_bytes() == data
    elapsed = time.perf_counter() - t0
    path.unlink()
    return elapsed


def run():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        store = Store(root / "bench.sqlite3")
        _fill(store)
        private_path, public_path = make_central_keypair(root / "central")
        central_public = load_central_public(public_path)
        central_private = load_central_private(private_path)
        key = Ed25519PrivateKey.generate()
        # The exports themselves happen the next morning, so their records stay off the day.
        clock = FakeClock(dt.datetime(2019, 10, 24, 1, 0, tzinfo=dt.UTC))
        exporter = DayExporter(store, parse(default_config_text()), clock, key)
        stick = root / "stick"
        stick.mkdir()
        export_s, verify_s, plain_s, size = [], [], [], 0
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            result = exporter.export_day(stick, day=DAY, central_key=central_public)
            export_s.append(time.perf_counter() - t0)
            assert result.record_count == RECORDS
            size = result.size_bytes
            t0 = time.perf_counter()
            bundle = read_bundle(result.path, central_key=central_private,
                                 kiosk_keys={store.kiosk_id: public_key_b64(key)})
            verify_s.append(time.perf_counter() - t0)
            assert len(bundle.records) == RECORDS
            plain_s.append(_plain_io(stick, size))
        store.close()
    today = dt.date.today().isoformat()
    yield entry("export.day_5000_s", statistics.median(export_s), "s",
                baseline=statistics.median(plain_s), records=RECORDS, bytes=size,
                rounds=ROUNDS, target=1.0, date=today)
    yield entry("export.verify_5000_s", statistics.median(verify_s), "s", records=RECORDS,
                rounds=ROUNDS, date=today)
