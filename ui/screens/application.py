"""The passport application form (pages from kiosk.formpages), with the fee as chosen."""

from __future__ import annotations

from PySide6.QtCore import Signal

from kiosk.flow import Step
from ui.screens.base import View
from ui.screens.form import FormScreen
from ui.widgets import button, label


class ApplicationScreen(FormScreen):
    step = Step.APPLICATION
    no_police_report = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.fee = label("figure", name="fee")
        self.fee.hide()
        self.extra.addWidget(self.fee)
        self.no_report = button("secondary", name="police:none")
        self.no_report.clicked.connect(self.no_police_report.emit)
        self.no_report.hide()
        self.extra.addWidget(self.no_report)

    def refresh_extra(self, view: View) -> None:
        t, flow = view.t, view.flow
        page = flow.page()
        name = page.name if page else ""
        fee = flow.fee() if name == "a_passport" else None
        self.fee.setVisible(fee is not None)
        if fee is not None:
            self.fee.setText(t("Fee: {amount}", amount=t.money(fee.total)))
        self.no_report.setVisible(name == "a_police")
        self.no_report.setText(t("I have no police report"))
        first = name == "a_who" and view.flow.value("child") == ""
        self.note.setVisible(first)
        self.note.setText(t("Have your e-KTP and family card (KK) at hand.") if first else "")
