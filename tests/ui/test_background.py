"""The background helper: work runs off the UI thread, answers arrive on it."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from ui.background import Background


def test_result_arrives_on_the_ui_thread(qtbot):
    """fn runs on a worker thread; on_result is called on the thread that asked."""
    background = Background()
    ui_thread = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    background.run(work, on_result=lambda v: seen.update(value=v, at=threading.get_ident()))
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42 and seen["at"] == ui_thread and seen["worker"] != ui_thread
    assert not background.busy


def test_errors_arrive_as_exceptions_on_the_ui_thread(qtbot):
    """An exception in fn reaches on_error on the UI thread, not a crash in a worker."""
    background = Background()
    ui_thread = threading.get_ident()
    seen = {}

    def fail():
        raise ValueError("disk full")

    background.run(fail, on_result=lambda v: None,
                   on_error=lambda e: seen.update(error=e, at=threading.get_ident()))
    qtbot.waitUntil(lambda: "error" in seen)
    assert isinstance(seen["error"], ValueError) and seen["at"] == ui_thread


@pytest.mark.parametrize("jobs", [20])
def test_busy_until_every_answer_is_delivered(qtbot, jobs):
    """`busy` stays true until the last answer has been handed over."""
    background = Background()
    got = []
    for n in range(jobs):
        background.run(lambda n=n: n, on_result=got.append)
    assert background.busy
    qtbot.waitUntil(lambda: len(got) == jobs)
    assert sorted(got) == list(range(jobs)) and not background.busy


def test_pool_workers_keep_one_connection_each(qtbot, tmp_path):
    """Forty jobs on a two-thread pool open at most two SQLite connections, not forty."""
    from kiosk.records.store import StorePerThread

    stores = StorePerThread(tmp_path / "kiosk.sqlite3")
    background = Background(threads=2)
    done, errors = [], []
    for _ in range(40):
        background.run(lambda: stores.get().kiosk_id, on_result=done.append,
                       on_error=errors.append)
    qtbot.waitUntil(lambda: len(done) + len(errors) == 40)
    assert errors == []
    background.wait()
    assert len(set(done)) == 1 and len(stores._all) <= 2
    stores.close_all()


def test_what_the_function_holds_is_let_go_on_the_ui_thread(qtbot):
    """A Qt object only the job's function holds (here a running QTimer) is destroyed on
    the UI thread after the answer, never on the worker (where Qt cannot stop its timer
    and a later tick would reach freed memory)."""
    background = Background()
    ui_thread = threading.get_ident()
    gone, got = [], []

    def start() -> None:
        timer = QTimer()
        timer.start(60_000)
        timer.destroyed.connect(lambda *_: gone.append(threading.get_ident()))
        background.run(lambda: timer.interval(), on_result=got.append)

    start()                       # from here only the job's function holds the timer
    qtbot.waitUntil(lambda: bool(got and gone))
    assert got == [60_000] and gone == [ui_thread]


def test_an_answer_for_a_deleted_owner_is_dropped(qtbot):
    """The widget an answer was for is deleted before it arrives: nothing is called."""
    background = Background()
    page = QWidget()
    seen = []
    started = threading.Event()
    release = threading.Event()

    def slow():
        started.set()
        release.wait(5)
        return 1

    background.run(slow, on_result=seen.append, owner=page)
    assert started.wait(5)
    shiboken6.delete(page)
    release.set()
    background.wait()
    qtbot.waitUntil(lambda: not background.busy)
    assert seen == []


def test_nothing_is_delivered_after_close(qtbot):
    """close() waits for the workers and drops the answers not delivered yet."""
    background = Background()
    seen = []
    background.run(lambda: 1, on_result=seen.append)
    background.close()
    qtbot.wait(50)
    background.run(lambda: 2, on_result=seen.append)
    qtbot.wait(50)
    assert seen == [] and not background.busy
