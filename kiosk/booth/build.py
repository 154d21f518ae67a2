"""The one construction point of the core: every service of one kiosk, over one data folder.

The UI's composition root (ui/app.py), the command line (kiosk/cli) and rehearsals
(`kiosk simulate`) each open a Booth and take what they need from it; nothing else builds
a registrar, a queue console, a slip printer or an exporter, and the signing key is
read in one place. Parts that hold a SQLite connection are made per thread (one
connection per thread, kiosk/records/store.py StorePerThread): call them on the thread
that uses them. The rest is built once, on first use, so a command that needs no
database never opens one.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.booth.serving import Serving
from kiosk.event.catalogue import Catalogue, load_catalogue
from kiosk.event.clock import Clock, EventClock, SystemClock
from kiosk.event.config import Config, load_or_create
from kiosk.paths import DataDir

if TYPE_CHECKING:                    # the storage stack loads on first use (off the UI thread)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.citizen.registrar import Receipt, Registrar
    from kiosk.citizen.steps import Submission
    from kiosk.export.day import DayExporter
    from kiosk.officer.accounts import Officers
    from kiosk.officer.complaint_lookup import ComplaintLookup
    from kiosk.officer.kiosk_pin import KioskPin
    from kiosk.officer.retention import Retention
    from kiosk.officer.slipcheck import SlipDesk
    from kiosk.queue.console import QueueConsole
    from kiosk.records.audit import Officer
    from kiosk.records.keyring import RetiredKey, Rotation
    from kiosk.records.store import Store, StorePerThread
    from kiosk.reports.day import DayReport
    from kiosk.slips.backends import Backend
    from kiosk.slips.service import PrintOutcome, SlipService
    from kiosk.sync.enrollment import Enrollment
    from kiosk.sync.round import Syncer
    from kiosk.sync.worker import SyncWorker


class Booth(Serving):
    """Every core part of one kiosk.

    data: the data folder; config: the kiosk.toml to use (default: the folder's, written
    from the demo event on first use; raises ConfigError on first access when it cannot be
    used); clock: the source of time (default: the system clock), read in the event's time
    zone as `clock`; slips: a slip printer to use instead of the configured one (tests);
    slip_backend, slip_timeout: the configured slip printer on another back end or time
    limit (tests); busy_timeout: seconds a write waits for another program's write
    (the command line waits less than the touchscreen).
    """

    def __init__(self, data: DataDir, *, config: Config | None = None,
                 clock: Clock | None = None, slips: Any = None,
                 catalogue: Catalogue | None = None, slip_backend: Backend | None = None,
                 slip_timeout: float | None = None, busy_timeout: float | None = None) -> None:
        self.data = data
        self._busy_timeout = busy_timeout
        self._slip_backend, self._slip_timeout = slip_backend, slip_timeout
        self._config, self._catalogue, self._source = config, catalogue, clock
        self._clock: EventClock | None = None
        self._stores: StorePerThread | None = None
        self._slips = slips
        self._key: Ed25519PrivateKey | None = None
        self._kiosk_pin: KioskPin | None = None
        self._sync: SyncWorker | None = None
        self._lookup: ComplaintLookup | None = None
        self._lock = threading.RLock()

    # -- built once -------------------------------------------------------------------------
    @property
    def config(self) -> Config:
        with self._lock:
            if self._config is None:
                self.data.ensure()
                self._config = load_or_create(self.data.config)
            return self._config

    @property
    def catalogue(self) -> Catalogue:
        with self._lock:
            if self._catalogue is None:
                self._catalogue = load_catalogue()
            return self._catalogue

    @property
    def clock(self) -> EventClock:
        """The event's clock: UTC now, and today in the event's time zone."""
        with self._lock:
            if self._clock is None:
                self._clock = EventClock.of(self._source or SystemClock(),
                                            self.config.event.tz)
            return self._clock

    @property
    def stores(self) -> StorePerThread:
        """Every thread's connection to the database. The first use checks the database
        against the in-service marker (kiosk/records/marker.py) and raises NotInService
        rather than start a new database for a kiosk that has been in service."""
        with self._lock:
            if self._stores is None:
                from kiosk.records.marker import check_database
                from kiosk.records.store import StorePerThread

                self.data.ensure()
                marker = check_database(self.data.database, self.data.keys)
                wait = {} if self._busy_timeout is None else {"busy_timeout": self._busy_timeout}
                stores = StorePerThread(self.data.database, marker_dir=self.data.keys, **wait)
                if marker is None and self.data.database.exists():
                    store = stores.get()      # a kiosk from before the marker: mark it now
                    if store.conn.execute("SELECT 1 FROM records LIMIT 1").fetchone():
                        store.save_marker(durable=True)
                self._stores = stores
                self._settle_clock(stores.get())
            return self._stores

    def _settle_clock(self, store: Store) -> None:
        """The kiosk's time never goes back past its last record (EventClock.not_before):
        a computer clock found behind it at start is a step, recorded by start_up()."""
        from kiosk.records.store import parse_utc_iso

        row = store.conn.execute(
            "SELECT created_utc FROM records ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None:
            self.clock.not_before(parse_utc_iso(row[0]))

    @property
    def store(self) -> Store:
        """This thread's connection to the kiosk's database."""
        return self.stores.get()

    def signing_key(self) -> Ed25519PrivateKey:
        """This kiosk's Ed25519 key (kiosk/records/keys.py), read once for every part.

        Made on first use by a kiosk that never had one; a kiosk that has signed with a
        key never makes another by itself: a missing key file, or one that is not the
        key it remembers, raises SigningKeyProblem (kiosk/records/keyring.py) saying to
        restore the key or rotate it (`kiosk keys rotate`).
        """
        with self._lock:
            if self._key is None:
                from kiosk.records import keyring
                from kiosk.records.keys import load_or_create_signing_key
                from kiosk.records.marker import read_marker

                store = self.store
                known = keyring.remembered(store, read_marker(self.data.keys))
                keyring.finish_rotation(self.data.keys, known)
                key = keyring.load_current(self.data.keys)
                keyring.check_key(key, known, self.data.keys, store)
                if key is None:
                    key = load_or_create_signing_key(self.data.keys)
                keyring.remember(store, key)
                self._key = key
            return self._key

    def rotate_signing_key(self, officer: Officer) -> Rotation:
        """Replace the signing key deliberately, recorded (kiosk/records/keyring.py rotate);
        the old key signs the rotation when its file is still there and is the right key."""
        from kiosk.records import keyring
        from kiosk.records.marker import read_marker

        with self._lock:
            try:
                old = keyring.load_current(self.data.keys)
            except keyring.SigningKeyProblem:
                old = None
            self._key = None
            return keyring.rotate(self.store, self.data.keys, old_key=old, officer=officer,
                                  now=self.clock.now(), marker=read_marker(self.data.keys))

    def own_key(self) -> dict[str, str]:
        """{kiosk id: base64 public key} of this kiosk when it has a key and a database
        (checking slips and bundles; never makes a key or a database). While the key
        file is missing, the public key the kiosk remembers still checks its slips."""
        from kiosk.records import keyring
        from kiosk.records.keys import SIGNING_KEY_FILE, load_private_key, public_key_b64
        from kiosk.records.marker import read_marker

        if not self.data.database.exists():
            return {}
        if self._key is not None:
            return {self.store.kiosk_id: public_key_b64(self._key)}
        path = self.data.keys / SIGNING_KEY_FILE
        if path.exists():
            return {self.store.kiosk_id: public_key_b64(load_private_key(path))}
        known = keyring.remembered(self.store, read_marker(self.data.keys))
        return {self.store.kiosk_id: known} if known else {}

    def retired_keys(self) -> dict[str, list[RetiredKey]]:
        """{kiosk id: keys this kiosk signed with before a rotation} ({} without a database)."""
        from kiosk.records.keyring import retired_keys

        if not self.data.database.exists():
            return {}
        return {self.store.kiosk_id: retired_keys(self.store, self.config.event.tz)}

    def kiosk_pin(self) -> KioskPin:
        """The kiosk PIN (kiosk/officer/kiosk_pin.py): kiosk.exit_pin of this folder's
        kiosk.toml, its tries counted beside the database. One per kiosk (its count of wrong
        PINs lives in it when the disk cannot keep it); needs no database."""
        with self._lock:
            if self._kiosk_pin is None:
                from kiosk.officer.kiosk_pin import TRIES_FILE, KioskPin

                self._kiosk_pin = KioskPin(self.data.config, self.config.kiosk.exit_pin,
                                           self.data.root / TRIES_FILE, self.clock)
            return self._kiosk_pin

    @property
    def slips(self) -> SlipService:
        """The slip printer (kiosk/slips/service.py) unless one was given."""
        with self._lock:
            if self._slips is None:
                from kiosk.slips.service import SlipService

                self._slips = SlipService(config=self.config, catalogue=self.catalogue,
                                          data=self.data, clock=self.clock,
                                          signing_key=self.signing_key,
                                          receipts=self.registrar_over,
                                          backend=self._slip_backend,
                                          timeout_seconds=self._slip_timeout)
            return self._slips

    # -- per thread (over this thread's connection) ------------------------------------------
    def registrar(self) -> Registrar:
        return self.registrar_over(self.store)

    def registrar_over(self, store: Store) -> Registrar:
        from kiosk.citizen.registrar import Registrar

        return Registrar(store, self.config, self.catalogue, self.clock)

    def complaint_lookup(self) -> ComplaintLookup:
        """Cek pengaduan for the citizen screen; its lookups run on a worker, each over
        that thread's own connection. One per kiosk: it keeps the wrong-digit tries."""
        with self._lock:
            if self._lookup is None:
                from kiosk.officer.complaint_lookup import ComplaintLookup

                self._lookup = ComplaintLookup(lambda: self.store, self.config.event.tz,
                                               clock=self.clock.now)
            return self._lookup

    def queue(self) -> QueueConsole:
        from kiosk.queue.console import QueueConsole

        return QueueConsole(self.store, self.config, self.catalogue, self.clock)

    def officers(self) -> Officers:
        from kiosk.officer.accounts import Officers

        return Officers(self.store, self.clock)

    def desk(self) -> SlipDesk:
        from kiosk.officer.slipcheck import SlipDesk, slip_keys
        from kiosk.records.keys import public_key_b64

        store = self.store
        keys = slip_keys(self.config, store.kiosk_id, public_key_b64(self.signing_key()))
        return SlipDesk(store, self.config, self.registrar_over(store),
                        self.officers(), keys, retired=self.retired_keys())

    def report(self) -> DayReport:
        from kiosk.reports.day import DayReport

        return DayReport(self.store, self.config, self.catalogue, self.clock)

    def exporter(self) -> DayExporter:
        from kiosk.export.day import DayExporter

        return DayExporter(self.store, self.config, self.clock, self.signing_key())

    def retention(self) -> Retention:
        """Personal data leaving the kiosk: records' personal fields and printed slips."""
        from kiosk.officer.retention import Retention
        from kiosk.slips.backends import pdf_folder

        return Retention(self.store, self.config, self.clock,
                         slips_folder=pdf_folder(self.config, self.data))

    def syncer(self, *, server: str | None = None, timeout: float | None = None,
               transport: Any = None) -> Syncer:
        """Sync rounds over this thread's connection (kiosk/sync/round.py): to the enrolled
        office, or `server` (`kiosk sync --server URL`); `timeout`: seconds per answer."""
        from kiosk.sync.round import Syncer

        extra = {} if timeout is None else {"timeout": timeout}
        return Syncer(store=self.store, config=self.config, clock=self.clock,
                      keys_dir=self.data.keys, signing_key=self.signing_key, server=server,
                      transport=transport, **extra)

    def sync_worker(self, **options: Any) -> SyncWorker:
        """The one sync worker of this kiosk (kiosk/sync/worker.py), built on first use and
        not started: `kiosk run` starts it, "Sync now" and enrollment start it too.
        `options` (the first call only): SyncWorker's interval, backoff, and the
        Syncer's server and timeout."""
        from kiosk.sync.worker import SyncWorker

        with self._lock:
            if self._sync is None:
                made = {k: options.pop(k) for k in ("server", "timeout", "transport")
                        if k in options}
                self._sync = SyncWorker(lambda: self.syncer(**made), **options)
            elif options:
                raise ValueError("the sync worker is built already; give options once")
            return self._sync

    def enroll(self, url: str, code: str, *, timeout: float = 30.0,
               transport: Any = None) -> Enrollment:
        """Redeem the office's one-time `code` at `url` for this kiosk and keep the token
        with the keys (kiosk/sync/enrollment.py). When kiosk.toml names no central key,
        the office's key becomes it (keys/central-public.pem), for day exports too.
        Raises a SyncError saying why not (or ExportError: the configured key is unreadable)."""
        from kiosk.sync.enrollment import adopt_central_key, enroll, save_enrollment

        configured = self.exporter().central_key() if self.config.event.central_public_key \
            else None
        enrollment = enroll(url, code, kiosk_id=self.store.kiosk_id,
                            signing_key=self.signing_key(), configured_central=configured,
                            now=self.clock.now(), timeout=timeout, transport=transport)
        save_enrollment(self.data.keys, enrollment)
        if configured is None and self._config_is_the_folders():
            adopt_central_key(self.data.keys, self.data.config, enrollment)
            with self._lock:
                self._config = load_or_create(self.data.config)
        return enrollment

    def _config_is_the_folders(self) -> bool:
        path = getattr(self.config, "path", None)
        return path is not None and Path(path).resolve() == self.data.config.resolve()

    # -- what the touchscreen asks for ---------------------------------------------------------
    def submit(self, submission: Submission) -> Receipt:
        """Write one citizen's submission (on a worker thread); see Registrar.submit."""
        return self.registrar().submit(submission)

    def print_slip(self, receipt: Receipt, language: str) -> PrintOutcome:
        """Print the slip of a committed receipt; never raises (PrintOutcome says how)."""
        return self.slips.print_receipt(self.store, receipt, language=language)

    def reports_path(self) -> Path:
        """Where reports and exports go unless the officer picks a stick (data/reports/),
        without touching the disk (the UI thread asks; reports_folder() makes it)."""
        from kiosk.booth.privacy import reports_folder

        return reports_folder(self.data)

    def reports_folder(self) -> Path:
        """Where reports and exports go unless the officer picks a stick: data/reports/,
        made owner-only (0700) here."""
        from kiosk.booth.privacy import ensure_reports_folder

        return ensure_reports_folder(self.data)

    def close(self) -> None:
        """Sync the in-service marker and close every thread's connection (at shutdown,
        after the workers have stopped)."""
        with self._lock:
            if self._sync is not None:
                self._sync.stop(timeout=5.0)
            if self._stores is not None:
                from kiosk.records.marker import sync_marker

                self._stores.close_all()
                sync_marker(self.data.keys)   # rewritten at every commit; on disk now
