"""The public display's presenter: reads QueueConsole.now_serving() on a worker when the
display asks, and gives it (code, counter) pairs only: nothing personal can reach it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.booth.build import Booth
from kiosk.i18n import Translator
from kiosk.queue.console import Announcement
from ui.background import Background
from ui.officer.pages.display import ROWS, NowServingWindow


class DisplayPresenter(QObject):
    """Feeds one NowServingWindow; a read is skipped while the helper is busy (a citizen's
    Submit or slip goes first) and an answer after stop() is dropped by the window."""

    def __init__(self, window: NowServingWindow, *, booth: Booth, background: Background,
                 translator: Callable[[], Translator]) -> None:
        super().__init__(window)
        self.window, self.booth, self.background = window, booth, background
        self.translator = translator
        window.refresh_due.connect(self.refresh)

    def refresh(self) -> None:
        """Read the latest calls in the background, unless other work is on its way."""
        if self.background.busy:
            return
        booth = self.booth
        self.background.run(lambda: booth.queue().now_serving(ROWS),
                            on_result=self._show, on_error=lambda _exc: None,
                            owner=self.window)

    def _show(self, calls: list[Announcement]) -> None:
        self.window.show_calls(self.translator(), [(c.code, c.counter) for c in calls])
