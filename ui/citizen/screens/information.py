"""Information: documents and fees per service, and an information slip; no personal data."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.citizen import guidance
from kiosk.citizen.flow import APPLICATION_SERVICES, Step
from kiosk.event.fees import ServiceFees
from kiosk.i18n import Translator
from ui.citizen.screens.base import Screen, View
from ui.kit.fit import Fit
from ui.kit.widgets import TileButton, label


def documents_text(view: View, service: str, *, child: bool) -> str:
    """The documents to bring, one bullet a line, in the citizen's language."""
    docs = guidance.documents(view.t, view.catalogue, service, child=child)
    return "\n".join(f"\u2022 {doc}" for doc in docs)


def fees_text(t: Translator, fees: ServiceFees) -> str:
    """The core's fee lines (kiosk.event.fees) in the slip's words (kiosk.citizen.guidance):
    one line per kind and validity, then the surcharge, if any."""
    lines = [f"{label}: {amount}" for label, amount in guidance.fee_rows(t, fees)]
    if note := guidance.surcharge_note(t, fees):
        lines.append(note)
    return "\n".join(lines)


class InformationScreen(Screen):
    """What to bring and what it costs, per service, for an adult or a child."""

    step = Step.INFORMATION
    info_chosen = Signal(str, bool)     # service, child

    def __init__(self) -> None:
        super().__init__()
        self.refused = label("notice", name="info:refused")
        self.body.addWidget(self.refused)
        grid_host = QWidget()
        self.grid = QGridLayout(grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(12)
        self.service_tiles: dict[str, TileButton] = {}
        for code in APPLICATION_SERVICES:
            tile = TileButton(name=f"info:service:{code}", checkable=True)
            tile.clicked.connect(lambda _=False, c=code: self.info_chosen.emit(c, self._child))
            self.service_tiles[code] = tile
        self.body.addWidget(grid_host)
        who_host = QWidget()
        who = QGridLayout(who_host)
        who.setContentsMargins(0, 0, 0, 0)
        who.setSpacing(12)
        self.adult = TileButton(name="info:adult", checkable=True)
        self.child = TileButton(name="info:child", checkable=True)
        self.adult.clicked.connect(lambda: self.info_chosen.emit(self._service, False))
        self.child.clicked.connect(lambda: self.info_chosen.emit(self._service, True))
        who.addWidget(self.adult, 0, 0)
        who.addWidget(self.child, 0, 1)
        self.body.addWidget(who_host)
        self.where = label("notice", name="info:where")
        self.body.addWidget(self.where)
        self.docs_title = label("subtitle")
        self.docs = label("body", name="info:documents")
        self.fees_title = label("subtitle")
        self.fees = label("body", name="info:fees")
        columns_host = QWidget()
        self.columns = QGridLayout(columns_host)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setHorizontalSpacing(40)
        self.body.addWidget(columns_host)
        self.body.addStretch(1)
        self._service, self._child = "NEW", False
        self.arrange(Fit(1080, 1920))

    def arrange(self, fit: Fit) -> None:
        """Wide: four service tiles in a row, documents and fees side by side."""
        super().arrange(fit)
        landscape = fit.landscape
        per_row = 4 if fit.content_width >= 1200 else 2
        for index, tile in enumerate(self.service_tiles.values()):
            self.grid.addWidget(tile, index // per_row, index % per_row)
        parts = ((self.docs_title, self.docs), (self.fees_title, self.fees))
        for index, (title, text) in enumerate(parts):
            row, col = (0, index) if landscape else (2 * index, 0)
            self.columns.addWidget(title, row, col, Qt.AlignmentFlag.AlignTop)
            self.columns.addWidget(text, row + 1, col, Qt.AlignmentFlag.AlignTop)
        self.columns.setColumnStretch(0, 3 if landscape else 1)
        self.columns.setColumnStretch(1, 2 if landscape else 0)

    def refresh(self, view: View) -> None:
        """Show the chosen service's documents and the core's fee lines."""
        t, state = view.t, view.state
        self._service, self._child = state.info_service, state.info_child
        self.title.setText(t("What to bring and what it costs"))
        self.refused.setVisible(state.consent_refused)
        self.refused.setText(t("You chose not to give personal data. Nothing about you is "
                               "recorded; you can still read what you need."))
        for code, tile in self.service_tiles.items():
            tile.set_texts(t(view.catalogue.service(code).name))
            tile.setChecked(code == self._service)
        self.adult.set_texts(t("Adult"), t("17 or older, or married"))
        self.child.set_texts(t("Child"), t("Under 17"))
        self.adult.setChecked(not self._child)
        self.child.setChecked(self._child)
        self.where.setText("\n".join((
            guidance.where_to_apply(t, on_site=state.is_on_site(self._service),
                                    place=view.event.pickup_place),
            *guidance.service_notes(t, self._service))))
        self.docs_title.setText(t(guidance.WHAT_TO_BRING))
        self.docs.setText(documents_text(view, self._service, child=self._child))
        self.fees_title.setText(t(guidance.FEES, regulation=view.fees.regulation)
                                if view.fees is not None else "")
        self.fees.setText(fees_text(t, view.fees.fees(self._service, child=self._child))
                          if view.fees is not None else "")
