"""Every officer page's button labels fit their buttons, in both languages, on the big and the
small screen: a longer word ("Tutup anjungan") must never be cut to "utup anjunga"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton

from tests.ui.officer.conftest import start_desk

SECTIONS = ("queue", "slip", "report", "export", "data", "officers")


def cut_labels(root) -> list[str]:
    """Visible buttons whose label is wider than the room the style leaves for it (inside
    the border and the padding of the style sheet)."""
    out = []
    for b in root.findChildren(QPushButton):
        if not b.isVisible() or not b.text() or "\n" in b.text():
            continue
        option = QStyleOptionButton()
        b.initStyleOption(option)
        room = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, b)
        if b.fontMetrics().horizontalAdvance(b.text()) > room.width():
            out.append(f"{b.objectName()}: {b.text()!r} needs "
                       f"{b.fontMetrics().horizontalAdvance(b.text())} px, has {room.width()}")
    return out


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_officer_buttons_hold_their_words(qtbot, tmp_path, size):
    """Each section, in Indonesian then English: no button label is cut."""
    d = start_desk(qtbot, tmp_path, size=size)
    problems = []
    try:
        d.submit()
        d.log_in()
        for language in ("id", "en"):
            for section in SECTIONS:
                d.tap(f"officer:section:{section}")
                d.settle()
                problems += [(language, section, p) for p in cut_labels(d.panel)]
            d.tap("officer:language")
            d.settle()
    finally:
        d.app.close()
    assert problems == []
