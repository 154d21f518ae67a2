"""Importing bundle files (a stick's folder): each one through kiosk.central.ingest, in order.

``import_bundles`` stores the files one after the other, each bundle in its own transaction,
exactly as ``ingest`` does for one (``derive=False``: the caller runs derive.catch_up once
at the end). With more than one file, a worker process verifies the next file while this
process stores the current one: reading a day by every rule of docs/bundle-format.md is
pure Python, as long as storing it, and a second process is the only way the two overlap
(bench/central.py). The worker runs the same reader with the central key and the keys of
the kiosks enrolled and active when the import began; a file it refuses is verified again
here, against the database, to say why; and ``store`` checks again, in its transaction,
that the kiosk is still enrolled with that key.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import select

from kiosk.central.database import Database
from kiosk.central.ingest import BundleRefused, IngestResult, store, verify
from kiosk.central.keys import CentralKeys
from kiosk.central.schema import kiosks
from kiosk.central.settings import Settings
from kiosk.central.shared import VerifiedBundle, rebuild, verify_in_worker

log = logging.getLogger("kiosk.central.stick")
Outcome = IngestResult | BundleRefused | OSError


class _Ahead:
    """One worker process verifying the next file; None from ``take``: verify it here."""

    def __init__(self, db: Database, keys: CentralKeys) -> None:
        with db.read() as conn:
            self.kiosk_keys = dict(conn.execute(select(kiosks.c.kiosk_id, kiosks.c.public_key)
                                                .where(kiosks.c.status == "active")).all())
        self.central_raw = keys.central.private_bytes_raw()
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, data: bytes) -> Future | None:
        try:
            return self.pool.submit(verify_in_worker, data, self.kiosk_keys, self.central_raw)
        except RuntimeError as exc:     # no worker could start (BrokenProcessPool is one)
            log.warning("no verifying process (%s); verifying here", type(exc).__name__)
            return None

    @staticmethod
    def take(pending: Future) -> VerifiedBundle | None:
        try:
            verified = pending.result()
        except Exception as exc:        # the worker died (memory?): this process verifies
            log.warning("the verifying process failed (%s); verifying here", type(exc).__name__)
            return None
        return None if verified is None else rebuild(verified)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _read(path: Path) -> bytes | OSError:
    try:
        return path.read_bytes()
    except OSError as exc:
        return exc


def import_bundles(db: Database, keys: CentralKeys, settings: Settings, paths: Sequence[Path],
                   *, archive: Path, clock: Callable[[], dt.datetime],
                   actor: str | None = None) -> Iterator[tuple[Path, Outcome]]:
    """(path, outcome) per file, in the order given: the IngestResult, or why it was not
    stored (BundleRefused; OSError: the file could not be read). `clock` gives the time
    each bundle is stored at. A refused or unreadable file stores nothing and the next
    one goes on; a database error is raised (the bundles before it stay stored)."""
    ahead = _Ahead(db, keys) if len(paths) > 1 else None
    try:
        datas = [_read(paths[0])] + [None] * (len(paths) - 1)
        pending: list[Future | None] = [None] * len(paths)
        for n, path in enumerate(paths):
            if ahead and n + 1 < len(paths):        # the next file, while this one is stored
                datas[n + 1] = _read(paths[n + 1])
                if isinstance(datas[n + 1], bytes):
                    pending[n + 1] = ahead.submit(datas[n + 1])
            data, datas[n] = datas[n], None
            if data is None:
                data = _read(path)
            if isinstance(data, OSError):
                yield path, data
                continue
            job, pending[n] = pending[n], None
            try:
                bundle = (ahead.take(job) if ahead and job else None) or verify(db, keys, data)
                outcome: Outcome = store(db, settings, bundle, data, channel="stick",
                                         archive=archive, now=clock(), actor=actor,
                                         derive=False)
            except BundleRefused as exc:
                outcome = exc
            yield path, outcome
    finally:
        if ahead:
            ahead.close()
