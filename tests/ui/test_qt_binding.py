"""The installed Qt binding keeps Python's reference counts right (PySide6 6.12.0 did not)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_do_not_eat_references_to_none(qtbot):
    """A thousand setText calls leave None's reference count where it was (give or take)."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 10
