"""The public "now serving" screen for a second monitor: queue codes and counters only.

No names, no NIKs, nothing typed by anyone: it is given (code, counter) pairs and nothing
else (ui.officer.presenters.display reads QueueConsole.now_serving() in the background).
Its timer asks for a fresh list every few seconds.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.kit.lifetime import owned_timer
from ui.kit.widgets import label, stylesheet, verbatim
from ui.officer.pages.parts import officer_stylesheet

ROWS = 5
REFRESH_MS = 3000


class NowServingWindow(QWidget):
    """Big rows of 'A-007 -> counter 2', the latest call on top."""

    refresh_due = Signal()           # the timer: time to read the calls again

    def __init__(self, *, timer: QTimer | None = None) -> None:
        super().__init__()
        self.setObjectName("nowServing")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(stylesheet() + officer_stylesheet())
        self.stopped = False
        # A screen for people in the queue, never for typing: it must not take the focus
        # (and with it Ctrl+Q, a hardware keyboard or a scanner) from the kiosk window.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        # A window the size of its screen: the layout must not push size hints to it.
        box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.title = label("displayTitle", name="display:title")
        box.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(0)
        grid.setVerticalSpacing(8)
        self.head_code = label("subtitle", name="display:headCode")
        self.head_counter = label("subtitle", name="display:headCounter")
        grid.addWidget(self.head_code, 0, 0)
        grid.addWidget(self.head_counter, 0, 1)
        self.rows = []
        for index in range(ROWS):
            role = "displayLatest" if index == 0 else "displayCode"   # the newest call
            code = verbatim(label(role, name=f"display:code:{index}", wrap=False))
            counter = verbatim(label(role, name=f"display:counter:{index}", wrap=False))
            grid.addWidget(code, index + 1, 0)
            grid.addWidget(counter, index + 1, 1)
            self.rows.append((code, counter))
        box.addLayout(grid)
        box.addStretch(1)
        self.timer = owned_timer(self, timer)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh_due.emit)
        self.timer.start()

    def stop(self) -> None:
        """No more reading: the kiosk is closing (a late answer is then ignored)."""
        self.stopped = True
        self.timer.stop()

    def show_calls(self, t: Translator, calls: Sequence[tuple[str, str]]) -> None:
        """Show up to ROWS (code, counter) pairs, the latest call first; nothing once
        stopped."""
        if self.stopped:
            return
        self.title.setText(t("Now serving"))
        self.head_code.setText(t("Number"))
        self.head_counter.setText(t("Counter"))
        for index, (code, counter) in enumerate(self.rows):
            call = calls[index] if index < len(calls) else None
            code.setText(call[0] if call else "")
            counter.setText(call[1] if call else "")
