"""The police step: a lost passport needs a police report first; explained, with a slip."""

from __future__ import annotations

from kiosk.citizen.flow import Step
from ui.citizen.screens.base import Screen, View
from ui.citizen.screens.information import documents_text
from ui.kit.widgets import label


class PoliceStepScreen(Screen):
    step = Step.POLICE

    def __init__(self) -> None:
        super().__init__()
        self.steps = [label("body", name=f"police:step{n}") for n in (1, 2, 3)]
        for part in self.steps:
            self.body.addWidget(part)
        self.docs_title = label("subtitle")
        self.docs = label("body", name="police:documents")
        self.offer = label("notice", name="police:offer")
        for part in (self.docs_title, self.docs, self.offer):
            self.body.addWidget(part)
        self.body.addStretch(1)

    def refresh(self, view: View) -> None:
        t = view.t
        self.title.setText(t("First report the loss to the police"))
        texts = (
            t("1. Go to the nearest police station (Polsek or Polres) and report the lost "
              "passport."),
            t("2. The police give you a letter: surat keterangan hilang."),
            t("3. Come back with that letter and the documents below. An officer will ask how "
              "the passport was lost (BAP)."),
        )
        for part, text in zip(self.steps, texts, strict=True):
            part.setText(text)
        self.docs_title.setText(t("What to bring"))
        self.docs.setText(documents_text(view, "LOST", child=False))
        self.offer.setText(t("Nothing about you is recorded. Tap the button to print this "
                             "as an information slip."))
