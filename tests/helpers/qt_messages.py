"""A pytest plugin: a Qt warning outside pytest-qt's capture fails a test too.

pytest-qt (qt_log_level_fail = WARNING) captures Qt's messages only from a test's set-up
to the end of its call; during teardown (a kiosk closing, widgets deleted) and between
tests (Python's collector, a timer left running) Qt's default handler printed them to
stderr and nothing failed, so "QObject::killTimer: Timers cannot be stopped from another
thread" went by until the segmentation fault it announces. Here a handler of our own takes
every message pytest-qt does not: a warning during a test's teardown fails that test's
teardown, and one between tests fails the next test's set-up, naming the test before.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

_QUIET = (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
_heard: list[str] = []
_lock = threading.Lock()
_previous: dict[str, str] = {}


def _handler(mode: QtMsgType, _context: object, message: str) -> None:
    if mode in _QUIET:
        return
    with _lock:
        _heard.append(f"{mode.name}: {message} (thread {threading.current_thread().name})")


def _take() -> list[str]:
    with _lock:
        heard = list(_heard)
        _heard.clear()
    return heard


def pytest_configure(config: pytest.Config) -> None:
    qInstallMessageHandler(_handler)      # pytest-qt swaps its own in and out around it


@pytest.fixture(autouse=True)
def qt_warnings_outside_the_test(request: pytest.FixtureRequest):
    """Set up before every other fixture and torn down after them all."""
    heard = _take()
    if heard:
        pytest.fail(f"Qt warned after {_previous.get('test', 'the start')} had finished:\n"
                    + "\n".join(heard), pytrace=False)
    _previous["test"] = request.node.nodeid
    yield
    heard = _take()
    if heard:
        pytest.fail("Qt warned while the test was torn down:\n" + "\n".join(heard),
                    pytrace=False)
