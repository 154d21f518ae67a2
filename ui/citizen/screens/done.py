"""Done: the ticket code large, people ahead, estimated wait, and where the slip is."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.citizen.flow import Step
from ui.citizen.screens.base import Screen, View
from ui.kit.fit import Fit
from ui.kit.widgets import label, verbatim


class DoneScreen(Screen):
    step = Step.DONE

    def __init__(self) -> None:
        super().__init__()
        self.caption = label("subtitle")
        self.code = verbatim(label("figure", name="ticketCode", wrap=False))
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service = label("subtitle")
        self.service.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ahead = label("figure", name="done:ahead")
        self.wait = label("figure", name="done:wait")
        self.priority = label("body", name="done:priority")
        self.extra = label("body", name="done:extra")
        self.slip = label("slip", name="done:slip")
        for part in (self.ahead, self.wait, self.priority):
            part.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The number and its service; beside it (wide) or under it (tall) the rest.
        host = QWidget()
        self.grid = QGridLayout(host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(40)
        self.columns = []
        self.short = False
        for parts in ((self.caption, self.code, self.service),
                      (self.ahead, self.wait, self.priority, self.slip, self.extra)):
            column = QWidget()
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(12)
            for part in parts:
                box.addWidget(part)
            box.addStretch(1)
            self.columns.append(column)
        self.body.addWidget(host)
        self.body.addStretch(1)
        self.arrange(Fit(1080, 1920))

    def arrange(self, fit: Fit) -> None:
        """Side by side on a short wide panel, one under the other otherwise."""
        super().arrange(fit)
        beside = fit.landscape and fit.compact and fit.content_width >= 1200
        for index, column in enumerate(self.columns):
            self.grid.removeWidget(column)
            self.grid.addWidget(column, *((0, index) if beside else (index, 0)))
        self.grid.setColumnStretch(1, 1 if beside else 0)
        self.short = beside or fit.rail

    def refresh(self, view: View) -> None:
        t, outcome = view.t, view.state.outcome
        if outcome is None:
            return
        receipt = outcome.receipt
        ticket = receipt.ticket
        has_ticket = ticket is not None
        for part in (self.caption, self.code, self.ahead, self.wait):
            part.setVisible(has_ticket)
        # On a short screen the title already says what the number is.
        self.caption.setVisible(has_ticket and not self.short)
        if has_ticket:
            self.title.setText(t("Thank you. Here is your number"))
            self.caption.setText(t("Your queue number"))
            self.code.setText(ticket.code)
            if receipt.people_ahead:
                self.ahead.setText(t("People ahead of you: {n}", n=receipt.people_ahead))
                self.wait.setText(t("Estimated wait: {wait}",
                                    wait=t.minutes(receipt.wait_minutes)))
            else:
                self.ahead.setText(t("Nobody is ahead of you."))
                self.wait.setText(t("Please stay near the counter: you are called next."))
            name = view.catalogue.service(ticket.service).name
            self.service.setText(t(name))
        else:
            self.title.setText(t("Thank you"))
            self.service.setText(t(view.catalogue.service(receipt.record.payload.get(
                "service", "INFO")).name) if receipt.record.payload.get("service") else "")
        self.priority.setVisible(has_ticket and bool(ticket.priority))
        self.priority.setText(t("You will be called first (priority service).")
                              if has_ticket and ticket.priority else "")
        self.extra.setText(self._extra(view))
        self.extra.setVisible(bool(self.extra.text()))
        self.slip.setText(self._slip(view))

    def _extra(self, view: View) -> str:
        t, receipt = view.t, view.state.outcome.receipt
        if receipt.tracking_number:
            return t("Complaint tracking number: {number}. The office answers by {date}.",
                     number=receipt.tracking_number, date=t.date(receipt.answer_due))
        if receipt.pickup_date:
            return t("Passport ready from {date} at {place}.", date=t.date(receipt.pickup_date),
                     place=view.event.pickup_place)
        return ""

    def _slip(self, view: View) -> str:
        t, outcome = view.t, view.state.outcome
        has_ticket = outcome.receipt.ticket is not None
        if outcome.printing:
            return t("Printing your slip\u2026")
        if outcome.printed:
            if has_ticket:
                return t("Please take your slip below and wait until your number is called.")
            if outcome.receipt.record.kind == "referral":
                return t("Please take your referral slip below.")
            return t("Please take your information slip below.")
        if has_ticket:
            return t("Please ask an officer for your slip and show this number.")
        return t("The slip could not be printed. Please ask an officer for your slip.")
