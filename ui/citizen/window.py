"""The kiosk window: header (office, step, language), the screens, keyboard, footer, overlays.

The Back and primary buttons live in the footer, so they are always in the same place.
The window only lays things out and forwards taps; the controller decides.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.citizen.flow import Step
from ui.citizen.screens.base import Screen
from ui.kit.activity import ActivityWatch
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.overlays import StillThereOverlay
from ui.kit.widgets import button, label, stylesheet, verbatim

EXIT_TAPS = 5          # taps on the office name that open the exit PIN pad


class ScreenStack(QStackedWidget):
    """The screens. They scroll, so their wrapped text must not claim a fixed height."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return False


class KioskWindow(QWidget):
    language_toggled = Signal()
    back_clicked = Signal()
    primary_clicked = Signal()
    secondary_clicked = Signal()
    exit_requested = Signal()
    screen_built = Signal(object)    # a screen was just made: the controller wires it
    resized = Signal()               # overlays from other parts (the officer side) follow

    def __init__(self, screens: dict[Step, Callable[[], Screen]]) -> None:
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(stylesheet())
        self.may_close = False
        self.activity = ActivityWatch(self)      # any touch or key: the idle clocks restart
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The window's size is the screen's: the layout must not push size hints to it.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        self.header = QWidget()
        self.header.setObjectName("header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        top = QHBoxLayout(self.header)
        top.setContentsMargins(28, 4, 16, 4)
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

        self.stack = ScreenStack()
        # Screens scroll; the stack must never squeeze the keyboard or the footer.
        self.stack.setMinimumSize(200, 120)
        # Screens are made on first use (or in idle moments after start): only welcome is
        # built before the window first shows, which keeps the kiosk's start quick.
        self.factories = dict(screens)
        self.screens: dict[Step, Screen] = {}
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        self.keyboard.mode_changed.connect(lambda _mode: self.arrange())
        # Letters go below the form; on a wide screen a numeric keypad docks beside it.
        self.middle = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.middle.setSpacing(0)
        self.middle.addWidget(self.stack, 1)
        self.middle.addWidget(self.keyboard, 0)
        outer.addLayout(self.middle, 1)
        self._landscape: bool | None = None

        self.footer = QWidget()
        self.footer.setObjectName("footer")
        self.footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        rows = QVBoxLayout(self.footer)
        rows.setContentsMargins(24, 6, 24, 8)
        rows.setSpacing(4)
        bottom = QHBoxLayout()
        bottom.setSpacing(20)
        self.back = button("secondary", name="nav:back")
        self.back.clicked.connect(self.back_clicked.emit)
        self.missing = label("", name="missingHint")
        self.primary = button("primary", name="nav:primary")
        self.primary.clicked.connect(self.primary_clicked.emit)
        self.secondary = button("secondary", name="nav:secondary")
        self.secondary.clicked.connect(self.secondary_clicked.emit)
        bottom.addWidget(self.back, 0)
        bottom.addStretch(1)
        bottom.addWidget(self.secondary, 0)
        bottom.addWidget(self.primary, 0)
        # What is missing reads right above the buttons, on its own line when there is any.
        self.missing.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.missing.hide()
        rows.addWidget(self.missing)
        rows.addLayout(bottom)
        outer.addWidget(self.footer)

        self.still_there = StillThereOverlay(self)
        self._office_taps = 0
        for keys in ("Ctrl+Q", "Ctrl+Shift+Q"):
            QShortcut(QKeySequence(keys), self, activated=self.exit_requested.emit)

    # -- what the controller calls --------------------------------------------------------
    def current(self) -> Screen:
        return self.stack.currentWidget()

    def screen(self, step: Step) -> Screen:
        """The screen for `step`, made now if it does not exist yet."""
        screen = self.screens.get(step)
        if screen is None:
            screen = self.factories[step]()
            self.stack.addWidget(screen)
            self.screens[step] = screen
            if self._landscape is not None:
                screen.arrange(self._landscape)
            self.screen_built.emit(screen)
        return screen

    def unbuilt(self) -> list[Step]:
        return [step for step in self.factories if step not in self.screens]

    def show_screen(self, step: Step) -> Screen:
        screen = self.screen(step)
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        return screen

    def set_chrome(self, *, office: str, step_text: str, language_text: str,
                   back_text: str | None, primary_text: str | None, missing: str,
                   secondary_text: str | None = None) -> None:
        self.office.setText(office)
        self.step_label.setText(step_text)
        self.step_label.setVisible(bool(step_text))
        self.language.setText(language_text)
        self.back.setVisible(back_text is not None)
        self.back.setText(back_text or "")
        self.primary.setVisible(primary_text is not None)
        self.primary.setText(primary_text or "")
        self.secondary.setVisible(secondary_text is not None)
        self.secondary.setText(secondary_text or "")
        self.missing.setText(missing)
        self.missing.setVisible(bool(missing))
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

    def arrange(self) -> None:
        """Adapt to the window's shape: keypad beside the form when wide, screens re-laid."""
        landscape = self.width() > self.height()
        side = landscape and self.keyboard.is_keypad
        direction = (QBoxLayout.Direction.LeftToRight if side
                     else QBoxLayout.Direction.TopToBottom)
        if self.middle.direction() != direction:
            self.middle.setDirection(direction)
            self.middle.setAlignment(self.keyboard, Qt.AlignmentFlag.AlignBottom if side
                                     else Qt.AlignmentFlag(0))
        # Below the form the keys keep their full height; the form scrolls instead.
        if side or not self.keyboard.mode:
            self.keyboard.setMinimumHeight(0)
            self.keyboard.setMaximumHeight(16777215)
        else:
            self.keyboard.setFixedHeight(self.keyboard.panel_height())
        if landscape != self._landscape:
            self._landscape = landscape
            for screen in self.screens.values():
                screen.arrange(landscape)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.arrange()
        if self.still_there.isVisible():
            self.still_there.setGeometry(self.rect())
        self.resized.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.activity.follow()          # the platform window exists from now on

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.may_close:
            event.accept()
            return
        event.ignore()
        self.exit_requested.emit()
