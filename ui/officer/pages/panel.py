"""The officer panel: covers the whole kiosk window while an officer works. A header (who is
signed in, language, log out), big section buttons on the left, one page at a time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.i18n import N_, Translator
from ui.kit.widgets import button, label, verbatim
from ui.officer.pages.day import DataPage, ExportPage, ReportPage
from ui.officer.pages.officers import OfficersPage
from ui.officer.pages.parts import OfficerPage, officer_stylesheet
from ui.officer.pages.queue import QueuePage
from ui.officer.pages.setup import SetupPage
from ui.officer.pages.slip import SlipPage
from ui.officer.pages.sync import SyncPage

SECTIONS = (("queue", N_("Queue")), ("slip", N_("Slip check")), ("report", N_("Day report")),
            ("export", N_("Day export")), ("sync", N_("Sync")), ("data", N_("Personal data")),
            ("officers", N_("Officers")))


class OfficerPanel(QWidget):
    """The whole-window officer panel: header, section buttons, one page at a time."""

    section_chosen = Signal(str)
    logout_requested = Signal()
    exit_requested = Signal()
    language_toggled = Signal()

    def __init__(self, parent: QWidget, *, reports_folder: Path) -> None:
        super().__init__(parent)
        self.setObjectName("officerPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(officer_stylesheet())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.header = QWidget()
        self.header.setObjectName("officerHeader")
        self.header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        top = QHBoxLayout(self.header)
        top.setContentsMargins(28, 8, 20, 8)
        top.setSpacing(16)
        self.who = verbatim(label("", name="officer:who", wrap=False))
        self.language = button("", name="officer:language")
        self.language.setObjectName("officer:language")
        self.language.clicked.connect(self.language_toggled.emit)
        self.logout = button("", name="officer:logout")
        self.logout.clicked.connect(self.logout_requested.emit)
        top.addWidget(self.who, 1)
        top.addWidget(self.language)
        top.addWidget(self.logout)
        outer.addWidget(self.header)

        middle = QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.setSpacing(0)
        outer.addLayout(middle, 1)
        self.nav = QWidget()
        self.nav.setObjectName("officerNav")
        self.nav.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        nav = QVBoxLayout(self.nav)
        nav.setContentsMargins(16, 20, 16, 20)
        nav.setSpacing(12)
        self.section_buttons = {}
        for key, _text in SECTIONS:
            choice = button("nav", name=f"officer:section:{key}")
            choice.setCheckable(True)
            choice.clicked.connect(lambda _=False, k=key: self.section_chosen.emit(k))
            nav.addWidget(choice)
            self.section_buttons[key] = choice
        nav.addStretch(1)
        self.exit = button("danger", name="officer:exit")
        self.exit.clicked.connect(self.exit_requested.emit)
        nav.addWidget(self.exit)
        middle.addWidget(self.nav)

        self.stack = QStackedWidget()
        self.pages: dict[str, OfficerPage] = {
            "queue": QueuePage(), "slip": SlipPage(), "report": ReportPage(reports_folder),
            "export": ExportPage(reports_folder), "sync": SyncPage(), "data": DataPage(),
            "officers": OfficersPage(), "setup": SetupPage(),
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        middle.addWidget(self.stack, 1)
        self.hide()

    # typed accessors for the controller
    @property
    def queue(self) -> QueuePage:
        """The queue console page."""
        return self.pages["queue"]  # type: ignore[return-value]

    @property
    def slip(self) -> SlipPage:
        """The slip check page."""
        return self.pages["slip"]  # type: ignore[return-value]

    @property
    def report(self) -> ReportPage:
        """The day report page."""
        return self.pages["report"]  # type: ignore[return-value]

    @property
    def export(self) -> ExportPage:
        """The day export page."""
        return self.pages["export"]  # type: ignore[return-value]

    @property
    def sync(self) -> SyncPage:
        """The sync page."""
        return self.pages["sync"]  # type: ignore[return-value]

    @property
    def data(self) -> DataPage:
        """The personal data page."""
        return self.pages["data"]  # type: ignore[return-value]

    @property
    def officers(self) -> OfficersPage:
        """The officers page."""
        return self.pages["officers"]  # type: ignore[return-value]

    @property
    def setup(self) -> SetupPage:
        """The first-run set-up page."""
        return self.pages["setup"]  # type: ignore[return-value]

    def cover(self) -> None:
        """Cover the whole kiosk window, on top."""
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def current(self) -> str:
        """The key of the page shown ("" for none)."""
        for key, page in self.pages.items():
            if page is self.stack.currentWidget():
                return key
        return ""

    def show_section(self, key: str) -> None:
        """Show one page; its section button checked, the section buttons hidden at set-up."""
        self.stack.setCurrentWidget(self.pages[key])
        for name, choice in self.section_buttons.items():
            choice.setChecked(name == key)
        self.nav.setVisible(key != "setup")

    def retranslate(self, t: Translator, *, who: str, language_text: str) -> None:
        """Header, section buttons and every page in the officer's language."""
        self.who.setText(who)
        self.language.setText(language_text)
        self.logout.setText(t("Log out"))
        self.logout.setVisible(self.current() != "setup")
        for key, text in SECTIONS:
            self.section_buttons[key].setText(t(text))
        self.exit.setText(t("Close the kiosk"))
        for page in self.pages.values():
            page.retranslate(t)
