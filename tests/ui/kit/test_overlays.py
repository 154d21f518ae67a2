"""Overlays hide what is behind them: nothing of a citizen's form reads through."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage

from tests.helpers.walks import start_application
from tests.ui.conftest import start_kiosk
from ui.kit.fit import SUPPORTED


def pixels(image: QImage) -> np.ndarray:
    """The image as a height x width array of 32-bit ARGB values."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint32,
                         count=image.width() * image.height())
    return data.reshape(image.height(), image.width()).copy()     # the image goes away


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
        before = pixels(k.window.grab().toImage())
        k.idle(k.app.config.kiosk.idle_seconds)
        overlay = k.window.still_there
        assert overlay.isVisible() and overlay.geometry() == k.window.rect()
        shown = pixels(k.window.grab().toImage())
        panel = QRect(overlay.panel.mapTo(k.window, QPoint(0, 0)), overlay.panel.size())
        outside = np.ones(shown.shape, dtype=bool)
        outside[panel.top():panel.bottom() + 1, panel.left():panel.right() + 1] = False
        colours = np.unique(shown[outside])
        assert len(colours) == 1 and colours[0] >> 24 == 0xFF        # one opaque colour
        assert len(np.unique(before[outside])) > 2                   # the form was there
    finally:
        k.app.close()
