"""The kiosk window: header (office, step, language), the screens, keyboard, footer, overlays.

The Back and primary buttons live in the footer, so they are always in the same place:
a row at the bottom, or on a short wide panel a column at the right (ui/kit/fit.py says
which). The window only lays things out and forwards taps; the controller decides.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.citizen.flow import Step
from ui.citizen.chrome import FooterHint, TooSmall, label_room, retain, wrapped
from ui.citizen.screens.base import Screen
from ui.kit.activity import ActivityWatch
from ui.kit.fit import Fit, smallest_for
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.overlays import StillThereOverlay
from ui.kit.widgets import button, label, stylesheet, verbatim

log = logging.getLogger(__name__)
EXIT_TAPS = 5          # taps on the office name that open the exit PIN pad
HINT_MIN_WIDTH = 240   # the footer's "please check" beside the buttons needs at least this


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
        self.setProperty("compact", False)
        self.setProperty("rail", False)
        self.setStyleSheet(stylesheet())
        self.may_close = False
        self.activity = ActivityWatch(self)      # any touch or key: the idle clocks restart
        self.fit: Fit | None = None
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(0, 0, 0, 0)
        self.outer.setSpacing(0)
        # The window's size is the screen's: the layout must not push size hints to it.
        self.outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

        self.header = QWidget()
        self.header.setObjectName("header")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.top = QGridLayout(self.header)
        self.top.setContentsMargins(28, 4, 16, 4)
        self.top.setHorizontalSpacing(16)
        self.top.setVerticalSpacing(0)
        self.office = verbatim(label("", name="officeName"))
        self.office.installEventFilter(self)
        self.step_label = label("", name="stepIndicator", wrap=False)
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        retain(self.step_label)
        self.language = button("", name="langButton")
        self.language.clicked.connect(self.language_toggled.emit)
        self.outer.addWidget(self.header)

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
        self.body = QHBoxLayout()
        self.body.setSpacing(0)
        self.body.addLayout(self.middle, 1)
        self.outer.addLayout(self.body, 1)

        self.footer = QWidget()
        self.footer.setObjectName("footer")
        self.footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.nav = QGridLayout(self.footer)
        self.nav.setHorizontalSpacing(20)
        self.nav.setVerticalSpacing(6)
        self.back = button("secondary", name="nav:back")
        self.back.clicked.connect(self.back_clicked.emit)
        # What needs checking reads beside or right above the buttons; its place is kept
        # when there is nothing to say, so the keys and buttons never move when it comes.
        self.missing = FooterHint()
        self.primary = button("primary", name="nav:primary")
        self.primary.clicked.connect(self.primary_clicked.emit)
        self.secondary = button("secondary", name="nav:secondary")
        self.secondary.clicked.connect(self.secondary_clicked.emit)
        self.outer.addWidget(self.footer)
        self._layout_key: tuple | None = None
        self._labels: dict[QWidget, str] = {}

        self.still_there = StillThereOverlay(self)
        self.too_small = TooSmall(self)
        self._warned: tuple[int, int] | None = None
        self._office_taps = 0
        for keys in ("Ctrl+Q", "Ctrl+Shift+Q"):
            QShortcut(QKeySequence(keys), self, activated=self.exit_requested.emit)
        self._arrange_bars(Fit(1920, 1080))

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
            if self.fit is not None:
                screen.arrange(self.fit)
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
                   secondary_text: str | None = None, missing_short: str = "",
                   language_shown: bool = True) -> None:
        """The header's and footer's texts; None hides a button. `missing` says what needs
        checking; `missing_short` is said instead where that does not fit."""
        self.office.setText(office)
        self.step_label.setText(step_text)
        self.step_label.setVisible(bool(step_text))
        self.language.setVisible(language_shown)
        self.back.setVisible(back_text is not None)
        self.primary.setVisible(primary_text is not None)
        self.secondary.setVisible(secondary_text is not None)
        self._labels = {self.language: language_text, self.back: back_text or "",
                        self.primary: primary_text or "", self.secondary: secondary_text or ""}
        self._show_labels()
        self.footer.setVisible(back_text is not None or primary_text is not None)
        if self.fit is not None:
            self._arrange_bars(self.fit)
            self._show_labels()
        self.missing.say(missing, missing_short)

    # -- events -----------------------------------------------------------------------------
    def _show_labels(self, fit: Fit | None = None) -> None:
        """The buttons' labels; in the column of a short wide panel a long one takes two
        lines rather than being cut."""
        fit = fit or self.fit
        mode = self._layout_key[0] if self._layout_key else "row"
        for widget, text in self._labels.items():
            width = 0
            if mode == "rail":
                width = fit.rail_width - 24
            elif mode == "stacked" and widget is self.primary:
                width = fit.width - 24 - self.nav.horizontalSpacing() \
                    - self.back.sizeHint().width()
            elif mode == "stacked" and widget is self.secondary:
                width = fit.width - 24
            if width:
                text = wrapped(widget.fontMetrics(), text, label_room(widget, width))
            if widget.text() != text:
                widget.setText(text)

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
        """Adapt to the window's size (ui/kit/fit.py): compact type, where the buttons and
        the language stand, where the keys go, and how the screens lay out their parts."""
        fit = Fit(self.width(), self.height())
        if not fit.supported:
            if self._warned != (fit.width, fit.height):
                self._warned = (fit.width, fit.height)
                log.warning("the window is %dx%d, smaller than any supported size (at "
                            "least %dx%d): the kiosk shows only a message", fit.width,
                            fit.height, *smallest_for(fit.width, fit.height))
            self.too_small.show_for(fit.width, fit.height)
        else:
            self.too_small.hide()
        if (fit.compact, fit.rail) != (self.property("compact"), self.property("rail")):
            self.setProperty("compact", fit.compact)
            self.setProperty("rail", fit.rail)
            self.setStyleSheet(stylesheet())      # re-polishes every widget for the size
        self._arrange_bars(fit)
        self._arrange_keys(fit)
        if self.fit is None or (fit.landscape, fit.rail, fit.compact, fit.narrow) != (
                self.fit.landscape, self.fit.rail, self.fit.compact, self.fit.narrow):
            for screen in self.screens.values():
                screen.arrange(fit)
        self.fit = fit

    def _arrange_keys(self, fit: Fit) -> None:
        keyboard = self.keyboard
        keyboard.arrange(compact=fit.compact)
        side = fit.landscape and keyboard.is_keypad
        direction = (QBoxLayout.Direction.LeftToRight if side
                     else QBoxLayout.Direction.TopToBottom)
        if self.middle.direction() != direction:
            self.middle.setDirection(direction)
            self.middle.setAlignment(keyboard, Qt.AlignmentFlag.AlignBottom if side
                                     else Qt.AlignmentFlag(0))
        # Below the form the keys keep their full height; the form scrolls instead.
        if side or not keyboard.mode:
            keyboard.setMinimumHeight(0)
            keyboard.setMaximumHeight(16777215)
        else:
            keyboard.setFixedHeight(keyboard.panel_height())

    def _arrange_bars(self, fit: Fit) -> None:
        """Header and footer for this size: the buttons in a row at the bottom (on as
        many rows as their labels need), or in a column at the right on a short wide
        panel, where the language button joins them."""
        shown = [b for b in (self.back, self.secondary, self.primary) if not b.isHidden()]
        spacing = self.nav.horizontalSpacing()
        margins = 24 if fit.compact else 48
        # Each button as wide as its label on one line needs it (whatever it shows now).
        need = sum(self._natural_width(b) for b in shown) + spacing * len(shown)
        room = fit.width - margins
        if fit.rail:
            mode = "rail"
        elif need + spacing + HINT_MIN_WIDTH <= room:
            mode = "row"
        elif need <= room:
            mode = "hint-above"
        else:
            mode = "stacked"
        key = (mode, fit.narrow, fit.compact)
        if key == self._layout_key:
            return
        self._layout_key = key
        self._place_header(fit, rail=mode == "rail")
        self._place_footer(mode, fit)

    def _natural_width(self, widget: QPushButton) -> int:
        metrics = widget.fontMetrics()
        shown = max(metrics.horizontalAdvance(line) for line in widget.text().split("\n"))
        label = self._labels.get(widget, widget.text())
        return widget.sizeHint().width() - shown + metrics.horizontalAdvance(label)

    def _place_header(self, fit: Fit, *, rail: bool) -> None:
        """Office, step and language on one line; on a narrow panel the step on a second;
        with the buttons' column the office alone (step and language go to the column)."""
        for widget in (self.office, self.step_label, self.language):
            self.top.removeWidget(widget)
        self.top.setContentsMargins(16 if fit.compact else 28, 4, 16, 4)
        self.top.addWidget(self.office, 0, 0)
        if rail:
            pass
        elif fit.narrow:
            self.top.addWidget(self.language, 0, 2)
            self.top.addWidget(self.step_label, 1, 0, 1, 3)
        else:
            self.top.addWidget(self.step_label, 0, 1)
            self.top.addWidget(self.language, 0, 2)
        for column, stretch in enumerate((3, 2, 0)):
            self.top.setColumnStretch(column, stretch)

    def _place_footer(self, mode: str, fit: Fit) -> None:
        nav = self.nav
        for widget in (self.back, self.secondary, self.primary, self.missing, self.language,
                       self.step_label):
            nav.removeWidget(widget)
        for row in range(7):
            nav.setRowStretch(row, 0)
        for column in range(4):
            nav.setColumnStretch(column, 0)
        side = 12 if fit.compact else 24
        rail = mode == "rail"
        # Beside the buttons two lines, in the column three; above the buttons, one.
        self.missing.setWordWrap(mode in ("row", "rail"))
        line = self.missing.fontMetrics().lineSpacing()
        lines = {"row": 2, "rail": 3}.get(mode, 1)
        self.missing.setFixedHeight(lines * line + 4)
        wide = Qt.AlignmentFlag(0)
        self.step_label.setWordWrap(rail)
        if rail:
            nav.setContentsMargins(12, 12, 12, 12)
            self._place_header(fit, rail=True)
            nav.addWidget(self.language, 0, 0)
            nav.addWidget(self.step_label, 1, 0)
            nav.setRowStretch(2, 1)
            nav.addWidget(self.missing, 3, 0)
            nav.addWidget(self.secondary, 4, 0)
            nav.addWidget(self.back, 5, 0)
            nav.addWidget(self.primary, 6, 0)
        else:
            nav.setContentsMargins(side, 6, side, 8)
            self._place_header(fit, rail=False)
            if mode == "row":
                nav.addWidget(self.back, 0, 0)
                nav.addWidget(self.missing, 0, 1)
                nav.setColumnStretch(1, 1)
                nav.addWidget(self.secondary, 0, 2)
                nav.addWidget(self.primary, 0, 3)
            elif mode == "hint-above":
                nav.addWidget(self.missing, 0, 0, 1, 4)
                nav.addWidget(self.back, 1, 0)
                nav.setColumnStretch(1, 1)
                nav.addWidget(self.secondary, 1, 2)
                nav.addWidget(self.primary, 1, 3)
            else:                             # each label needs the width: one a row
                nav.addWidget(self.missing, 0, 0, 1, 2)
                nav.addWidget(self.secondary, 1, 0, 1, 2, wide)
                nav.addWidget(self.back, 2, 0)
                nav.addWidget(self.primary, 2, 1)
                nav.setColumnStretch(1, 1)
        for widget in (self.back, self.secondary, self.primary):
            widget.setSizePolicy(QSizePolicy.Policy.Expanding if rail or mode == "stacked"
                                 else QSizePolicy.Policy.Preferred,
                                 QSizePolicy.Policy.Fixed)
        self.language.setSizePolicy(QSizePolicy.Policy.Expanding if rail
                                    else QSizePolicy.Policy.Preferred,
                                    QSizePolicy.Policy.Fixed)
        # The footer stands below everything, or as a column right of the form and keys.
        if rail and self.body.indexOf(self.footer) < 0:
            self.outer.removeWidget(self.footer)
            self.body.addWidget(self.footer, 0)
        elif not rail and self.outer.indexOf(self.footer) < 0:
            self.body.removeWidget(self.footer)
            self.outer.addWidget(self.footer)
        if rail:
            self.footer.setFixedWidth(fit.rail_width)
        else:
            self.footer.setMinimumWidth(0)
            self.footer.setMaximumWidth(16777215)
        self.footer.setProperty("rail", rail)
        self.footer.style().unpolish(self.footer)
        self.footer.style().polish(self.footer)
        self._show_labels(fit)

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
