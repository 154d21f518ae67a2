"""Referral: a service the event does not serve on site; where to go, what to bring, why."""

from __future__ import annotations

from kiosk.citizen import guidance
from kiosk.citizen.flow import Step
from ui.citizen.screens.base import Screen, View
from ui.citizen.screens.information import documents_text
from ui.kit.widgets import label, verbatim


class ReferralScreen(Screen):
    step = Step.REFERRAL

    def __init__(self) -> None:
        super().__init__()
        self.why = label("body", name="referral:why")
        self.where_title = label("subtitle")
        self.where = verbatim(label("body", name="referral:where"))
        self.docs_title = label("subtitle")
        self.docs = label("body", name="referral:documents")
        self.offer = label("notice", name="referral:offer")
        for part in (self.why, self.where_title, self.where, self.docs_title, self.docs,
                     self.offer):
            self.body.addWidget(part)
        self.body.addStretch(1)

    def refresh(self, view: View) -> None:
        t, service = view.t, view.state.service
        name = t(view.catalogue.service(service).name)
        self.title.setText(t("{service}: please go to the office", service=name))
        self.why.setText("\n".join(guidance.referral_reasons(
            t, service, on_site=view.state.is_on_site(service))))
        self.where_title.setText(t(guidance.PLEASE_GO_TO))
        self.where.setText(view.event.pickup_place)
        self.docs_title.setText(t(guidance.WHAT_TO_BRING))
        self.docs.setText(documents_text(view, service, child=False))
        self.offer.setText(t("Tap the button to print this as a referral slip."))
