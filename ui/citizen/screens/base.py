"""What every citizen screen shares: the view it is shown (values only), a title, a
scrolling body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.citizen.flow import Step
from kiosk.citizen.snapshot import FlowSnapshot
from kiosk.event.catalogue import Catalogue
from kiosk.event.config import EventConfig
from kiosk.event.fees import FeeTable
from kiosk.i18n import Translator
from ui.kit.widgets import kinetic, label, scroll_body


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
        if scrolling:
            self.area = kinetic(QScrollArea())
            outer.addWidget(self.area)
            host = scroll_body(self.area)
        else:
            host = QWidget()
            host.setObjectName("scrollBody")
            outer.addWidget(host)
        self.body = QVBoxLayout(host)
        self.body.setContentsMargins(48, 10, 48, 24)
        self.body.setSpacing(16)

    def refresh(self, view: View) -> None:
        """Show `view` (subclasses fill their widgets from its values)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget what was shown (idle reset): no previous citizen's text may remain."""
        for child in self.findChildren(QLabel):
            if child.property("keep") is not True:
                child.clear()

    def preferred_input(self) -> QWidget | None:
        """The input the keyboard should type into when this screen opens (None: no keyboard)."""
        return None

    def arrange(self, landscape: bool) -> None:
        """Lay the body out for a wide or a tall screen (most screens need nothing)."""

    def scroll_to(self, widget: QWidget) -> None:
        """Bring a field (its label included) into view; a tall one from its top."""
        if self.area is None:
            return
        viewport = self.area.viewport().height()
        if widget.height() + 20 > viewport:
            top = widget.mapTo(self.area.widget(), widget.rect().topLeft()).y()
            self.area.verticalScrollBar().setValue(max(0, top - 10))
        else:
            self.area.ensureWidgetVisible(widget, 20, 20)
