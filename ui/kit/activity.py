"""Someone touched the kiosk: one watcher where input enters the window.

Every touch, click and key for the kiosk window arrives first at its platform window
(the QWindow behind the top-level widget), which then hands it to the widget under the
finger. Watching there sees only input (a tap may count twice: the touch and the mouse
press Qt makes from it); paint, layout, polish and the hundreds of other internal
events of a screen change go straight to the widgets and never call into Python. (An
application-wide event filter did call into Python for every one of them, and each call
had to wait for the interpreter lock while a worker thread rendered a slip: the screen
stalled for tens of milliseconds.)

The QWindow is made when the window is first shown, and Qt may make a new one for the
same window later; the window calls `follow()` each time it is shown.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

INPUT = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                   QEvent.Type.KeyPress, QEvent.Type.Wheel})


class ActivityWatch(QObject):
    """Emits `active` for each press, touch, key or wheel that reaches `window`."""

    active = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.handle: QWindow | None = None
        self.follow()

    def follow(self) -> None:
        """Watch the window's current QWindow (none until it is first shown)."""
        handle = self.window.windowHandle()
        if handle is self.handle:
            return
        if self.handle is not None and shiboken6.isValid(self.handle):
            self.handle.removeEventFilter(self)
        self.handle = handle
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in INPUT:
            self.active.emit()
        return False
