"""Overlays over the whole window: "still there?" with its countdown, and the exit PIN pad."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from ui.widgets import button, label, verbatim


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
        self.text.setText(t("For your privacy the screen clears in {n} seconds.", n=seconds))
        self.button.setText(t("Yes, I am still here"))


class PinPad(Overlay):
    """The exit PIN: digits, OK and Cancel; says so when the PIN is wrong."""

    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "pin")
        self.title = label("title", name="pin:title")
        self.shown = verbatim(label("title", name="pin:shown", wrap=False))
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label("error", name="pin:message")
        self.message.hide()
        self.box.addWidget(self.title)
        self.box.addWidget(self.shown)
        self.box.addWidget(self.message)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setSpacing(10)
        self.keys = {}
        for index, digit in enumerate("123456789"):
            key = button("key", name=f"pin:{digit}")
            key.setText(digit)
            key.setProperty("pad", True)
            key.clicked.connect(lambda _=False, d=digit: self._digit(d))
            grid.addWidget(key, index // 3, index % 3)
            self.keys[digit] = key
        self.cancel = button("secondary", name="pin:cancel")
        zero = button("key", name="pin:0")
        zero.setText("0")
        for key in (self.cancel, zero):
            key.setProperty("pad", True)
        zero.clicked.connect(lambda: self._digit("0"))
        self.ok = button("primary", name="pin:ok")
        self.ok.setProperty("pad", True)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.addWidget(self.cancel, 3, 0)
        grid.addWidget(zero, 3, 1)
        grid.addWidget(self.ok, 3, 2)
        self.keys["0"] = zero
        self.box.addWidget(grid_host)
        self.cancel.clicked.connect(self._cancel)
        self.ok.clicked.connect(lambda: self.entered.emit(self._pin))
        self._pin = ""

    def open(self, t) -> None:
        self._pin = ""
        self.retranslate(t)
        self.message.hide()
        self._show()
        self.cover()

    def retranslate(self, t) -> None:
        self.title.setText(t("Officer PIN to close the kiosk"))
        self.cancel.setText(t("Cancel"))
        self.ok.setText(t("Close"))
        if self.message.isVisible():
            self.message.setText("\u26a0 " + t("Wrong PIN. Try again."))

    def wrong(self, t) -> None:
        self._pin = ""
        self._show()
        self.message.setText("\u26a0 " + t("Wrong PIN. Try again."))
        self.message.show()

    def _digit(self, digit: str) -> None:
        if len(self._pin) < 8:
            self._pin += digit
        self._show()

    def _show(self) -> None:
        self.shown.setText("\u25cf " * len(self._pin) or " ")

    def _cancel(self) -> None:
        self._pin = ""
        self.hide()
        self.cancelled.emit()
