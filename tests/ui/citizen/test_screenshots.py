"""Screenshots of every screen in both languages at kiosk resolutions, for people to look at.

Writes artifacts/screens/<W>x<H>/<language>/NN-<stop>.png (git-ignored). Also checks what
a picture cannot be trusted to show: nothing is cut off at the right edge, no button label
is wider than its button, every button a citizen can tap is at least 72 px tall, and the
ticket code is large.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton

from tests.helpers.tour import tour, tour_config
from tests.ui.conftest import start_kiosk

ROOT = Path(__file__).resolve().parents[3]
SIZES = [(1920, 1080), (1080, 1920), (1280, 800)]


def clipped(window) -> list[str]:
    """Visible labels and buttons that stick out past the window's right edge."""
    out = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        right = widget.mapTo(window, widget.rect().topRight()).x()
        if right > window.width() + 1:
            out.append(f"{widget.objectName() or type(widget).__name__}: {widget.text()[:40]}")
    return out


def squeezed_buttons(window) -> list[str]:
    """Plain buttons whose label is wider than the button (the text would be cut)."""
    out = []
    for b in window.findChildren(QPushButton):
        if not b.isVisible() or not b.text() or b.property("role") == "tile":
            continue
        if b.fontMetrics().horizontalAdvance(b.text()) > b.width() - 8:
            out.append(f"{b.objectName()}: {b.text()} ({b.width()}px)")
    return out


def small_targets(window) -> list[str]:
    return [f"{b.objectName()} {b.height()}px" for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.height() < 72]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_screenshots_of_every_screen(qtbot, tmp_path, size, language):
    """Every tour stop is saved as a PNG; none clips text or shrinks a button below 72 px."""
    folder = ROOT / "artifacts" / "screens" / f"{size[0]}x{size[1]}" / language
    folder.mkdir(parents=True, exist_ok=True)
    k = start_kiosk(qtbot, tmp_path, config=tour_config(), size=size)
    problems = []
    try:
        for number, stop in enumerate(tour(k, language), start=1):
            QCoreApplication.processEvents()
            image = k.window.grab()
            assert image.width() == size[0] and image.height() == size[1]
            path = folder / f"{number:02d}-{stop}.png"
            assert image.save(str(path)), path
            problems += [(stop, p) for p in clipped(k.window) + small_targets(k.window)
                         + squeezed_buttons(k.window)]
            if stop == "done-ticket":
                assert k.touch.find("ticketCode").fontInfo().pixelSize() >= 120
    finally:
        k.app.close()
    assert problems == []
