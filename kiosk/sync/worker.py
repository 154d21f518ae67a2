"""The sync worker: rounds on a timer, on a thread of its own.

It never runs on the UI thread nor on the workers that serve a citizen's Submit and slip
(ui/background.py): a slow network cannot delay a ticket. Rounds come from its own timer,
never only from local writes, so a failed round is tried again while no citizen comes
(the failure ODK Collect and PowerSync users reported). After a failure the wait doubles
from about 5 seconds to about 15 minutes, with jitter so kiosks that lost the network
together do not come back together (PouchDB does the same), and goes back to the
regular interval after a success. When the office asked to wait (Retry-After) the worker
waits at least that long. When a person must act first (enrollment broken, a request
the office refuses as faulty) it stops trying by itself until the officer taps "Sync
now" or the kiosk is enrolled again.

Everything that touches the network or the sync bookkeeping runs on this thread:
rounds, enrollment (`call`), and the status the officer's page shows (`status`,
listeners called on this thread with a SyncStatus after each change).
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, TypeVar

from kiosk.sync.round import RoundResult, Syncer
from kiosk.sync.status import SyncStatus, read_status

log = logging.getLogger(__name__)
T = TypeVar("T")
BASE_S = 5.0            # first wait after a failure
CAP_S = 15 * 60.0       # longest wait between tries
INTERVAL_S = 30.0       # between rounds while all is well
JITTER = 0.2            # each wait is 80-120 % of its nominal length (never above CAP_S)
Listener = Callable[[SyncStatus], None]


class Backoff:
    """Waits after failures: BASE_S doubling to CAP_S, each with +-JITTER; reset() after a
    success. `rng`: the source of jitter (seeded in tests)."""

    def __init__(self, *, base: float = BASE_S, cap: float = CAP_S, jitter: float = JITTER,
                 rng: random.Random | None = None) -> None:
        self.base, self.cap, self.jitter = base, cap, jitter
        self.rng = rng or random.Random()
        self.failures = 0

    def next(self) -> float:
        """The wait after one more failure, in seconds."""
        nominal = min(self.cap, self.base * 2 ** min(self.failures, 30))
        self.failures += 1
        return min(self.cap, nominal * self.rng.uniform(1 - self.jitter, 1 + self.jitter))

    def reset(self) -> None:
        self.failures = 0


def _wait(event: threading.Event, timeout: float | None) -> bool:
    return event.wait(timeout)


class SyncWorker:
    """Sync rounds on a thread of its own. `make_syncer` builds the Syncer on that thread
    (its SQLite connection is the thread's own); `interval`: seconds between rounds while
    all is well; `backoff`: the waits after failures; `wait(event, timeout)` and
    `monotonic`: the timer (tests give fakes)."""

    def __init__(self, make_syncer: Callable[[], Syncer], *, interval: float = INTERVAL_S,
                 backoff: Backoff | None = None,
                 wait: Callable[[threading.Event, float | None], bool] = _wait,
                 monotonic: Callable[[], float] = time.monotonic,
                 name: str = "kiosk-sync") -> None:
        self.make_syncer, self.interval = make_syncer, interval
        self.backoff = backoff or Backoff()
        self._wait, self._monotonic, self.name = wait, monotonic, name
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[tuple[Callable[[Syncer], Any], Future]] = \
            queue.SimpleQueue()
        self._listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._now = False
        self._status: SyncStatus | None = None
        self.rounds = 0
        self.last_result: RoundResult | None = None

    # -- what other threads call ------------------------------------------------------------
    def start(self) -> None:
        """Start the thread (once); the first round follows at once."""
        with self._lock:
            if self._thread is None and not self._stopping:
                self._thread = threading.Thread(target=self.run, name=self.name,
                                                daemon=True)
                self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to end after what it is doing; True when it ended in `timeout`
        (a request on its way may take longer: the thread is a daemon)."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        self._wake.set()
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def sync_now(self) -> None:
        """A round as soon as the thread is free (the officer's "Sync now")."""
        with self._lock:
            self._now = True
        self.start()
        self._wake.set()

    def call(self, fn: Callable[[Syncer], T]) -> Future[T]:
        """Run fn(syncer) on the worker's thread between rounds (enrollment, a status
        read); its result or exception arrives in the Future."""
        future: Future[T] = Future()
        self._jobs.put((fn, future))
        self.start()
        self._wake.set()
        return future

    def refresh(self) -> None:
        """Read the status again (listeners hear it)."""
        self.call(lambda _syncer: None)

    def add_listener(self, listener: Listener) -> None:
        """listener(status) on the worker's thread after every change."""
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    @property
    def status(self) -> SyncStatus | None:
        """The last status published (None before the thread first read it)."""
        return self._status

    # -- the thread -------------------------------------------------------------------------
    def run(self) -> None:
        """The worker's loop, in the calling thread, until stop() (`kiosk sync` runs it in
        the foreground; start() runs it on a thread of its own)."""
        try:
            syncer = self.make_syncer()
        except Exception:  # noqa: BLE001 - a kiosk that cannot open its database
            log.exception("sync worker cannot start")
            self._fail_jobs(RuntimeError("the sync worker could not start"))
            return
        deadline: float | None = self._monotonic()       # first round at once
        paused_on: float | None = None                    # enrollment file time when paused
        while True:
            timeout = None if deadline is None else max(0.0, deadline - self._monotonic())
            woken = self._wait(self._wake, timeout)
            self._wake.clear()
            if self._stopping:
                break
            self._run_jobs(syncer)
            with self._lock:
                asked, self._now = self._now, False
            due = asked or (not woken and deadline is not None
                            and self._monotonic() >= deadline)
            if paused_on is not None and not asked:
                if _enrollment_stamp(syncer) == paused_on:
                    deadline = self._monotonic() + self.interval    # look again later
                    self._publish(syncer, next_at=None)
                    continue
                paused_on, due = None, True                         # enrolled again
            if not due:
                self._publish(syncer, next_at=deadline)
                continue
            if syncer.enrolled_server() is None and not asked:
                deadline = self._monotonic() + self.interval        # not enrolled: idle
                self._publish(syncer, next_at=None)
                continue
            result = self._round(syncer)
            if result.ok:
                self.backoff.reset()
                deadline = self._monotonic() + self.interval
            elif result.error is not None and not result.error.retry:
                paused_on, deadline = _enrollment_stamp(syncer), self._monotonic() \
                    + self.interval
            else:
                wait = self.backoff.next()
                if result.error is not None and result.error.retry_after:
                    wait = max(wait, min(result.error.retry_after, CAP_S))
                deadline = self._monotonic() + wait
            self._publish(syncer, next_at=None if paused_on is not None else deadline)
        self._fail_jobs(RuntimeError("the sync worker stopped"))

    def _round(self, syncer: Syncer) -> RoundResult:
        base = self._read(syncer)

        def progress(done: int, total: int) -> None:
            self._emit(replace(base, running=True).with_progress(done, total))

        try:
            result = syncer.run(progress=progress)
        except Exception as exc:  # noqa: BLE001 - never let the thread die
            log.exception("sync round failed unexpectedly")
            from kiosk.sync.errors import SyncError

            error = SyncError("sync.failed", detail=type(exc).__name__)
            result = RoundResult(False, error)
        self.rounds += 1
        self.last_result = result
        return result

    def _run_jobs(self, syncer: Syncer) -> None:
        while True:
            try:
                fn, future = self._jobs.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(syncer))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)
            self._publish(syncer, next_at=None)

    def _fail_jobs(self, error: BaseException) -> None:
        while True:
            try:
                _fn, future = self._jobs.get_nowait()
            except queue.Empty:
                return
            if future.set_running_or_notify_cancel():
                future.set_exception(error)

    def _read(self, syncer: Syncer) -> SyncStatus:
        return read_status(syncer.store, server=syncer.enrolled_server())

    def _publish(self, syncer: Syncer, *, next_at: float | None) -> None:
        try:
            status = self._read(syncer)
        except Exception:  # noqa: BLE001 - a busy database: keep the last status
            log.warning("sync status not read", exc_info=True)
            return
        left = None if next_at is None else max(0.0, next_at - self._monotonic())
        self._emit(replace(status, running=True, next_attempt_s=left))

    def _emit(self, status: SyncStatus) -> None:
        self._status = status
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # noqa: BLE001 - a listener's fault is not the worker's
                log.exception("sync status listener failed")


def _enrollment_stamp(syncer: Syncer) -> float:
    """When the enrollment file last changed (0 when there is none)."""
    from kiosk.sync.enrollment import ENROLLMENT_FILE

    try:
        return (syncer.keys_dir / ENROLLMENT_FILE).stat().st_mtime_ns
    except OSError:
        return 0.0
