"""Taps the real kiosk window like a citizen: finds visible widgets by name and clicks them.

Used by the UI tests and by `kiosk simulate`. It refuses to tap what a citizen could not
tap (hidden or disabled widgets), scrolls a widget into view first as a finger would,
and types only with the on-screen keyboard keys.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QScrollArea, QWidget

from ui.citizen.window import KioskWindow
from ui.kit.keyboard import BACKSPACE


class NotTappable(AssertionError):
    """The widget is not there for a citizen (missing, hidden or disabled)."""


def tap_point(widget: QWidget) -> QPoint:
    """Where a finger lands: the centre; in a one-line field, near its right end."""
    rect = widget.rect()
    if isinstance(widget, QLineEdit):
        return QPoint(max(rect.width() - 24, 1), rect.center().y())
    return rect.center()


def pump() -> None:
    """What returning to the event loop does: posted events, then deferred deletions.

    Without a running exec() (tests, `kiosk simulate`), processEvents() alone never
    deletes what deleteLater() let go, and the rehearsal would grow without bound.
    """
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def settle_layouts() -> None:
    """Let every pending layout run, as the screen has before a finger lands: a change of
    page or keyboard re-lays the window level by level, one posted request each."""
    for _ in range(4):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _click(widget: QWidget) -> None:
    """Press and release where the finger lands, delivered to the window as the touch
    screen delivers it: Qt finds the widget under the point, as for a real finger."""
    window = widget.window()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, widget.mapTo(window, tap_point(widget)))


class TouchDriver:
    def __init__(self, window: KioskWindow, *, click: Callable[[QWidget], None] = _click,
                 background=None) -> None:
        self.window, self.click, self.background = window, click, background
        self.taps = 0

    # -- finding ----------------------------------------------------------------------------
    def find(self, name: str, *, root: QWidget | None = None) -> QWidget:
        roots = [root] if root is not None else self._roots()
        for where in roots:
            for widget in where.findChildren(QWidget, name):
                if widget.isVisible():
                    return widget
        raise NotTappable(f"no visible widget named {name!r}")

    def _roots(self) -> list[QWidget]:
        w = self.window
        if w.still_there.isVisible():
            return [w.still_there]
        return [w.current(), w.keyboard, w.footer, w.header]

    def exists(self, name: str) -> bool:
        try:
            self.find(name)
        except NotTappable:
            return False
        return True

    # -- tapping ----------------------------------------------------------------------------
    def tap(self, target: QWidget | str) -> None:
        widget = self.find(target) if isinstance(target, str) else target
        if not widget.isVisible() or not widget.isEnabled():
            raise NotTappable(f"{widget.objectName()!r} is hidden or disabled")
        settle_layouts()
        self._into_view(widget)
        self._uncovered(widget)
        self.click(widget)
        self.taps += 1
        pump()

    def _into_view(self, widget: QWidget) -> None:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget, 10, 10)
                return
            parent = parent.parentWidget()

    @staticmethod
    def _uncovered(widget: QWidget) -> None:
        """A finger on this widget's tap point would touch this widget, not another."""
        window = widget.window()
        under = window.childAt(widget.mapTo(window, tap_point(widget)))
        if under is not widget and not widget.isAncestorOf(under):
            name = under.objectName() if under is not None else "nothing"
            raise NotTappable(f"{widget.objectName()!r} is covered by {name!r}")

    def primary(self) -> None:
        self.tap("nav:primary")

    def back(self) -> None:
        self.tap("nav:back")

    def switch_language(self) -> None:
        self.tap("langButton")

    def choose(self, field: str, value: str) -> None:
        self.tap(f"choice:{field}:{value}")

    def editor(self, field: str) -> QLineEdit | QPlainTextEdit:
        return self.find(f"field:{field}")  # type: ignore[return-value]

    def type(self, field: str, text: str) -> None:
        """Tap the field, then tap the on-screen key (and shift) for every character."""
        self.tap(self.editor(field))
        keyboard = self.window.keyboard
        for char in text:
            for key in keyboard.keys_for(char):
                self.tap(key)

    def erase(self, field: str) -> None:
        """Tap the field and hold backspace until it is empty: one tap per character typed
        (a separator shown between a number's groups goes with the digit before it)."""
        editor = self.editor(field)
        self.tap(editor)
        text = editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()
        while text:
            self.tap(self.window.keyboard.key(BACKSPACE))
            left = editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()
            if left == text:
                return          # the cursor is at the start: nothing before it to erase
            text = left

    def retype(self, field: str, text: str) -> None:
        self.erase(field)
        self.type(field, text)

    # -- waiting for background work ------------------------------------------------------
    def settle(self, until: Callable[[], bool] | None = None, *, timeout: float = 10.0) -> None:
        """Let queued answers arrive (background jobs) until `until()` holds."""
        deadline = time.monotonic() + timeout
        while True:
            pump()
            busy = self.background is not None and self.background.busy
            if (until() if until is not None else not busy):
                # An answer that just arrived may have added widgets to a shown layout;
                # Qt shows them from a queued call: let that run too.
                pump()
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the kiosk did not settle")
            # Sleep in the event loop until something arrives (a worker's answer, a timer):
            # the UI thread is never blocked by the waiting itself.
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
