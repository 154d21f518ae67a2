"""Staff pages with a million records in PostgreSQL: the applications search and the
complaints list, timed over HTTP against `kiosk-central serve` in its own process."""

from __future__ import annotations

import datetime as dt
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from bench.measure import entry, percentile

RECORDS = 1_000_000
KIOSKS = 50
REQUESTS = 300
WARMUP = 20
PASSWORD = "bench password 1"
ROOT = Path(__file__).resolve().parents[1]


def page_figures(url: str | None):
    names = ("central.page_p95_ms.applications_search", "central.page_p95_ms.complaints_list")
    if not url:
        for name in names:
            yield {"name": name, "skipped": "no PostgreSQL: set KIOSK_BENCH_PG_URL "
                   "(tools/throwaway-postgres)", "date": dt.date.today().isoformat()}
        return
    from bench.central import ScratchDatabase

    scratch = ScratchDatabase(url, "central_bench_pages")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            yield from _measure(scratch.url, Path(tmp), names)
    finally:
        scratch.close()


def _measure(url: str, folder: Path, names: tuple[str, str]):
    import httpx

    from bench.central_data import FAMILY, NAMES
    from kiosk.central.database import Database
    from kiosk.central.keys import init_keys
    from kiosk.central.settings import CentralPaths
    from kiosk.central.staff import add_staff

    paths = CentralPaths(folder / "office")
    init_keys(paths)
    db = Database(url)
    db.upgrade()
    t0 = time.perf_counter()
    samples = _load(db)
    load_s = time.perf_counter() - t0
    with db.write() as conn:
        add_staff(conn, username="bench", display_name="Bench", role="complaints_officer",
                  password=PASSWORD, now=dt.datetime.now(dt.UTC), actor="bench")
    db.dispose()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk.central.cli", "--data-dir", str(paths.root), "--db", url,
         "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base)
        with httpx.Client(base_url=base, timeout=60) as client:
            assert client.post("/signin", data={"username": "bench", "password": PASSWORD}
                               ).status_code == 303
            rng = random.Random(11)
            searches = ([rng.choice(NAMES) for _ in range(10)]
                        + [f"{rng.choice(NAMES)} {rng.choice(FAMILY)[:3]}" for _ in range(10)]
                        + [rng.choice(FAMILY) for _ in range(10)]
                        + rng.sample(samples["nik4"], 10) + rng.sample(samples["codes"], 10))
            lists = ["", "?status=received", "?status=in_progress", "?overdue=1",
                     "?status=answered&page=5", "?page=20", "?status=closed"]
            search_ms = _timed(client, [f"/applications?q={q}" for q in searches])
            list_ms = _timed(client, [f"/complaints{q}" for q in lists])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    today = dt.date.today().isoformat()
    for name, samples_ms in zip(names, (search_ms, list_ms), strict=True):
        yield entry(name, percentile(samples_ms, 95), "ms", database="postgresql",
                    records=RECORDS, requests=len(samples_ms), goal="<= 150",
                    p50_ms=round(percentile(samples_ms, 50), 1),
                    load_s=round(load_s, 1), date=today)


def _timed(client, paths: list[str]) -> list[float]:
    for path in paths[:WARMUP]:
        client.get(path)
    out = []
    for i in range(REQUESTS):
        path = paths[i % len(paths)]
        t0 = time.perf_counter()
        r = client.get(path)
        out.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("kiosk-central serve did not start")


