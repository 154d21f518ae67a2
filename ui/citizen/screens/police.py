"""The police step: a lost passport needs a police report first; explained, with a slip."""

from __future__ import annotations

from kiosk.citizen import guidance
from kiosk.citizen.flow import Step
from ui.citizen.screens.base import Screen, View
from ui.citizen.screens.information import documents_text
from ui.kit.widgets import label


class PoliceStepScreen(Screen):
    step = Step.POLICE

    def __init__(self) -> None:
        super().__init__()
        self.steps = [label("body", name=f"police:step{n}")
                      for n in range(1, len(guidance.POLICE_STEPS) + 1)]
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
        self.title.setText(t(guidance.POLICE_TITLE))
        for part, text in zip(self.steps, guidance.police_steps(t), strict=True):
            part.setText(text)
        self.docs_title.setText(t(guidance.WHAT_TO_BRING))
        self.docs.setText(documents_text(view, "LOST", child=False))
        self.offer.setText(t("Nothing about you is recorded. Tap the button to print this "
                             "as an information slip."))
