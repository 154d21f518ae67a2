"""A Qt warning fails a test wherever it comes: in the test, in its teardown, between tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

INNER = '''
import pytest
from PySide6.QtCore import QObject, QThread, QTimer, qWarning

@pytest.fixture
def noisy_teardown():
    yield
    qWarning("QObject::killTimer: Timers cannot be stopped from another thread")

def test_warns_in_the_test(qtbot):
    qWarning("in the call")

def test_warns_in_its_teardown(qtbot, noisy_teardown):
    pass

def test_quiet(qtbot):
    pass
'''


def test_qt_warnings_fail_in_the_call_and_in_teardown(pytester):
    """qt_log_level_fail catches a warning in the test; the plugin of tests/helpers catches
    one in teardown (pytest-qt stops listening after the call)."""
    pytester.makepyfile(test_inner=INNER)
    pytester.makeini("[pytest]\nqt_log_level_fail = WARNING\nqt_api = pyside6\n")
    result = pytester.runpytest_subprocess(
        "-p", "tests.helpers.qt_messages", "-p", "no:cacheprovider",
        f"--rootdir={pytester.path}", "-o", f"pythonpath={ROOT}")
    result.assert_outcomes(passed=2, failed=1, errors=1)
    result.stdout.fnmatch_lines(["*Qt warned while the test was torn down*",
                                 "*Timers cannot be stopped from another thread*"])
