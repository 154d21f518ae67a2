"""The kiosk window: header (office, step, language), the screens, keyboard, footer, overlays.

The Back and primary buttons live in the footer, so they are always in the same place.
The window only lays things out and forwards taps; the controller decides.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.flow import Step
from ui.keyboard import OnScreenKeyboard
from ui.overlays import PinPad, StillThereOverlay
from ui.screens.base import Screen
from ui.widgets import button, label, stylesheet, verbatim

EXIT_TAPS = 5          # taps on the office name that open the exit PIN pad


class KioskWindow(QWidget):
    language_toggled = Signal()
    back_clicked = Signal()
    primary_clicked = Signal()
    exit_requested = Signal()
    touched = Signal()               # any press or key anywhere: the citizen is there

    def __init__(self, screens: list[Screen]) -> None:
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(stylesheet())
        self.may_close = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The window's size is the screen's: the layout must not push size hints to it.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        self.header = QWidget()
        self.header.setObjectName("header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        top = QHBoxLayout(self.header)
        top.setContentsMargins(28, 8, 20, 8)
        self.office = verbatim(label("", name="officeName"))
        self.office.installEventFilter(self)
        self.step_label = label("", name="stepIndicator", wrap=False)
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.language = button("", name="langButton")
        self.language.clicked.connect(self.language_toggled.emit)
        top.addWidget(self.office, 3)
        top.addWidget(self.step_label, 2)
        top.addWidget(self.language, 0)
        outer.addWidget(self.header)

        self.stack = QStackedWidget()
        self.screens: dict[Step, Screen] = {}
        for screen in screens:
            self.stack.addWidget(screen)
            self.screens[screen.step] = screen
        outer.addWidget(self.stack, 1)

        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        outer.addWidget(self.keyboard)

        self.footer = QWidget()
        self.footer.setObjectName("footer")
        self.footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bottom = QHBoxLayout(self.footer)
        bottom.setContentsMargins(28, 12, 28, 12)
        bottom.setSpacing(20)
        self.back = button("secondary", name="nav:back")
        self.back.clicked.connect(self.back_clicked.emit)
        self.missing = label("", name="missingHint")
        self.primary = button("primary", name="nav:primary")
        self.primary.clicked.connect(self.primary_clicked.emit)
        bottom.addWidget(self.back, 0)
        bottom.addWidget(self.missing, 1)
        bottom.addWidget(self.primary, 0)
        outer.addWidget(self.footer)

        self.still_there = StillThereOverlay(self)
        self.pin_pad = PinPad(self)
        self._office_taps = 0
        for keys in ("Ctrl+Q", "Ctrl+Shift+Q"):
            QShortcut(QKeySequence(keys), self, activated=self.exit_requested.emit)

    # -- what the controller calls --------------------------------------------------------
    def current(self) -> Screen:
        return self.stack.currentWidget()

    def show_screen(self, step: Step) -> Screen:
        screen = self.screens[step]
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        return screen

    def set_chrome(self, *, office: str, step_text: str, language_text: str,
                   back_text: str | None, primary_text: str | None, missing: str) -> None:
        self.office.setText(office)
        self.step_label.setText(step_text)
        self.step_label.setVisible(bool(step_text))
        self.language.setText(language_text)
        self.back.setVisible(back_text is not None)
        self.back.setText(back_text or "")
        self.primary.setVisible(primary_text is not None)
        self.primary.setText(primary_text or "")
        self.missing.setText(missing)
        self.footer.setVisible(back_text is not None or primary_text is not None)

    # -- events -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.office and event.type() == QEvent.Type.MouseButtonRelease:
            self._office_taps += 1
            if self._office_taps >= EXIT_TAPS:
                self._office_taps = 0
                self.exit_requested.emit()
        return False

    def reset_exit_taps(self) -> None:
        self._office_taps = 0

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        for overlay in (self.still_there, self.pin_pad):
            if overlay.isVisible():
                overlay.setGeometry(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.may_close:
            event.accept()
            return
        event.ignore()
        self.exit_requested.emit()
