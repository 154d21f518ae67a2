"""Overlays hide what is behind them: nothing of a citizen's form reads through."""

from __future__ import annotations

from array import array

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage

from tests.helpers.walks import start_application
from tests.ui.conftest import start_kiosk
from ui.kit.fit import SUPPORTED


def colours_outside(image: QImage, hole: QRect) -> set[int]:
    """The 32-bit ARGB values of every pixel of `image` outside the rectangle `hole`."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    width, height = image.width(), image.height()
    values = array("I", bytes(image.constBits())[:width * height * 4])
    found: set[int] = set()
    for y in range(height):
        row = values[y * width:(y + 1) * width]
        if hole.top() <= y <= hole.bottom():
            found.update(row[:max(hole.left(), 0)], row[hole.right() + 1:])
        else:
            found.update(row)
    return found


@pytest.mark.parametrize("size", [SUPPORTED[0], SUPPORTED[2], SUPPORTED[-1]],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_still_there_hides_the_form_behind_it(qtbot, tmp_path, size):
    """While 'Masih di sana?' asks, the window shows the overlay's panel on one opaque
    colour: every pixel outside the panel is that colour, so no letter of the name typed
    behind it (nor the header or the keys) can be read."""
    k = start_kiosk(qtbot, tmp_path, size=size)
    try:
        start_application(k, "NEW")
        k.touch.choose("child", "no")
        k.touch.primary()
        k.touch.type("full_name", "BUDI SANTOSO")
        before = k.window.grab().toImage()
        k.idle(k.app.config.kiosk.idle_seconds)
        overlay = k.window.still_there
        assert overlay.isVisible() and overlay.geometry() == k.window.rect()
        shown = k.window.grab().toImage()
        panel = QRect(overlay.panel.mapTo(k.window, QPoint(0, 0)), overlay.panel.size())
        colours = colours_outside(shown, panel)
        assert len(colours) == 1 and next(iter(colours)) >> 24 == 0xFF   # one opaque colour
        assert len(colours_outside(before, panel)) > 2                   # the form was there
    finally:
        k.app.close()
