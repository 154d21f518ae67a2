"""Privacy notice and consent: what is collected, why, how long, who sees it, in plain words."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.citizen.flow import Path, Step
from kiosk.i18n import N_, Translator
from ui.citizen.screens.base import Screen, View
from ui.kit.fit import Fit
from ui.kit.widgets import label

SECTIONS = (
    (N_("What we ask"),
     N_("Your name, NIK, place and date of birth, sex and mobile number; an e-mail address "
        "if you like. For a child, also a parent's name, NIK and number.")),
    (N_("Why"),
     N_("To register your request, to call your queue number and to answer you. "
        "Nothing else.")),
    (N_("How long"), ""),      # a count of days: kept_for() below
    (N_("Who sees it"),
     N_("Only the immigration officers who handle your request. Public screens show your "
        "queue number only; your slip shows only part of your NIK.")),
    (N_("Your rights"),
     N_("Under the Personal Data Protection Law (UU 27/2022) you may ask the office to "
        "show, correct or delete your data.")),
)
COMPLAINT_WHAT = N_("What happened, when and where, and your name and contact unless you "
                    "choose to stay anonymous.")


def kept_for(t: Translator, days: int) -> str:
    """How long the kiosk keeps personal data (retention.personal_data_days)."""
    return t.ngettext("It stays on this kiosk until it reaches the immigration office, and is "
                      "deleted from the kiosk {days} day after that.",
                      "It stays on this kiosk until it reaches the immigration office, and is "
                      "deleted from the kiosk {days} days after that.", days, days=days)


class ConsentScreen(Screen):
    step = Step.CONSENT

    def __init__(self) -> None:
        super().__init__()
        self.intro = label("body")
        self.body.addWidget(self.intro)
        host = QWidget()
        self.grid = QGridLayout(host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(40)
        self.grid.setVerticalSpacing(12)
        self.parts = []
        self.sections: list[QWidget] = []
        for _ in SECTIONS:
            section = QWidget()
            box = QVBoxLayout(section)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            heading, text = label("subtitle"), label("body")
            box.addWidget(heading)
            box.addWidget(text)
            self.parts.append((heading, text))
            self.sections.append(section)
        self.body.addWidget(host)
        self.question = label("subtitle")
        self.body.addWidget(self.question)
        self.body.addStretch(1)
        self.arrange(Fit(1080, 1920))

    def arrange(self, fit: Fit) -> None:
        """The five parts in two columns on a wide screen, one under another otherwise."""
        super().arrange(fit)
        columns = 2 if fit.content_width >= 1200 else 1
        for index, section in enumerate(self.sections):
            self.grid.removeWidget(section)
            self.grid.addWidget(section, index // columns, index % columns)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def refresh(self, view: View) -> None:
        t = view.t
        self.title.setText(t("Your personal data"))
        self.intro.setText(t("Before we ask anything about you, here is what happens to it."))
        complaint = view.state.path == Path.COMPLAINT
        for (heading, text), (title, body) in zip(self.parts, SECTIONS, strict=True):
            heading.setText(t(title))
            if complaint and title == SECTIONS[0][0]:
                text.setText(t(COMPLAINT_WHAT))
            else:
                text.setText(t(body) if body else kept_for(t, view.retention_days))
        self.question.setText(t("Do you agree? If not, you can still see what to bring "
                                "and what it costs."))
