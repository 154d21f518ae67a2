"""Overlays over the whole window: "still there?" with its countdown.

(Leaving the kiosk goes through the officer side's PIN pad, ui/officer/pin_pad.py.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.kit.widgets import button, label, verbatim


class Overlay(QWidget):
    """A dimmed backdrop covering the window with one centred panel."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.panel = QFrame()
        self.panel.setObjectName("overlayPanel")
        self.panel.setProperty("overlay", name)
        self.panel.setMaximumWidth(900)
        outer.addWidget(self.panel)
        self.box = QVBoxLayout(self.panel)
        self.box.setContentsMargins(48, 40, 48, 40)
        self.box.setSpacing(20)
        self.hide()

    def cover(self) -> None:
        area = self.parentWidget().rect()
        self.panel.setMinimumWidth(min(720, area.width() - 40))
        self.setGeometry(area)
        self.raise_()
        self.show()


class StillThereOverlay(Overlay):
    """'Masih di sana?': a countdown and one big button to stay."""

    stay = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "still_there")
        self.title = label("title", name="stillThere:title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = verbatim(label("body", name="countdown", wrap=False))
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = label("body", name="stillThere:text")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = button("primary", name="stillThere:stay")
        self.button.clicked.connect(self.stay.emit)
        for part in (self.title, self.count, self.text, self.button):
            self.box.addWidget(part)

    def show_countdown(self, t, seconds: int) -> None:
        self.title.setText(t("Are you still there?"))
        self.count.setText(str(seconds))
        self.text.setText(t.ngettext("For your privacy the screen clears in {n} second.",
                                     "For your privacy the screen clears in {n} seconds.",
                                     seconds, n=seconds))
        self.button.setText(t("Yes, I am still here"))
