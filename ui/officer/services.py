"""The core objects the officer screens use, made per worker thread from the kiosk's parts.

Every method here runs on a background worker (never on the UI thread): each builds its
core object over that thread's own SQLite connection (StorePerThread).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.citizen.registrar import Registrar
from kiosk.event.catalogue import Catalogue
from kiosk.event.clock import Clock
from kiosk.event.config import Config
from kiosk.export.day import DayExporter
from kiosk.officer.accounts import Officers
from kiosk.officer.retention import Retention
from kiosk.officer.slipcheck import SlipDesk, slip_keys
from kiosk.paths import DataDir
from kiosk.queue.console import QueueConsole
from kiosk.records.keys import load_or_create_signing_key, public_key_b64
from kiosk.records.store import Store, StorePerThread
from kiosk.reports.day import DayReport


@dataclass
class OfficerServices:
    """Built once in the composition root; `printer` is the kiosk's SlipService, or a
    zero-argument callable returning it (so start-up need not build the slip stack)."""

    config: Config
    catalogue: Catalogue
    stores: StorePerThread
    clock: Clock
    data: DataDir
    printer_source: Any
    _key: Ed25519PrivateKey | None = field(default=None, repr=False)
    _key_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def printer(self) -> Any:
        source = self.printer_source
        return source() if callable(source) and not hasattr(source, "print_receipt") \
            else source

    @property
    def store(self) -> Store:
        return self.stores.get()

    def today(self) -> dt.date:
        return self.clock.now().astimezone(self.config.event.tz).date()

    def signing_key(self) -> Ed25519PrivateKey:
        """This kiosk's key: the slip printer's when it has one (one key, never two)."""
        with self._key_lock:
            if self._key is None:
                own = getattr(self.printer, "signing_key", None)
                self._key = own() if callable(own) else load_or_create_signing_key(
                    self.data.keys)
            return self._key

    def officers(self) -> Officers:
        return Officers(self.store, self.clock)

    def queue(self) -> QueueConsole:
        return QueueConsole(self.store, self.config, self.catalogue, self.clock)

    def desk(self) -> SlipDesk:
        store = self.store
        keys = slip_keys(self.config, store.kiosk_id, public_key_b64(self.signing_key()))
        return SlipDesk(store, self.config,
                        Registrar(store, self.config, self.catalogue, self.clock),
                        self.officers(), keys)

    def report(self) -> DayReport:
        return DayReport(self.store, self.config, self.catalogue, self.clock)

    def exporter(self) -> DayExporter:
        return DayExporter(self.store, self.config, self.clock, self.signing_key())

    def retention(self) -> Retention:
        return Retention(self.store, self.config, self.clock)

    def default_folder(self) -> Path:
        """Where reports and exports go unless the officer picks a stick: data/reports/."""
        return self.data.root / "reports"
