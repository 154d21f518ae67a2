"""Slip benchmarks: rendering a full application slip to PDF (content, signed token, layout,
vector QR, embedded font) against a blank reportlab page made in the same run."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
import uuid
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from bench.measure import entry, percentile
from kiosk.booth.build import Booth
from kiosk.citizen.registrar import Registrar
from kiosk.event.catalogue import load_catalogue
from kiosk.event.clock import SystemClock
from kiosk.event.config import default_config_text, parse
from kiosk.paths import DataDir
from kiosk.records.store import Store

ROUNDS = 200

FORM = {
    "service": "NEW", "full_name": "Siti Nur'aini Binti Abdul Rahman Wahyuningsih Prawira",
    "nik": "7571014101900003", "birth_place": "Gorontalo", "birth_date": "01-01-1990",
    "sex": "F", "phone": "0812 3456 7890", "passport_type": "ordinary", "years": "10",
}


def blank_page() -> bytes:
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(226.77, 600))
    c.showPage()
    c.save()
    return buffer.getvalue()


def run():
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.sqlite3")
        config, catalogue = parse(default_config_text()), load_catalogue()
        registrar = Registrar(store, config, catalogue, SystemClock())
        receipt = registrar.submit_application(FORM, submission_id=str(uuid.uuid4()))
        service = Booth(DataDir(Path(tmp)), config=config, catalogue=catalogue).slips
        service.render_pdf(receipt, language="id")   # fonts registered, key made: once only
        blank, slip = [], []
        # Interleave the two so that machine noise hits both alike.
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            blank_page()
            blank.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            service.render_pdf(receipt, language="id")
            slip.append((time.perf_counter() - t0) * 1000)
        store.close()
    for p in (50, 99):
        yield entry(f"slip.render_ms_p{p}", percentile(slip, p), "ms",
                    baseline=percentile(blank, p), rounds=ROUNDS,
                    date=dt.date.today().isoformat())
