"""Review: everything on one screen, each part with its own Change button, then Submit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.flow import Path, Step
from kiosk.formpages import shown_value
from kiosk.workdays import WorkingDays
from ui.screens.base import Screen, View
from ui.widgets import button, label, verbatim

CAPTION_WIDTH = 330      # one column for every part, so the values line up


class ReviewScreen(Screen):
    step = Step.REVIEW
    edit_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.intro = label("body")
        self.notice = label("error", name="review:notice")
        self.notice.hide()
        self.body.addWidget(self.intro)
        self.body.addWidget(self.notice)
        self.parts_host = QWidget()
        self.parts = QVBoxLayout(self.parts_host)
        self.parts.setContentsMargins(0, 0, 0, 0)
        self.parts.setSpacing(14)
        self.body.addWidget(self.parts_host)
        self.summary = label("figure", name="review:summary")
        self.body.addWidget(self.summary)
        self.body.addStretch(1)

    def refresh(self, view: View) -> None:
        t, flow = view.t, view.flow
        self.title.setText(t("Please check your details"))
        self.intro.setText(t("Tap Change to correct a part. Nothing is sent until you "
                             "tap Submit."))
        self.notice.setVisible(bool(flow.notice))
        self.notice.setText("\u26a0 " + t(flow.notice) if flow.notice else "")
        self._rebuild(view)
        lines = []
        fee = flow.fee()
        if fee is not None:
            lines.append(t("Fee to pay at the counter: {amount}", amount=t.money(fee.total)))
        if flow.path == Path.SERVICE:
            ready = WorkingDays(view.event.closed_days).add(view.today,
                                                            view.event.pickup_working_days)
            lines.append(t("Passport ready from {date}", date=t.date(ready)))
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(bool(lines))

    def _rebuild(self, view: View) -> None:
        t, flow = view.t, view.flow
        self._drop_parts()
        for page in flow.pages():
            part = QWidget()
            part.setObjectName(f"review:part:{page.name}")
            row = QHBoxLayout(part)
            row.setContentsMargins(0, 10, 0, 10)
            left = QVBoxLayout()
            heading = label("subtitle")
            heading.setText(t(page.title))
            left.addWidget(heading)
            grid = QGridLayout()
            grid.setHorizontalSpacing(24)
            for index, spec in enumerate(page.fields):
                caption = label("hint")
                caption.setText(t(spec.label))
                caption.setFixedWidth(CAPTION_WIDTH)
                value = verbatim(label("body", name=f"review:value:{spec.name}"))
                shown = shown_value(spec, flow.value(spec.name), t, format_date=t.date,
                                    today=view.today)
                value.setText(shown or "\u2014")
                grid.addWidget(caption, index, 0)
                grid.addWidget(value, index, 1)
            grid.setColumnStretch(1, 1)
            left.addLayout(grid)
            row.addLayout(left, 1)
            change = button("secondary", name=f"review:edit:{page.name}")
            change.setText(t("Change"))
            change.clicked.connect(lambda _=False, n=page.name: self.edit_requested.emit(n))
            row.addWidget(change)
            self.parts.addWidget(part)

    def _drop_parts(self) -> None:
        """Remove the shown parts at once (out of the widget tree), deleted later by Qt."""
        while self.parts.count():
            part = self.parts.takeAt(0).widget()
            if part is not None:
                part.hide()
                part.setParent(None)
                part.deleteLater()

    def clear(self) -> None:
        super().clear()
        self._drop_parts()
