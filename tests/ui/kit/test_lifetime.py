"""Qt objects die on the UI thread: Python's collector never frees one on a worker while
a kiosk runs, and a timer handed in belongs to the object it serves."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QTimer

from ui.kit.lifetime import owned_timer


def _cyclic_garbage_with_a_running_timer(gone: list) -> None:
    class Holder:
        pass

    holder = Holder()
    holder.me = holder                  # only the cyclic collector can free it
    holder.timer = QTimer()
    holder.timer.start(60_000)
    holder.timer.destroyed.connect(lambda *_: gone.append(threading.get_ident()))


def test_garbage_is_never_collected_on_a_worker_while_a_kiosk_runs(kiosk, qtbot):
    """A worker allocates enough to trigger Python's collector while a running QTimer sits
    in cyclic garbage: the timer is freed on the UI thread (by the kiosk's collector),
    never on the worker, where Qt cannot stop it."""
    ui_thread, gone, done = threading.get_ident(), [], []
    _cyclic_garbage_with_a_running_timer(gone)
    kiosk.app.background.run(lambda: len([[] for _ in range(200_000)]),
                             on_result=done.append)
    qtbot.waitUntil(lambda: bool(done))
    kept = [[] for _ in range(2_000)]           # the UI thread's allocations go on
    qtbot.waitUntil(lambda: bool(gone), timeout=5_000)
    assert gone == [ui_thread] and kept


def test_a_timer_handed_in_becomes_the_owners():
    """owned_timer adopts a parentless timer, keeps a parented one, or makes one."""
    owner, other = QObject(), QObject()
    loose = QTimer()
    assert owned_timer(owner, loose) is loose and loose.parent() is owner
    kept = QTimer(other)
    assert owned_timer(owner, kept).parent() is other
    assert owned_timer(owner).parent() is owner
