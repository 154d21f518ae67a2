"""The central office in tests: databases on SQLite and PostgreSQL, an office, and kiosks
that rehearse event days through the real registrar and queue console and export them.

PostgreSQL: set KIOSK_TEST_PG_URL (a server the tests may create databases on; `.ci/run`
and `tools/throwaway-postgres start DIR` give one). Unset, the PostgreSQL half of each
test skips with that reason; set but unreachable, it fails.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, make_url, select, text

from kiosk.central.database import Database
from kiosk.central.keys import init_keys
from kiosk.central.office import Office
from kiosk.central.schema import metadata
from kiosk.central.settings import CentralPaths, parse_settings
from kiosk.citizen.registrar import Registrar
from kiosk.event.catalogue import load_catalogue
from kiosk.event.clock import FakeClock
from kiosk.export.day import DayExporter
from kiosk.officer.accounts import Officers
from kiosk.queue.console import QueueConsole
from kiosk.records.keys import public_key_b64
from kiosk.records.store import Store, day_bounds_utc
from tests.helpers import factories
from tests.helpers.day import DayLog, busy_day

PG_ENV = "KIOSK_TEST_PG_URL"
_counter = itertools.count()


class PostgresServer:
    """A reachable server: fresh databases from a migrated template, dropped afterwards."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        # This run's own names: two test runs on one server leave each other alone.
        self.prefix = f"central_t{os.getpid()}_"
        self.template = f"{self.prefix}template"
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {self.template}"))
        template = Database(self.url.set(database=self.template).render_as_string(False))
        template.upgrade()
        template.dispose()

    def fresh(self) -> str:
        name = f"{self.prefix}{next(_counter)}"
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {self.template}"))
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def close(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)"))
        self.admin.dispose()


def connect_postgres() -> PostgresServer | None:
    """The test server, None when none is configured; raises when configured but down."""
    url = os.environ.get(PG_ENV)
    if not url:
        return None
    try:
        return PostgresServer(url)
    except Exception as exc:  # noqa: BLE001 - say which server and why
        raise RuntimeError(f"{PG_ENV}={url} is set but PostgreSQL cannot be used: "
                           f"{exc}") from exc


NO_PG = (f"PostgreSQL not configured: set {PG_ENV}=postgresql+psycopg://postgres@127.0.0.1:"
         "54329/postgres (tools/throwaway-postgres start /tmp/pg)")

DAY1 = dt.date(2019, 10, 23)
DAY2 = dt.date(2019, 10, 24)
DAY3 = dt.date(2019, 10, 25)
# Thursday 24 October 2019, 10:00 WITA: the office's clock in tests.
OFFICE_NOW = dt.datetime(2019, 10, 24, 2, 0, tzinfo=dt.UTC)


def make_office(tmp: Path, url: str, *, now: FakeClock, settings_text: str = "") -> Office:
    paths = CentralPaths(tmp / "central")
    init_keys(paths)
    settings = parse_settings(settings_text)
    db = Database(url)
    if db.dialect == "sqlite":
        db.upgrade()
    return Office(paths, settings, db, now.now)


@dataclass
class KioskSite:
    """One kiosk of an event: its own store, clock, keys and exporter."""

    folder: Path
    number: int
    kiosks: int
    central_public: object
    clock: FakeClock = field(init=False)
    store: Store = field(init=False)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.clock = FakeClock(dt.datetime(2019, 10, 23, 0, 0, tzinfo=dt.UTC))
        self.store = Store(self.folder / "kiosk.sqlite3")
        self.config = factories.config(kiosks=self.kiosks, kiosk_number=self.number)
        self.catalogue = load_catalogue()
        self.signing_key = Ed25519PrivateKey.generate()
        self.registrar = Registrar(self.store, self.config, self.catalogue, self.clock)
        self.queue = QueueConsole(self.store, self.config, self.catalogue, self.clock)
        self.officer = Officers(self.store, self.clock).create_officer(
            f"Petugas {self.number}", "480915")
        self.exporter = DayExporter(self.store, self.config, self.clock, self.signing_key)
        self.logs: dict[dt.date, DayLog] = {}

    @property
    def kiosk_id(self) -> str:
        return self.store.kiosk_id

    @property
    def public_key(self) -> str:
        return public_key_b64(self.signing_key)

    def rehearse(self, day: dt.date, *, arrivals: int = 25, seed: int | None = None) -> DayLog:
        """A busy day through the real registrar and console (08:00-17:00 WITA)."""
        self.clock.set(dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC))
        log = busy_day(self.registrar, self.queue, self.officer, self.clock,
                       seed=seed if seed is not None else self.number * 100 + day.day,
                       arrivals=arrivals)
        self.logs[day] = log
        return log

    def export(self, day: dt.date, stick: Path, *, same_day: bool = False) -> Path:
        """Export the day the next morning (so the export record falls on the next day and
        travels in that day's bundle), or `same_day` at 17:30 WITA (in its own bundle)."""
        stick.mkdir(parents=True, exist_ok=True)
        self.clock.set(dt.datetime.combine(day, dt.time(9, 30), tzinfo=dt.UTC) if same_day
                       else dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 30),
                                                tzinfo=dt.UTC))
        return self.exporter.export_day(stick, day=day, central_key=self.central_public).path

    def day_records(self, day: dt.date):
        start, end = day_bounds_utc(day, self.config.event.tz)
        return [r for r in self.store.records() if start <= r.created_utc < end]

    def close(self) -> None:
        self.store.close()


def new_uuid() -> str:
    return str(uuid.uuid4())


def enroll(office: Office, site: KioskSite, *, event: str = "GTO-DEMO") -> str:
    """Enroll a kiosk as the administrator would; returns its one-time code."""
    from kiosk.central.kiosks import enroll_kiosk

    with office.db.write() as conn:
        return enroll_kiosk(conn, kiosk_id=site.kiosk_id, public_key=site.public_key,
                            event_code=event, now=office.now(), code_hours=72, actor="cli:test")


def ingest_file(office: Office, path: Path, *, channel: str = "stick"):
    from kiosk.central.ingest import ingest

    return ingest(office.db, office.keys, office.settings, Path(path).read_bytes(),
                  channel=channel, archive=office.paths.archive, now=office.now(),
                  actor="cli:test" if channel == "stick" else None)


def nonce() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def check_signed(response, signing_key_b64: str, sent_nonce: str | None) -> dict:
    """What a kiosk must do with every reply: verify the signature over the exact body
    bytes, then check the reply names this request's nonce. Returns the body."""
    import base64
    import json

    from kiosk.records.keys import public_key_from_b64

    signature = response.headers["Kiosk-Central-Signature"]
    public_key_from_b64(signing_key_b64).verify(base64.b64decode(signature), response.content)
    body = json.loads(response.content)
    assert body["request"]["nonce"] == sent_nonce
    assert body["request"]["path"] == response.request.url.path
    return body


def snapshot(office) -> dict[str, list]:
    """Every row of every table but the audit log, to show that nothing changed."""
    with office.db.read() as conn:
        return {table.name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
                for table in metadata.sorted_tables if table.name != "audit"}