def _load(db) -> dict[str, list[str]]:
    """A million records of fifty kiosks over a hundred event days, with their desk rows,
    by COPY (the load is not what is measured)."""
    from bench.central_data import FAMILY, NAMES

    rng = random.Random(5)
    kiosk_ids = [f"k{rng.getrandbits(32):08x}" for _ in range(KIOSKS)]
    start = dt.datetime(2019, 7, 1, tzinfo=dt.UTC)
    recs, apps, comps, events = [], [], [], []
    nik4, codes = [], []
    per_kiosk = RECORDS // KIOSKS
    rid = 0
    for k, kid in enumerate(kiosk_ids):
        last_app = None
        for seq in range(1, per_kiosk + 1):
            rid += 1
            u = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            when = start + dt.timedelta(seconds=(k * 7919 + seq * 431) % (100 * 86400))
            created = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            day = when.date().isoformat()
            roll = seq % 10
            code = f"A{k % 9 + 1}-{seq % 999 + 1:03d}"
            if roll < 6:
                name = f"{rng.choice(NAMES)} {rng.choice(FAMILY)}"
                nik = f"757101{rng.randint(1, 28):02d}0190{rng.randint(0, 9999):04d}"
                body = (f'{{"full_name":"{name}","nik":"{nik}","phone":"+62812{seq:08d}",'
                        f'"service":"NEW","years":10,"event":"GTO-{k}"}}')
                status = rng.choice(["served", "served", "served", "no_show", "waiting"])
                pickup = (when + dt.timedelta(days=5)).date().isoformat()
                apps.append((rid, u, kid, f"GTO-{k}", day, created, "NEW", name, nik[-4:],
                             code, status, pickup))
                last_app = u
                if len(nik4) < 500:
                    nik4.append(nik[-4:])
                    codes.append(code)
                kind = "application"
            elif roll < 9 and last_app:
                body = f'{{"event":"served","code":"{code}","ticket_record":"{last_app}"}}'
                events.append((rid, kid, seq, last_app, code, "served"))
                kind = "queue_event"
            else:
                body = ('{"category":"slow_service","identity":"confidential","unit":"Paspor",'
                        '"what_happened":"Antrean lama.","full_name":"SITI HASAN"}')
                status = rng.choice(["received", "received", "in_progress", "answered",
                                     "closed"])
                due = (when + dt.timedelta(days=7)).date().isoformat()
                comps.append((rid, u, f"ADU-{kid[1:].upper()}-{seq:05d}", kid, f"GTO-{k}",
                              day, created, "slow_service", "confidential", "Paspor", status,
                              due, None, None, None, created, None))
                kind = "complaint"
            recs.append((rid, u, kid, seq, kind, created, body, "0" * 64, None, None, k + 1,
                         created))
    raw_db = db.engine.raw_connection()
    try:
        conn = raw_db.driver_connection
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with conn.cursor() as cur:
            for k, kid in enumerate(kiosk_ids):   # a kiosk, and the bundle of its records
                cur.execute("INSERT INTO kiosks (kiosk_id, public_key, status, enrolled_utc,"
                            " high_water_mark) VALUES (%s, %s, 'active', %s, %s)",
                            (kid, "A" * 43 + "=", now, per_kiosk))
                cur.execute("INSERT INTO bundles (id, bundle_id, kiosk_id, format, channel,"
                            " file_sha256, size_bytes, received_utc, created_utc,"
                            " manifest_sha256, seq_first, seq_last, record_count, accepted,"
                            " duplicate, conflict) VALUES (%s, %s, %s, 'passport-kiosk-bundle',"
                            " 'stick', %s, 1, %s, %s, %s, 1, %s, %s, %s, 0, 0)",
                            (k + 1, str(uuid.uuid4()), kid, f"{k:064x}", now, now, "0" * 64,
                             per_kiosk, per_kiosk, per_kiosk))
            for table, columns, rows in (
                    ("records", "id, uuid, kiosk_id, seq, kind, created_utc, payload,"
                     " payload_sha256, supersedes, redacted_utc, bundle, received_utc", recs),
                    ("applications", "record, uuid, kiosk_id, event_code, day, created_utc,"
                     " service, name_search, nik_last4, ticket_code, ticket_status,"
                     " pickup_date", apps),
                    ("queue_events", "record, kiosk_id, seq, ticket_record, code, event",
                     events),
                    ("complaints", "record, uuid, tracking_number, kiosk_id, event_code, day,"
                     " created_utc, category, identity, unit, status, due_date, answer,"
                     " answered_utc, closed_utc, updated_utc, contact_check", comps)):
                with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            cur.execute("SELECT setval(pg_get_serial_sequence('records', 'id'), %s)", (rid,))
            cur.execute("SELECT setval(pg_get_serial_sequence('bundles', 'id'), %s)", (KIOSKS,))
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    finally:
        raw_db.close()
    return {"nik4": nik4, "codes": codes}
