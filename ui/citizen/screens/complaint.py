"""The complaint form: category, unit and date, what happened, identity mode, contact."""

from __future__ import annotations

from kiosk.citizen.flow import Step
from kiosk.citizen.pages import complaint_pages
from ui.citizen.screens.base import View
from ui.citizen.screens.form import FormScreen


class ComplaintScreen(FormScreen):
    step = Step.COMPLAINT

    def all_pages(self) -> list:
        return complaint_pages("identified")

    def refresh_extra(self, view: View) -> None:
        page = view.state.page
        show = page is not None and page.name == "c_contact"
        self.note.setVisible(show)
        days = view.event.complaint_answer_working_days
        self.note.setText(view.t.ngettext(
            "You get a tracking number on your slip. The office answers within {days} "
            "working day.", "You get a tracking number on your slip. The office answers "
            "within {days} working days.", days, days=days) if show else "")
