"""Cek pengaduan: the tracking number and the last four phone digits, then the complaint's
status (and its dates, for the complainant) in a card under the fields."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout

from kiosk.citizen.complaint_check import CHECK_PAGES, STATUS_TEXT, date_lines
from kiosk.citizen.flow import Step
from ui.citizen.screens.base import View
from ui.citizen.screens.form import FormScreen
from ui.kit.widgets import label, verbatim


class CheckScreen(FormScreen):
    step = Step.CHECK

    def __init__(self) -> None:
        super().__init__()
        self.card = QFrame()
        self.card.setObjectName("resultCard")
        box = QVBoxLayout(self.card)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        self.number = verbatim(label("subtitle", name="check:number"))
        self.status = label("figure", name="check:status")
        self.dates = label("body", name="check:dates")
        self.only = label("notice", name="check:only")
        for part in (self.number, self.status, self.dates, self.only):
            box.addWidget(part)
        self.card.hide()
        self.extra.addWidget(self.card)
        # Typing another number or other digits: the old answer goes at once.
        self.value_edited.connect(lambda *_: self.card.hide())

    def all_pages(self) -> list:
        return list(CHECK_PAGES)

    def refresh_extra(self, view: View) -> None:
        t, answer = view.t, view.state.check
        first = view.state.page is not None and view.state.page.name == "k_check"
        self.note.setVisible(answer is None and first)
        self.note.setText(t("The tracking number is on the slip you took when you filed "
                            "the complaint. Only the status is shown for an anonymous "
                            "complaint."))
        if answer is None or not answer.shown:
            self.card.hide()
            return
        self.number.setText(answer.tracking_number)
        self.status.setText(t(STATUS_TEXT[answer.status]) if answer.status in STATUS_TEXT
                            else "")
        lines = date_lines(t, answer)
        self.dates.setText("\n".join(lines))
        self.dates.setVisible(bool(lines))
        self.only.setVisible(answer.outcome == "status_only")
        self.only.setText(t("Only the status is shown for this complaint. The office answers "
                            "the complainant by the contact given with it."))
        self.card.show()
        self.scroll_to(self.card)

    def preferred_input(self):
        """No keyboard over an answer (a tap on the field brings it back)."""
        return None if self.card.isVisibleTo(self) else super().preferred_input()

    def clear(self) -> None:
        self.card.hide()
        super().clear()

