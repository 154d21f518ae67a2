"""Review: everything on one screen, each part with its own Change button, then Submit.

One part per form page, made once with a row for every field the page may hold; a
refresh only fills in texts and hides what this citizen's form does not have. Parts stand
in columns where the screen is wide enough. The fee and the pick-up date stand under the parts, in
sight above Submit whatever the size.
"""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.citizen.flow import Step
from kiosk.citizen.pages import PageSpec, application_variants, complaint_pages, shown_value
from ui.citizen.screens.base import Screen, View
from ui.kit.fit import Fit
from ui.kit.widgets import button, label, verbatim


class ReviewPart(QWidget):
    """A form page as read back: each field's caption over its value, and Change."""

    def __init__(self, page: PageSpec, on_change) -> None:
        super().__init__()
        self.setObjectName(f"review:part:{page.name}")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.setSpacing(16)
        self.lines = QVBoxLayout()
        self.lines.setSpacing(2)
        row.addLayout(self.lines, 1)
        self.change = button("secondary", name=f"review:edit:{page.name}")
        self.change.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.change.clicked.connect(lambda: on_change(page.name))
        row.addWidget(self.change, 0, Qt.AlignmentFlag.AlignVCenter)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        self.add_rows(page)

    def add_rows(self, page: PageSpec) -> None:
        for spec in page.fields:
            if spec.name in self.rows:
                continue
            caption = label("hint")
            if self.rows:
                caption.setContentsMargins(0, 8, 0, 0)      # a little air between pairs
            value = verbatim(label("body", name=f"review:value:{spec.name}"))
            self.lines.addWidget(caption)
            self.lines.addWidget(value)
            self.rows[spec.name] = (caption, value)

    def show_page(self, page: PageSpec, view: View) -> None:
        t, state = view.t, view.state
        self.change.setText(t("Change"))
        self.change.setMinimumWidth(0)      # its label decides: never squeezed below it
        self.change.setMinimumWidth(self.change.sizeHint().width())
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
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(40)
        self.grid.setVerticalSpacing(6)
        self.body.addLayout(self.grid)
        self.body.addStretch(1)
        self.columns = 1
        self.order: list[str] = []
        self.summary = label("figure", name="review:summary")
        self.summary.hide()
        self.pinned.addWidget(self.summary)

    def all_pages(self) -> list[PageSpec]:
        return application_variants() + complaint_pages("identified")

    def build_part(self, page: PageSpec) -> ReviewPart:
        part = self.parts.get(page.name)
        if part is None:
            part = ReviewPart(page, self.edit_requested.emit)
            part.hide()
            self.grid.addWidget(part, len(self.parts), 0)
            self.parts[page.name] = part
        return part

    def arrange(self, fit: Fit) -> None:
        super().arrange(fit)
        # A tall screen has the height for one column; a wide one as many columns as leave
        # a value room beside its Change button.
        wide = fit.landscape and fit.content_width
        self.columns = 3 if wide >= 1600 else 2 if wide >= 1000 else 1
        self._place(self.order, force=True)

    def refresh(self, view: View) -> None:
        t, state = view.t, view.state
        self.title.setText(t("Please check your details"))
        self.intro.setText(t("Tap Change to correct a part. Nothing is sent until you "
                             "tap Submit."))
        pages = state.pages
        for page in pages:
            self.build_part(page)
        wanted = {page.name: page for page in pages}
        for name, part in self.parts.items():
            if name in wanted:
                part.show_page(wanted[name], view)
            part.setVisible(name in wanted)
        self._place([page.name for page in pages])
        lines = []
        fee = state.fee
        if fee is not None:
            lines.append(t("Fee to pay at the counter: {amount}", amount=t.money(fee.total)))
        if view.pickup_date is not None:
            lines.append(t("Passport ready from {date}", date=t.date(view.pickup_date)))
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(bool(lines))

    def _place(self, names: list[str], *, force: bool = False) -> None:
        """Parts in form order, down the first column and on down the second."""
        if names == self.order and not force:
            return
        self.order = list(names)
        for part in self.parts.values():
            self.grid.removeWidget(part)
        per_column = ceil(len(names) / self.columns) if names else 1
        for index, name in enumerate(names):
            self.grid.addWidget(self.parts[name], index % per_column, index // per_column,
                                Qt.AlignmentFlag.AlignTop)
        hidden = [p for n, p in self.parts.items() if n not in names]
        for offset, part in enumerate(hidden):
            self.grid.addWidget(part, per_column + offset, 0)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < self.columns else 0)

    def clear(self) -> None:
        super().clear()
        for part in self.parts.values():
            part.hide()
