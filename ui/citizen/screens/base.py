"""What every citizen screen shares: the view it is shown (values only), a title, a body
that fits the window (and scrolls only where it truly cannot, with a hint that says so), and
a band under it for what must stay in sight above the buttons (a fee, a pick-up date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.citizen.flow import Step
from kiosk.citizen.snapshot import FlowSnapshot
from kiosk.event.catalogue import Catalogue
from kiosk.event.config import EventConfig
from kiosk.event.fees import FeeTable
from kiosk.i18n import N_, Translator
from ui.kit.fit import Fit
from ui.kit.widgets import kinetic, label, scroll_body

MORE_BELOW = N_("\u25bc More below: slide up")


@dataclass(frozen=True)
class View:
    """Everything a screen may show, as values: a snapshot of the flow's state (never the
    flow itself, so a screen cannot change it) and the event's facts, in a language."""

    t: Translator
    state: FlowSnapshot
    catalogue: Catalogue
    event: EventConfig
    today: dt.date
    retention_days: int
    pickup_date: dt.date | None = None     # an application submitted now: ready from
    fees: FeeTable | None = None           # the information screen's fee table, today


class Screen(QWidget):
    """A view of one step. Subclasses build widgets once and fill them in refresh()."""

    step: Step

    def __init__(self, *, scrolling: bool = True) -> None:
        super().__init__()
        self.setObjectName("screen")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The title stays in view while the body scrolls: the citizen always sees the question.
        self.title = label("title")
        self.title.setContentsMargins(48, 18, 48, 6)
        outer.addWidget(self.title)
        self.area: QScrollArea | None = None
        self.follow: QWidget | None = None        # kept in view as the body's room changes
        if scrolling:
            self.area = kinetic(QScrollArea(), bar=False)
            outer.addWidget(self.area, 1)
            host = scroll_body(self.area)
            bar = self.area.verticalScrollBar()
            bar.rangeChanged.connect(lambda _low, _high: self._room_changed())
            bar.valueChanged.connect(lambda _value: self._show_more())
        else:
            host = QWidget()
            host.setObjectName("scrollBody")
            outer.addWidget(host, 1)
        self.body = QVBoxLayout(host)
        self.body.setContentsMargins(48, 10, 48, 24)
        self.body.setSpacing(16)
        # Shown only when the body is taller than its room: there is more below.
        self.more = label("moreHint", name="moreHint")
        self.more.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.more.setProperty("keep", True)
        self.more.hide()
        self._more_text = ""
        outer.addWidget(self.more)
        # What must stay in sight above the primary action, whatever the body holds.
        self.pinned = QVBoxLayout()
        self.pinned.setContentsMargins(48, 4, 48, 8)
        self.pinned.setSpacing(4)
        outer.addLayout(self.pinned)

    def refresh(self, view: View) -> None:
        """Show `view` (subclasses fill their widgets from its values)."""
        raise NotImplementedError

    def retranslate(self, t: Translator) -> None:
        """The screen's own words outside refresh(): the 'more below' hint."""
        self._more_text = t(MORE_BELOW)
        if self.area is not None:
            self._show_more()

    def clear(self) -> None:
        """Forget what was shown (idle reset): no previous citizen's text may remain."""
        for child in self.findChildren(QLabel):
            if child.property("keep") is not True:
                child.clear()
        self.follow = None
        if self.area is not None:
            self.area.verticalScrollBar().setValue(0)

    def preferred_input(self) -> QWidget | None:
        """The input the keyboard should type into when this screen opens (None: no keyboard)."""
        return None

    def arrange(self, fit: Fit) -> None:
        """Lay the screen out for the window's size: margins here, the body's parts in
        subclasses (columns on a wide screen, say)."""
        side = 16 if fit.compact else 48
        self.title.setContentsMargins(side, 6 if fit.compact else 18, side, 2 if fit.compact
                                      else 6)
        self.body.setContentsMargins(side, 4 if fit.compact else 10, side,
                                     6 if fit.compact else 24)
        self.body.setSpacing(8 if fit.compact else 16)
        # With the buttons in a column its last line ends where the primary action does.
        self.pinned.setContentsMargins(side, 2 if fit.compact else 4, side,
                                       12 if fit.rail else 4 if fit.compact else 8)

    def scroll_to(self, widget: QWidget) -> None:
        """Bring a field (its label included) into view; a tall one from its top. It stays
        the one kept in view when the room changes (the keyboard comes or goes)."""
        self.follow = widget
        if self.area is None:
            return
        viewport = self.area.viewport().height()
        if widget.height() + 20 > viewport:
            top = widget.mapTo(self.area.widget(), widget.rect().topLeft()).y()
            self.area.verticalScrollBar().setValue(max(0, top - 10))
        else:
            self.area.ensureWidgetVisible(widget, 20, 20)

    def _room_changed(self) -> None:
        if self.follow is not None and self.follow.isVisible() \
                and self.isAncestorOf(self.follow):
            self.scroll_to(self.follow)
        self._show_more()

    def _show_more(self) -> None:
        """The hint takes its line while the body can scroll, and says so while there is
        more below (at the end the line stays, empty, so nothing jumps)."""
        bar = self.area.verticalScrollBar()
        can_scroll = bar.maximum() > 0
        if can_scroll == self.more.isHidden():     # (isVisible is False off screen too)
            self.more.setVisible(can_scroll)
        self.more.setText(self._more_text if bar.value() < bar.maximum() else "")
