"""Welcome: the event and office, the language, and three big choices."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.citizen.flow import Path, Step
from kiosk.i18n import LANGUAGES, N_
from ui.citizen.screens.base import Screen, View
from ui.kit.fit import Fit
from ui.kit.widgets import TileButton, label, verbatim

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
PATHS = (
    (Path.SERVICE, N_("Passport service"),
     N_("New passport, renewal, lost or damaged passport")),
    (Path.COMPLAINT, N_("Complaint"), N_("Tell us about a problem with a service")),
    (Path.INFO, N_("Information"), N_("What to bring and what it costs")),
    (Path.CHECK, N_("Check a complaint"),
     N_("The status of a complaint you filed, by its tracking number")),
)


class WelcomeScreen(Screen):
    step = Step.WELCOME
    path_chosen = Signal(str)
    language_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.event_line = label("subtitle")
        self.venue_line = label("body")
        self.language_prompt = label("body")
        verbatim(self.event_line)
        self.body.addWidget(self.event_line)
        self.body.addWidget(self.venue_line)
        self.body.addWidget(self.language_prompt)
        languages = QWidget()
        row = QGridLayout(languages)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.language_tiles: dict[str, TileButton] = {}
        for index, code in enumerate(LANGUAGES):
            tile = TileButton(name=f"language:{code}", checkable=True)
            tile.set_texts(LANGUAGE_NAMES[code])
            verbatim(tile.title)
            tile.title.setProperty("keep", True)
            tile.clicked.connect(lambda _=False, c=code: self.language_chosen.emit(c))
            row.addWidget(tile, 0, index)
            self.language_tiles[code] = tile
        self.body.addWidget(languages)
        self.choose_prompt = label("subtitle")
        self.body.addWidget(self.choose_prompt)
        paths = QWidget()
        self.paths = QGridLayout(paths)
        self.paths.setContentsMargins(0, 0, 0, 0)
        self.paths.setSpacing(16)
        self.path_tiles: dict[str, TileButton] = {}
        for path, _title, _detail in PATHS:
            tile = TileButton(name=f"path:{path}")
            tile.clicked.connect(lambda _=False, p=path: self.path_chosen.emit(str(p)))
            self.path_tiles[path] = tile
        self.body.addWidget(paths)
        self.body.addStretch(1)
        self.arrange(Fit(1080, 1920))

    def arrange(self, fit: Fit) -> None:
        """The three choices side by side on a wide screen, one under another on a tall one."""
        super().arrange(fit)
        for index, tile in enumerate(self.path_tiles.values()):
            self.paths.removeWidget(tile)
            self.paths.addWidget(tile, *((0, index) if fit.landscape else (index, 0)))

    def refresh(self, view: View) -> None:
        t = view.t
        self.title.setText(t("Welcome"))
        self.event_line.setText(f"{view.event.name} \u00b7 {view.event.office}")
        self.venue_line.setText(f"{view.event.venue} \u00b7 {t.date(view.today)}")
        self.language_prompt.setText(t("Choose your language"))
        self.choose_prompt.setText(t("What do you need today?"))
        for code, tile in self.language_tiles.items():
            tile.setChecked(code == view.state.language)
        for path, title, detail in PATHS:
            self.path_tiles[path].set_texts(t(title), t(detail))
