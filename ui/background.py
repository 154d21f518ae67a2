"""The one way to do slow work off the UI thread: run a function on a QThreadPool and get
its result (or its exception) back on the UI thread through a queued signal.

The function runs in a worker thread and never touches widgets. SQLite work inside it
uses kiosk.records.store.StorePerThread, so each worker keeps its own connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot


class _Job(QObject):
    """Carries one result back: created on the UI thread, emitted from the worker."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, on_result: Callable[[Any], None],
                 on_error: Callable[[BaseException], None] | None,
                 forget: Callable[[_Job], None]) -> None:
        super().__init__()
        self._on_result, self._on_error, self._forget = on_result, on_error, forget
        self.succeeded.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver_result(self, value: Any) -> None:
        self._forget(self)
        self._on_result(value)

    @Slot(object)
    def _deliver_error(self, error: BaseException) -> None:
        self._forget(self)
        if self._on_error is None:
            raise error
        self._on_error(error)


class Background(QObject):
    """Runs functions on a thread pool; results arrive on the UI thread, in callbacks."""

    def __init__(self, pool: QThreadPool | None = None, *, threads: int = 2) -> None:
        super().__init__()
        self.pool = pool or QThreadPool()
        self.pool.setMaxThreadCount(threads)
        # Workers never expire, so each keeps its one SQLite connection for the whole day.
        self.pool.setExpiryTimeout(-1)
        self._pending: set[_Job] = set()

    @property
    def busy(self) -> bool:
        """True while a job is running or its answer has not been delivered yet."""
        return bool(self._pending)

    def run(self, fn: Callable[[], Any], *, on_result: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None) -> None:
        """Call fn() on a worker; then on_result(value) or on_error(exc) on the UI thread."""
        job = _Job(on_result, on_error, self._pending.discard)
        self._pending.add(job)

        def work() -> None:
            try:
                value = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the UI thread
                job.failed.emit(exc)
                return
            job.succeeded.emit(value)

        self.pool.start(work)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the workers are idle (shutdown, tests); answers still need the loop."""
        return self.pool.waitForDone(msecs)
