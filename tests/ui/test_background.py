"""The background helper: work runs off the UI thread, answers arrive on it."""

from __future__ import annotations

import threading

import pytest

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
