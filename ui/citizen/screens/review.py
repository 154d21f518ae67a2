"""Review: everything on one screen, each part with its own Change button, then Submit.

One part per form page, made once with a row for every field the page may hold; a
refresh only fills in texts and hides what this citizen's form does not have.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.citizen.flow import Step
from kiosk.citizen.pages import PageSpec, application_variants, complaint_pages, shown_value
from ui.citizen.screens.base import Screen, View
from ui.kit.widgets import button, label, verbatim

CAPTION_WIDTH = 330      # one column for every part, so the values line up


class ReviewPart(QWidget):
    """A form page as read back: its question, caption/value rows, and Change."""

    def __init__(self, page: PageSpec, on_change) -> None:
        super().__init__()
        self.setObjectName(f"review:part:{page.name}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 10, 0, 10)
        left = QVBoxLayout()
        self.heading = label("subtitle")
        left.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setColumnStretch(1, 1)
        left.addLayout(self.grid)
        row.addLayout(left, 1)
        self.change = button("secondary", name=f"review:edit:{page.name}")
        self.change.clicked.connect(lambda: on_change(page.name))
        row.addWidget(self.change)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        self.add_rows(page)

    def add_rows(self, page: PageSpec) -> None:
        for spec in page.fields:
            if spec.name in self.rows:
                continue
            caption = label("hint")
            caption.setFixedWidth(CAPTION_WIDTH)
            value = verbatim(label("body", name=f"review:value:{spec.name}"))
            index = len(self.rows)
            self.grid.addWidget(caption, index, 0)
            self.grid.addWidget(value, index, 1)
            self.rows[spec.name] = (caption, value)

    def show_page(self, page: PageSpec, view: View) -> None:
        t, state = view.t, view.state
        self.heading.setText(t(page.title))
        self.change.setText(t("Change"))
        self.add_rows(page)
        present = {spec.name for spec in page.fields}
        for name, (caption, value) in self.rows.items():
            caption.setVisible(name in present)
            value.setVisible(name in present)
        for spec in page.fields:
            caption, value = self.rows[spec.name]
            caption.setText(t(spec.label))
            shown = shown_value(spec, state.value(spec.name), t, format_date=t.date,
                                today=view.today)
            value.setText(shown or "\u2014")


class ReviewScreen(Screen):
    step = Step.REVIEW
    edit_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.intro = label("body")
        self.body.addWidget(self.intro)
        self.parts: dict[str, ReviewPart] = {}
        self.parts_box = QVBoxLayout()
        self.parts_box.setSpacing(14)
        self.body.addLayout(self.parts_box)
        self.summary = label("figure", name="review:summary")
        self.body.addWidget(self.summary)
        self.body.addStretch(1)

    def all_pages(self) -> list[PageSpec]:
        return application_variants() + complaint_pages("identified")

    def build_part(self, page: PageSpec) -> ReviewPart:
        part = self.parts.get(page.name)
        if part is None:
            part = ReviewPart(page, self.edit_requested.emit)
            part.hide()
            self.parts_box.addWidget(part)
            self.parts[page.name] = part
        return part

    def refresh(self, view: View) -> None:
        t, state = view.t, view.state
        self.title.setText(t("Please check your details"))
        self.intro.setText(t("Tap Change to correct a part. Nothing is sent until you "
                             "tap Submit."))
        pages = state.pages
        for page in pages:
            self.build_part(page)
        # Parts sit in form order: application pages first, then the complaint's.
        wanted = {page.name: page for page in pages}
        for name, part in self.parts.items():
            if name in wanted:
                part.show_page(wanted[name], view)
            part.setVisible(name in wanted)
        self._order([page.name for page in pages])
        lines = []
        fee = state.fee
        if fee is not None:
            lines.append(t("Fee to pay at the counter: {amount}", amount=t.money(fee.total)))
        if view.pickup_date is not None:
            lines.append(t("Passport ready from {date}", date=t.date(view.pickup_date)))
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(bool(lines))

    def _order(self, names: list[str]) -> None:
        current = [self.parts_box.itemAt(i).widget() for i in range(self.parts_box.count())]
        wanted = [self.parts[n] for n in names]
        if [w for w in current if w in wanted] == wanted:
            return
        for index, part in enumerate(wanted):
            self.parts_box.removeWidget(part)
            self.parts_box.insertWidget(index, part)

    def clear(self) -> None:
        super().clear()
        for part in self.parts.values():
            part.hide()
