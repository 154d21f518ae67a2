"""Service choice: one tile per passport service with one line of plain explanation."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.citizen.flow import APPLICATION_SERVICES, Step
from ui.citizen.screens.base import Screen, View
from ui.kit.fit import Fit
from ui.kit.widgets import TileButton


class ServicesScreen(Screen):
    step = Step.SERVICES
    service_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        host = QWidget()
        self.grid = QGridLayout(host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.tiles: dict[str, TileButton] = {}
        for code in APPLICATION_SERVICES:
            tile = TileButton(name=f"service:{code}")
            tile.clicked.connect(lambda _=False, c=code: self.service_chosen.emit(c))
            self.tiles[code] = tile
        self.body.addWidget(host)
        self.body.addStretch(1)
        self.arrange(Fit(1080, 1920))

    def arrange(self, fit: Fit) -> None:
        """Two by two on a wide screen, one under another on a narrower one."""
        super().arrange(fit)
        for index, tile in enumerate(self.tiles.values()):
            self.grid.removeWidget(tile)
            self.grid.addWidget(tile, *((index // 2, index % 2) if fit.content_width >= 1200
                                        else (index, 0)))

    def refresh(self, view: View) -> None:
        t = view.t
        self.title.setText(t("Which passport service do you need?"))
        for code, tile in self.tiles.items():
            service = view.catalogue.service(code)
            detail = t(service.summary)
            if not view.state.is_on_site(code):
                detail += "\n" + t("Not served at this event: you get a referral slip "
                                   "to the office.")
            tile.set_texts(t(service.name), detail)
