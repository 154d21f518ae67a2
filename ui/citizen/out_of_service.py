"""Out of service: what a citizen sees when the kiosk cannot save a record (issue 11, item
11), in Bahasa Indonesia and English at once, with what the officer should do.

It covers the screens and the footer, not the header: the office name stays, and holding
it opens the officer's PIN pad, whose kiosk PIN closes the kiosk. The problem is the
core's (kiosk/booth/health.py): its message names the file and what to do. ServiceWatch
checks on a worker, never on the UI thread, and shows the overlay; the controller
(ui/citizen/controller.py) asks it to check when a citizen leaves the welcome screen and
after a failed save, and says which screens it may cover.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt
from PySide6.QtWidgets import QWidget

from kiosk.errors import describe
from kiosk.i18n import N_, Translator
from ui.background import Background
from ui.kit.lifetime import owned_timer
from ui.kit.overlays import Overlay
from ui.kit.widgets import label, verbatim

log = logging.getLogger(__name__)
HEALTH_PROBE_MS = 60_000     # how often the kiosk checks it can still save, idle or not

TITLE = N_("This kiosk cannot take registrations right now")
ASK = N_("Please ask an officer at the counter for help.")
FOR_OFFICER = N_("For the officer")
HOLD = N_("Hold the office name at the top for three seconds to open the PIN pad.")
WARNING = "\u26a0 "       # a mark and words, never colour alone
PANEL_BORDER = 6           # resources/theme.qss, QFrame#overlayPanel
# (margin round the panel, margin inside it, gap between its parts), in px
ROOMY, COMPACT = (40, 44, 20), (12, 12, 8)


class OutOfServiceOverlay(Overlay):
    """Both languages, one above the other: the citizen's words large, the officer's
    (the problem and the way to the PIN pad) below."""

    def __init__(self, window: QWidget, *, below: QWidget) -> None:
        super().__init__(window, "out_of_service")
        self.below = below
        parts = {
            "title:id": "title", "title:en": "subtitle", "ask:id": "body", "ask:en": "body",
            "officer": "fieldLabel", "problem:id": "hint", "problem:en": "hint",
            "hold": "hint",
        }
        self.parts = {key: verbatim(label(role, name=f"outOfService:{key}"))
                      for key, role in parts.items()}
        for key, part in self.parts.items():
            if key.startswith(("title", "ask")):
                part.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.box.addWidget(part)
        self.languages = (Translator("id"), Translator("en"))
        window.installEventFilter(self)

    def show_problem(self, problem: BaseException) -> None:
        """Say that the kiosk is out of service, and why, and cover the screens."""
        ids, en = self.languages
        texts = {
            "title:id": WARNING + ids(TITLE), "title:en": en(TITLE),
            "ask:id": ids(ASK), "ask:en": en(ASK),
            "officer": f"{ids(FOR_OFFICER)} \u00b7 {en(FOR_OFFICER)}",
            "problem:id": describe(problem, ids), "problem:en": describe(problem, en),
            "hold": f"{ids(HOLD)}\n{en(HOLD)}",
        }
        for key, text in texts.items():
            self.parts[key].setText(text)
        self.cover()

    def cover(self) -> None:
        """Cover everything below the header. The panel keeps its airy margins where the
        words fit; on a small screen (1024x600, 600x1024) it goes wider and closer set, and
        where even that is too tall the officer's problem is said in Indonesian only (the
        officer's PIN pad says it again), so every line still shows whole at 24 px."""
        window = self.parentWidget()
        top = self.below.geometry().bottom() + 1
        room = max(window.height() - top, 0)
        for (outer, side, gap), both in ((ROOMY, True), (COMPACT, True), (COMPACT, False)):
            self.parts["problem:en"].setVisible(both)
            if self._lay_out(window.width() - 2 * outer, side, gap) <= room - 2 * gap:
                break
        self.setGeometry(QRect(0, top, window.width(), room))
        self.raise_()
        self.show()

    def _lay_out(self, width: int, side: int, gap: int) -> int:
        """Set the panel `width` px wide, `side` px of margin and `gap` px between parts;
        its height (px) with every shown part as tall as its wrapped text."""
        # A fixed width, so every wrapped line gets the height it needs.
        width = max(min(1400, width), 200)
        self.panel.setMinimumWidth(width)
        self.panel.setMaximumWidth(width)
        self.box.setContentsMargins(side, side, side, side)
        self.box.setSpacing(gap)
        inner = width - 2 * side - 2 * PANEL_BORDER
        shown = [part for part in self.parts.values() if not part.isHidden()]
        height = 2 * side + 2 * PANEL_BORDER + gap * (len(shown) - 1)
        for part in shown:                       # a centred panel does not ask for it
            part.setMinimumHeight(part.heightForWidth(inner))
            height += part.minimumHeight()
        return height

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        """Follow the window's size while shown."""
        if watched is self.parentWidget() and self.isVisible() and \
                event.type() == event.Type.Resize:
            self.cover()
        return False


class ServiceWatch(QObject):
    """Whether the kiosk can save a record, checked on a worker (`check`: Booth.check_health)
    when asked (probe) and every HEALTH_PROBE_MS; while it cannot, the overlay covers the
    screens whenever `may_cover()` allows. A busy database passes by itself and changes
    nothing. Going out of service and back are logged once each, without personal data."""

    def __init__(self, window: QWidget, *, background: Background,
                 check: Callable[[], None], may_cover: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window, self.background = window, background
        self.check, self.may_cover = check, may_cover
        self.problem: BaseException | None = None
        self.probing = False
        self.overlay = OutOfServiceOverlay(window, below=window.header)
        self.timer = owned_timer(self)
        self.timer.setInterval(HEALTH_PROBE_MS)
        self.timer.timeout.connect(self.probe)
        self.timer.start()

    @property
    def in_service(self) -> bool:
        return self.problem is None

    def stop(self) -> None:
        self.timer.stop()

    def probe(self) -> None:
        """Check on a worker that a record can be written (one check at a time)."""
        if self.probing:
            return
        self.probing = True
        self.background.run(self.check, on_result=lambda _none: self.answer(None),
                            on_error=self.answer, owner=self.window)

    def answer(self, problem: BaseException | None) -> None:
        """The outcome of a check, or of the start (None: all well)."""
        from kiosk.records.store import DatabaseBusy  # loaded by then: the worker used it

        self.probing = False
        if isinstance(problem, DatabaseBusy):
            return
        if problem is not None and str(problem) != str(self.problem):
            log.error("kiosk out of service: %s", problem)
        elif problem is None and self.problem is not None:
            log.warning("kiosk back in service")
        self.problem = problem
        self.show()

    def show(self) -> None:
        """The overlay over the screens while out of service (where allowed), else none."""
        if self.problem is not None and self.may_cover():
            self.window.keyboard.attach(None)
            self.overlay.show_problem(self.problem)
        else:
            self.overlay.hide()
