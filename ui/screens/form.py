"""A form screen: the flow's current page of fields, drawn from its spec, kept as typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.formpages import PageSpec
from ui.fields import Field, TextField, make_field
from ui.screens.base import Screen, View
from ui.widgets import label


class FormScreen(Screen):
    """Subclasses name their step; pages are built the first time they are shown."""

    value_edited = Signal(str, str)
    input_focused = Signal(QWidget)

    def __init__(self) -> None:
        super().__init__()
        self.page_host = QWidget()
        self.page_host.setObjectName("page")
        self.page_box = QVBoxLayout(self.page_host)
        self.page_box.setContentsMargins(0, 0, 0, 0)
        self.page_box.setSpacing(10)
        self.body.addWidget(self.page_host)
        self.extra = QVBoxLayout()
        self.body.addLayout(self.extra)
        self.note = label("notice")
        self.note.hide()
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.fields: dict[str, Field] = {}
        self.page: PageSpec | None = None

    def _field(self, spec) -> Field:
        field = self.fields.get(spec.name)
        if field is None or field.spec.kind != spec.kind:
            field = make_field(spec)
            field.edited.connect(self.value_edited)
            field.focused.connect(self._focused)
            self.fields[spec.name] = field
        return field

    def _focused(self, editor: QWidget) -> None:
        self.input_focused.emit(editor)
        self.scroll_to(editor.parentWidget())

    def refresh(self, view: View) -> None:
        t, flow = view.t, view.flow
        page = flow.page()
        if page is None:
            return
        self.title.setText(t(page.title))
        if self.page is None or page.name != self.page.name or page != self.page:
            while self.page_box.count():
                self.page_box.takeAt(0)
            for field in self.fields.values():
                field.hide()
            for spec in page.fields:
                field = self._field(spec)
                self.page_box.addWidget(field)
                field.show()
            self.page = page
            if self.area is not None:
                self.area.verticalScrollBar().setValue(0)
        for spec in page.fields:
            field = self.fields[spec.name]
            field.show_texts(spec, t)
            field.set_value(flow.value(spec.name))
            err = flow.errors.get(spec.name)
            field.show_error(t.error(err) if err else "")
        self.refresh_extra(view)

    def refresh_extra(self, view: View) -> None:
        """Page-specific additions (a fee line, a 'no police report' button)."""

    def show_value(self, name: str, value: str) -> None:
        field = self.fields.get(name)
        if field is not None:
            field.set_value(value)

    def show_error(self, name: str, text: str) -> None:
        field = self.fields.get(name)
        if field is not None:
            field.show_error(text)

    def preferred_input(self) -> QWidget | None:
        """The first text field with an error, else the first empty one, else the first."""
        if self.page is None:
            return None
        texts = [self.fields[s.name] for s in self.page.fields
                 if isinstance(self.fields.get(s.name), TextField)]
        if not texts:
            return None
        for field in texts:
            if field.error.isVisible():
                return field.editor
        for field in texts:
            if not field.value():
                return field.editor
        return texts[0].editor

    def clear(self) -> None:
        for field in self.fields.values():
            field.clear()
        super().clear()
        self.page = None
