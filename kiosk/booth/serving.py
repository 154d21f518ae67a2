"""What a kiosk checks before and while it serves: the Booth's start-up and health checks.

Part of kiosk/booth/build.py's Booth (a base class, so the checks read apart from the
construction of the parts); the checks themselves live in kiosk/booth/health.py
(free space, classifying a storage error), kiosk/records/marker.py (the in-service
marker) and kiosk/records/clocklog.py (clock changes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.event.clock import EventClock
    from kiosk.event.config import Config
    from kiosk.paths import DataDir
    from kiosk.records.store import Store, StorePerThread


class Serving:
    """Start-up and health checks over the Booth's data folder, store and clock."""

    data: DataDir
    config: Config
    clock: EventClock
    store: Store
    _stores: StorePerThread | None

    def refuse_unless_in_service(self) -> None:
        """The quick checks before the touchscreen shows, without opening the database:
        the database matches the in-service marker (NotInService) and the signing key
        the kiosk signed with is there (SigningKeyProblem). start_up() checks fully."""
        from kiosk.records.keys import SIGNING_KEY_FILE
        from kiosk.records.marker import check_database

        marker = check_database(self.data.database, self.data.keys)
        path = self.data.keys / SIGNING_KEY_FILE
        if marker and marker.public_key and not path.exists():
            from kiosk.records.keyring import SigningKeyProblem

            raise SigningKeyProblem("keys.missing", path=str(path), public=marker.public_key,
                                    records=marker.last_seq)

    def start_up(self) -> None:
        """What the kiosk does once as it starts serving (`kiosk run`, a rehearsal), on a
        worker thread: open the database (checked against the in-service marker), read
        or make the signing key, record a computer clock found behind the last record
        (kiosk/records/clocklog.py), make personal data files an older version left readable
        owner-only again, remove slip files a crash left half-written, and check that
        every page of the database reads and that it takes a write (check_health).
        Raises the KioskError that says why this kiosk cannot serve (NotInService,
        SigningKeyProblem, OutOfService: read-only, damaged, disk full)."""
        from kiosk.booth.privacy import tighten_all
        from kiosk.slips.backends import pdf_folder, remove_interrupted

        with self._storage_faults():
            self.data.ensure()
            self.store  # noqa: B018 - opened (and checked) here, off the UI thread
            self.signing_key()
            tighten_all(self.data, self.config)
            remove_interrupted(pdf_folder(self.config, self.data))
        self.check_health(thorough=True)

    def check_health(self, *, thorough: bool = False) -> None:
        """Can a citizen's record be written now? On a worker thread, cheap: free space in
        the data folder, then one small committed write (kiosk/booth/health.py), with any
        clock change noticed meanwhile recorded in it; `thorough` (at start) also reads
        every page (PRAGMA quick_check). Returns when all is well. Raises OutOfService
        (read-only, damaged, disk full, cannot open), NotInService or SigningKeyProblem
        when the kiosk cannot serve; DatabaseBusy when another program writes for a moment
        (try again: not out of service)."""
        from kiosk.booth.health import PROBE_KEY, OutOfService, check_space
        from kiosk.records.clocklog import record_clock_steps
        from kiosk.records.store import utc_now_iso

        check_space(self.data)
        with self._storage_faults():
            store = self.store
            if thorough:
                verdict = store.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
                if verdict != "ok":
                    raise OutOfService("service.damaged", path=str(self.data.database),
                                       detail=str(verdict))
            with store.transaction(marker=bool(self.clock.pending_steps())):
                store.set_meta(PROBE_KEY, utc_now_iso(self.clock.now()))
                record_clock_steps(store, self.clock)

    @contextmanager
    def _storage_faults(self) -> Iterator[None]:
        """A database or file error inside becomes the OutOfService that says what the
        officer can do (kiosk/booth/health.py classify); this thread's connection is
        closed so the next use opens the file again (once an officer has fixed it)."""
        import sqlite3

        from kiosk.booth.health import classify

        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            problem = classify(exc, self.data)
            if problem is None:
                raise
            if self._stores is not None:
                self._stores.forget_this_thread()
            raise problem from exc
