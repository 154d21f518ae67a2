"""Service choice: one tile per passport service with one line of plain explanation."""

from __future__ import annotations

from PySide6.QtCore import Signal

from kiosk.citizen.flow import APPLICATION_SERVICES, Step
from ui.citizen.screens.base import Screen, View
from ui.kit.widgets import TileButton


class ServicesScreen(Screen):
    step = Step.SERVICES
    service_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.tiles: dict[str, TileButton] = {}
        for code in APPLICATION_SERVICES:
            tile = TileButton(name=f"service:{code}")
            tile.clicked.connect(lambda _=False, c=code: self.service_chosen.emit(c))
            self.body.addWidget(tile)
            self.tiles[code] = tile
        self.body.addStretch(1)

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
