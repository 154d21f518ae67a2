"""Importing bundle files (a stick's folder): each one through kiosk.central.ingest, in order.

``import_bundles`` stores the files one after the other, each bundle in its own transaction,
exactly as ``ingest`` does for one (``derive=False``: the caller runs derive.catch_up once
at the end). With more than one file, a worker process verifies the next files while this
process stores the current one: reading a day by every rule of docs/bundle-format.md is
pure Python, about as long as storing it, and only a second process lets the two overlap.
When this process would wait for the worker (at once when the worker is the slower of
the two, else after half a verification), it verifies the last file the worker has not
begun instead (``_steal``), so a busy machine loses nothing by the worker
(bench/central.py).
The worker is forked when this process runs no other thread: it starts at once, with
the reader already imported (a spawned one first spends a third of a second of a core
importing it, and the console script's modules besides, while this process verifies the
first file). With another thread running, a fork could copy a lock that thread holds,
so the worker is spawned instead (``start_method``).
The worker reads the file itself (kiosk/export/verify_worker.py says why) and runs the
same reader with the central key and the keys of the kiosks enrolled and active when the
import began. Its reading is used only for the very bytes this process read (the same
SHA-256): a file written again in between is verified here. A file it refuses is
verified again here, against the database, to say why; and ``store`` checks again, in
its transaction, that the kiosk is still enrolled with that key.

While the files are stored Python's cycle collector is paused (and set going again when
the import ends, however it ends). A bundle makes about a hundred thousand short-lived
objects (records, their fields, the rows sent), freed as soon as the bundle is stored;
the collector's passes over them, and over every long-lived object each time one
survives, cost about a tenth of an import, and find almost nothing: 45 objects in
cycles after ten bundles (bench/central.py's day bundles). The worker, which lives for
one import, runs with it paused too: with it on, its passes took 15 ms a bundle and found
no cycle at all, and a forked worker's full passes also walked every object it inherited
from this process (two of them, 0.28 s in the bench, which holds the day bundles).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
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
# Files handed to the worker ahead of the one being stored. Three are the worker's for good
# (the one it verifies and two the pool has moved into its queue, where they can no longer
# be taken back); the two beyond are what this process verifies instead of waiting.
AHEAD = 5


class _Ahead:
    """One worker process verifying the next file; None from ``take``: verify it here."""

    def __init__(self, db: Database, keys: CentralKeys) -> None:
        with db.read() as conn:
            self.kiosk_keys = dict(conn.execute(select(kiosks.c.kiosk_id, kiosks.c.public_key)
                                                .where(kiosks.c.status == "active")).all())
        self.central_raw = keys.central.private_bytes_raw()
        # The process starts at the first submit, before the pool's own thread (a forking
        # pool starts its processes first), so this process has no other thread then.
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(
            start_method()), initializer=gc.disable)    # as here: see the module docstring
        self.finished: list[float] = []     # when each of its results came back

    def submit(self, path: Path) -> Future | None:
        try:
            pending = self.pool.submit(verify_in_worker, str(path), self.kiosk_keys,
                                       self.central_raw)
        except RuntimeError as exc:     # no worker could start (BrokenProcessPool is one)
            log.warning("no verifying process (%s); verifying here", type(exc).__name__)
            return None
        pending.add_done_callback(lambda _f: self.finished.append(time.perf_counter()))
        return pending

    def pace(self) -> float | None:
        """Seconds between its last two results (it always has the next file at hand)."""
        done = self.finished[-2:]
        return done[1] - done[0] if len(done) == 2 else None

    @staticmethod
    def take(pending: Future, data: bytes) -> VerifiedBundle | None:
        """The worker's reading of the file, if it read the bytes this process holds."""
        try:
            verified = pending.result()
        except Exception as exc:        # the worker died (memory?): this process verifies
            log.warning("the verifying process failed (%s); verifying here", type(exc).__name__)
            return None
        if verified is None or verified[0] != hashlib.sha256(data).hexdigest():
            return None                 # refused there, or the file was written again since
        return rebuild(verified)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def start_method() -> str:
    """How the verifying worker starts: "fork" where the platform has it and this process
    runs no other thread, else "spawn" (the module docstring says why)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


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
    here = _Here(db, keys)
    datas: dict[int, bytes | OSError] = {}
    jobs: dict[int, Future | VerifiedBundle | BundleRefused | None] = {}
    collecting = gc.isenabled()
    gc.disable()                    # see the module docstring
    try:
        for n, path in enumerate(paths):
            if ahead:                       # the next files go to the worker
                for k in range(n + 1, min(n + 1 + AHEAD, len(paths))):
                    if k not in datas:
                        datas[k] = _read(paths[k])
                        if isinstance(datas[k], bytes):
                            jobs[k] = ahead.submit(paths[k])
                _steal(here, ahead, n, datas, jobs)
            data = datas.pop(n) if n in datas else _read(path)
            job = jobs.pop(n, None)
            if isinstance(data, OSError):
                yield path, data
                continue
            try:
                if isinstance(job, BundleRefused):
                    raise job
                bundle = job if isinstance(job, VerifiedBundle) else \
                    (_Ahead.take(job, data) if job else None) or here.verify(data)
                started = time.perf_counter()
                outcome: Outcome = store(db, settings, bundle, data, channel="stick",
                                         archive=archive, now=clock(), actor=actor,
                                         derive=False)
                here.store_s = time.perf_counter() - started
            except BundleRefused as exc:
                outcome = exc
            yield path, outcome
    finally:
        if collecting:
            gc.enable()
        if ahead:
            ahead.close()


class _Here:
    """This process's own work, timed: whether it waits for the worker, and how long."""

    def __init__(self, db: Database, keys: CentralKeys) -> None:
        self.db, self.keys = db, keys
        self.verify_s, self.store_s = 0.1, 0.0      # the last of each

    def verify(self, data: bytes) -> VerifiedBundle:
        started = time.perf_counter()
        bundle = verify(self.db, self.keys, data)       # BundleRefused: not timed
        self.verify_s = time.perf_counter() - started
        return bundle

    def patience(self, ahead: _Ahead) -> float:
        """Seconds to wait for the worker's result before verifying another file here.

        A worker slower than this process's stores (its results come further apart than
        a store takes) falls further behind with every file: none, this process takes a
        share of the verifying. Else its result is on its way (5,000 records take a few
        hundredths of a second to arrive): half of a verification here, which is what a
        file verified here would cost this process."""
        pace = ahead.pace()
        return 0.0 if pace is not None and pace > self.store_s else self.verify_s / 2


def _steal(here: _Here, ahead: _Ahead, n: int, datas: dict, jobs: dict) -> None:
    """While the worker is still on file `n` (after waiting ``here.patience`` for it),
    verify here the last file it has not begun: neither process waits long for the other
    while there is a file left to verify."""
    if isinstance(jobs.get(n), Future):
        futures.wait([jobs[n]], timeout=here.patience(ahead))
    while isinstance(jobs.get(n), Future) and not jobs[n].done():
        last = next((k for k in sorted(jobs, reverse=True) if k > n
                     and isinstance(jobs[k], Future) and jobs[k].cancel()), None)
        if last is None:
            return
        try:
            jobs[last] = here.verify(datas[last])
        except BundleRefused as exc:
            jobs[last] = exc
