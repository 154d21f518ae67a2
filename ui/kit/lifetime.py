"""Qt objects live and die on the UI thread: timers owned by the widget they serve, and
Python's cyclic garbage collector run on the UI thread only.

A Qt object held only by Python dies where its last reference goes. When that happens on
a worker thread (ui/background.py), Qt cannot stop the object's timers there ("QObject::
killTimer: Timers cannot be stopped from another thread"), the UI thread's event
dispatcher keeps the timer, and its next tick reaches freed memory: a segmentation fault
in whatever runs next. Two ways lead there, and both are closed here:

- a QTimer with no parent (one a test hands in, to fire by hand) outlives the widget it
  served and keeps ticking into deleted objects: owned_timer() makes every timer a child
  of its owner, so it stops and is deleted with it;
- Python's cyclic garbage collector runs on whichever thread allocates when a threshold
  is crossed, a worker included: while a kiosk runs, UiThreadCollector turns automatic
  collection off and collects on a QTimer on the UI thread instead (the approach of
  pyqtgraph's GarbageCollector, from calibre).
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QTimer

COLLECT_MS = 500       # how often the UI thread looks at the collector's counts


def owned_timer(owner: QObject, timer: QTimer | None = None) -> QTimer:
    """`timer` (a test's, to fire by hand) or a new QTimer, a child of `owner` either way:
    it stops and is deleted with its owner, on the owner's thread."""
    if timer is None:
        return QTimer(owner)
    if timer.parent() is None:
        timer.setParent(owner)
    return timer


class UiThreadCollector(QObject):
    """Python's cyclic garbage collection on the UI thread only, while started.

    start() turns automatic collection off (gc.disable) for as long as any collector runs
    (several kiosks in one test process count); a QTimer then collects each generation
    whose count has passed its threshold, as the automatic collector would. stop()
    collects once more, here, and turns automatic collection back on when no other
    collector runs.
    """

    _running = 0
    _lock = threading.Lock()

    def __init__(self, parent: QObject, *, interval_ms: int = COLLECT_MS) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.collections = 0

    @property
    def running(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        if self.running:
            return
        with UiThreadCollector._lock:
            UiThreadCollector._running += 1
            if UiThreadCollector._running == 1:
                gc.collect()             # what is garbage now goes here, on this thread
                gc.disable()
        self.timer.start()

    def stop(self) -> None:
        if not self.running:
            return
        self.timer.stop()
        gc.collect()
        with UiThreadCollector._lock:
            UiThreadCollector._running -= 1
            if UiThreadCollector._running == 0:
                gc.enable()

    def collect_due(self) -> None:
        """Collect the oldest generation whose count passed its threshold, if any."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        generation = -1
        for index in range(3):
            if counts[index] > thresholds[index]:
                generation = index
            else:
                break
        if generation >= 0:
            gc.collect(generation)
            self.collections += 1
