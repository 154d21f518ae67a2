"""The officers' way in: a long press (3 s) on the office name, which no citizen stumbles on.

A press starts a single-shot timer; lifting the finger (or sliding off) before it fires
cancels it. The timer is injectable so tests fire it instead of waiting.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.kit.lifetime import owned_timer

HOLD_MS = 3000
_PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
_LIFT = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel,
         QEvent.Type.Leave, QEvent.Type.Hide)


class LongPress(QObject):
    """Emits `held` when `target` has been pressed for HOLD_MS without lifting."""

    held = Signal()

    def __init__(self, target: QWidget, *, timer: QTimer | None = None,
                 hold_ms: int = HOLD_MS) -> None:
        super().__init__(target)
        self.target = target
        self.timer = owned_timer(self, timer)
        self.timer.setSingleShot(True)
        self.timer.setInterval(hold_ms)
        self.timer.timeout.connect(self._fired)
        target.installEventFilter(self)

    @property
    def pressing(self) -> bool:
        """A finger is down and the timer runs."""
        return self.timer.isActive()

    def _fired(self) -> None:
        self.timer.stop()       # a test may fire it by hand while it is still running
        self.held.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A press starts the timer; lifting, leaving or hiding stops it."""
        if watched is self.target:
            if event.type() in _PRESS:
                self.timer.start()
            elif event.type() in _LIFT:
                self.timer.stop()
        return False
