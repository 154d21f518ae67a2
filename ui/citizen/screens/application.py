"""The passport application form (pages from kiosk.citizen.pages), with the fee as chosen."""

from __future__ import annotations

from kiosk.citizen.flow import Step
from kiosk.citizen.pages import application_variants
from ui.citizen.screens.base import View
from ui.citizen.screens.form import FormScreen
from ui.kit.widgets import label


class ApplicationScreen(FormScreen):
    step = Step.APPLICATION

    def __init__(self) -> None:
        super().__init__()
        # Under the choices, in sight above Next whatever the size: the fee as chosen.
        self.fee = label("figure", name="fee")
        self.fee.hide()
        self.pinned.addWidget(self.fee)

    def all_pages(self) -> list:
        """Every page an application can show (LOST and DAMAGED, adult and child)."""
        return application_variants()

    def refresh_extra(self, view: View) -> None:
        t, state = view.t, view.state
        page = state.page
        name = page.name if page else ""
        fee = state.fee if name == "a_passport" else None
        self.fee.setVisible(fee is not None)
        if fee is not None:
            self.fee.setText(t("Fee: {amount}", amount=t.money(fee.total)))
        first = name == "a_who" and state.value("child") == ""
        self.note.setVisible(first)
        self.note.setText(t("Have your e-KTP and family card (KK) at hand.") if first else "")
