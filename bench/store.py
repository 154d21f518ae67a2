"""Store benchmarks: a whole submission (validate + record + ticket + outbox, one commit)
against a bare single-row INSERT + commit on the same file and settings; and the same
submission as the kiosk makes it, with the in-service marker rewritten in the commit
(kiosk/records/marker.py), against one without the marker."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

from bench.measure import entry, median, percentile
from kiosk.citizen.registrar import Registrar
from kiosk.event.catalogue import load_catalogue
from kiosk.event.clock import SystemClock
from kiosk.event.config import default_config_text, parse
from kiosk.records.store import Store

ROUNDS = 400
REPEATS = 3  # each figure: median over repeats of its percentile (shared, noisy machines)

FORM = {
    "service": "NEW", "full_name": "Siti Nur'aini", "nik": "7571014101900003",
    "birth_place": "Gorontalo", "birth_date": "01-01-1990", "sex": "F",
    "phone": "0812 3456 7890", "passport_type": "ordinary", "years": "10",
}


def _one_block() -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        store.conn.execute("CREATE TABLE bare(id INTEGER PRIMARY KEY, body TEXT)")
        registrar = Registrar(store, parse(default_config_text()), load_catalogue(),
                              SystemClock())
        bare, submit = [], []
        # Interleave the two so that machine noise hits both alike.
        for i in range(ROUNDS):
            t0 = time.perf_counter()
            store.conn.execute("BEGIN IMMEDIATE")
            store.conn.execute("INSERT INTO bare(body) VALUES (?)", (f"row {i}",))
            store.conn.execute("COMMIT")
            bare.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            registrar.submit_application(FORM, submission_id=str(uuid.uuid4()))
            submit.append((time.perf_counter() - t0) * 1000)
        store.close()
    return bare, submit


def _marker_block() -> tuple[list[float], list[float]]:
    """Submissions on two stores side by side, one keeping the in-service marker."""
    with tempfile.TemporaryDirectory() as tmp:
        config, catalogue = parse(default_config_text()), load_catalogue()
        plain = Store(Path(tmp) / "plain.sqlite3")
        marked = Store(Path(tmp) / "marked.sqlite3", marker_dir=Path(tmp) / "keys")
        registrars = [Registrar(s, config, catalogue, SystemClock()) for s in (plain, marked)]
        times: tuple[list[float], list[float]] = ([], [])
        for _ in range(ROUNDS):
            for registrar, out in zip(registrars, times, strict=True):
                t0 = time.perf_counter()
                registrar.submit_application(FORM, submission_id=str(uuid.uuid4()))
                out.append((time.perf_counter() - t0) * 1000)
        plain.close()
        marked.close()
    return times


def run():
    blocks = [_marker_block() for _ in range(REPEATS)]
    for p in (50, 99):
        yield entry(f"store.submit_with_marker_ms_p{p}",
                    median([percentile(m, p) for _, m in blocks]), "ms",
                    baseline=median([percentile(b, p) for b, _ in blocks]),
                    rounds=ROUNDS, repeats=REPEATS, date=dt.date.today().isoformat())
    blocks = [_one_block() for _ in range(REPEATS)]
    for p in (50, 99):
        yield entry(f"store.submit_ms_p{p}",
                    median([percentile(s, p) for _, s in blocks]), "ms",
                    baseline=median([percentile(b, p) for b, _ in blocks]),
                    rounds=ROUNDS, repeats=REPEATS, date=dt.date.today().isoformat())
