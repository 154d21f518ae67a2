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
    from kiosk.officer.kiosk_pin import KioskPin
    from kiosk.officer.retention import Retention
    from kiosk.officer.slipcheck import SlipDesk
    from kiosk.queue.console import QueueConsole
    from kiosk.records.store import Store, StorePerThread
    from kiosk.reports.day import DayReport
    from kiosk.slips.backends import Backend
    from kiosk.slips.service import PrintOutcome, SlipService


class Booth:
    """Every core part of one kiosk.

    data: the data folder; config: the kiosk.toml to use (default: the folder's, written
    from the demo event on first use; raises ConfigError on first access when it cannot be
    used); clock: the source of time (default: the system clock), read in the event's time
    zone as `clock`; slips: a slip printer to use instead of the configured one (tests);
    slip_backend, slip_timeout: the configured slip printer on another back end or time
    limit (tests).
    """

    def __init__(self, data: DataDir, *, config: Config | None = None,
                 clock: Clock | None = None, slips: Any = None,
                 catalogue: Catalogue | None = None, slip_backend: Backend | None = None,
                 slip_timeout: float | None = None) -> None:
        self.data = data
        self._slip_backend, self._slip_timeout = slip_backend, slip_timeout
        self._config, self._catalogue, self._source = config, catalogue, clock
        self._clock: EventClock | None = None
        self._stores: StorePerThread | None = None
        self._slips = slips
        self._key: Ed25519PrivateKey | None = None
        self._kiosk_pin: KioskPin | None = None
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
        with self._lock:
            if self._stores is None:
                from kiosk.records.store import StorePerThread

                self.data.ensure()
                self._stores = StorePerThread(self.data.database)
            return self._stores

    @property
    def store(self) -> Store:
        """This thread's connection to the kiosk's database."""
        return self.stores.get()

    def signing_key(self) -> Ed25519PrivateKey:
        """This kiosk's Ed25519 key (kiosk/records/keys.py), read once for every part."""
        with self._lock:
            if self._key is None:
                from kiosk.records.keys import load_or_create_signing_key

                self._key = load_or_create_signing_key(self.data.keys)
            return self._key

    def own_key(self) -> dict[str, str]:
        """{kiosk id: base64 public key} of this kiosk when it has a key and a database
        (checking slips and bundles; never makes a key or a database)."""
        from kiosk.records.keys import SIGNING_KEY_FILE, load_private_key, public_key_b64

        if self._key is None and not (self.data.keys / SIGNING_KEY_FILE).exists():
            return {}
        if not self.data.database.exists():
            return {}
        key = self._key or load_private_key(self.data.keys / SIGNING_KEY_FILE)
        return {self.store.kiosk_id: public_key_b64(key)}

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
                        self.officers(), keys)

    def report(self) -> DayReport:
        from kiosk.reports.day import DayReport

        return DayReport(self.store, self.config, self.catalogue, self.clock)

    def exporter(self) -> DayExporter:
        from kiosk.export.day import DayExporter

        return DayExporter(self.store, self.config, self.clock, self.signing_key())

    def retention(self) -> Retention:
        from kiosk.officer.retention import Retention

        return Retention(self.store, self.config, self.clock)

    # -- what the touchscreen asks for ---------------------------------------------------------
    def submit(self, submission: Submission) -> Receipt:
        """Write one citizen's submission (on a worker thread); see Registrar.submit."""
        return self.registrar().submit(submission)

    def print_slip(self, receipt: Receipt, language: str) -> PrintOutcome:
        """Print the slip of a committed receipt; never raises (PrintOutcome says how)."""
        return self.slips.print_receipt(self.store, receipt, language=language)

    def reports_folder(self) -> Path:
        """Where reports and exports go unless the officer picks a stick: data/reports/."""
        return self.data.root / "reports"

    def close(self) -> None:
        """Close every thread's connection (at shutdown, after the workers have stopped)."""
        with self._lock:
            if self._stores is not None:
                self._stores.close_all()
