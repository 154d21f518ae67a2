"""The one way to do slow work off the UI thread: run a function on a QThreadPool and get
its result (or its exception) back on the UI thread through a queued signal.

The function runs in a worker thread and never touches widgets. SQLite work inside it
uses kiosk.records.store.StorePerThread, so each worker keeps its own connection.

No Qt object is made, kept or let go on a worker: the worker is given a job number and
nothing else, looks the function up, and leaves its answer in a table the UI thread
reads. The function, its callbacks and the answer are dropped on the UI thread, so
nothing they hold (a presenter, a page, a QTimer) is ever destroyed on a worker, where
Qt cannot stop its timers ("Timers cannot be stopped from another thread") and a later
tick reaches freed memory. An answer whose owner (a page, a window) has been deleted
meanwhile, or that arrives after close(), is dropped.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


@dataclass
class _Job:
    """One job, kept on the UI thread until its answer is delivered (or dropped)."""

    fn: Callable[[], Any]
    on_result: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None


class Background(QObject):
    """Runs functions on a thread pool; results arrive on the UI thread, in callbacks."""

    _finished = Signal(int)          # a job number, emitted from a worker

    def __init__(self, pool: QThreadPool | None = None, *, threads: int = 2) -> None:
        super().__init__()
        self.pool = pool or QThreadPool()
        self.pool.setMaxThreadCount(threads)
        # Workers never expire, so each keeps its one SQLite connection for the whole day.
        self.pool.setExpiryTimeout(-1)
        self._jobs: dict[int, _Job] = {}
        self._answers: dict[int, tuple[bool, Any]] = {}
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """True while a job is running or its answer has not been delivered yet."""
        return bool(self._jobs)

    def run(self, fn: Callable[[], Any], *, on_result: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None,
            owner: QObject | None = None) -> None:
        """Call fn() on a worker; then on_result(value) or on_error(exc) on the UI thread.

        owner: the widget (or other QObject) the answer is for; when it has been deleted
        by then, the answer is dropped. Without one, a callback that is a bound method of
        a QObject names its owner itself. Nothing runs after close().
        """
        if self._closed:
            return
        if owner is None:
            bound = getattr(on_result, "__self__", None)
            owner = bound if isinstance(bound, QObject) else None
        number = next(self._numbers)
        with self._lock:
            self._jobs[number] = _Job(fn, on_result, on_error, owner)
        self.pool.start(lambda: self._work(number))

    def _work(self, number: int) -> None:
        """On a worker: run job `number`, leave the answer, signal the UI thread. Holds
        no reference to the function, its callbacks or the answer when it signals."""
        with self._lock:
            job = self._jobs.get(number)
            fn = job.fn if job is not None else None
        del job
        if fn is None:
            return                       # closed meanwhile
        try:
            answer: tuple[bool, Any] = (True, fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread
            answer = (False, exc)
        del fn
        with self._lock:
            self._answers[number] = answer
        del answer
        self._finished.emit(number)

    @Slot(int)
    def _deliver(self, number: int) -> None:
        with self._lock:
            job = self._jobs.pop(number, None)
            answer = self._answers.pop(number, None)
        if job is None or answer is None or self._closed:
            return
        if job.owner is not None and not shiboken6.isValid(job.owner):
            log.debug("background: an answer for a deleted %s was dropped",
                      type(job.owner).__name__)
            return
        ok, value = answer
        if ok:
            job.on_result(value)
        elif job.on_error is None:
            raise value
        else:
            job.on_error(value)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the workers are idle (shutdown, tests); answers still need the loop."""
        return self.pool.waitForDone(msecs)

    def close(self) -> None:
        """The kiosk is closing: wait for the workers, then drop every answer not delivered
        yet (on this, the UI thread); later run() calls do nothing."""
        self._closed = True
        self.wait()
        with self._lock:
            jobs, self._jobs = self._jobs, {}
            self._answers.clear()
        jobs.clear()
