"""A form screen: the flow's current page of fields, drawn from its spec, kept as typed.

Each page is its own widget, made once (on first use, or ahead of time in an idle
moment) and shown through a stack, so turning a page only switches what is visible.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.citizen.pages import PageSpec
from ui.citizen.fields import Field, TextField, make_field
from ui.citizen.screens.base import Screen, View
from ui.kit.widgets import label


class _Pages(QStackedWidget):
    """Only the shown page counts for the height (a stack sizes to its largest page)."""

    def sizeHint(self):  # noqa: N802 - Qt API
        current = self.currentWidget()
        return current.sizeHint() if current is not None else super().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()


class FormScreen(Screen):
    """Subclasses name their step and list every page they can show (for building ahead)."""

    value_edited = Signal(str, str)
    input_focused = Signal(QWidget)

    def __init__(self) -> None:
        super().__init__()
        self.stack = _Pages()
        self.stack.currentChanged.connect(lambda _i: self.stack.updateGeometry())
        self.body.addWidget(self.stack)
        self.extra = QVBoxLayout()
        self.body.addLayout(self.extra)
        self.note = label("notice")
        self.note.hide()
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.fields: dict[str, Field] = {}
        self.page_widgets: dict[str, tuple[QWidget, dict[str, Field]]] = {}
        self.page: PageSpec | None = None

    def all_pages(self) -> list[PageSpec]:
        """Every page this screen can show, its fullest variant first (subclasses say)."""
        return []

    def build_page(self, spec: PageSpec) -> tuple[QWidget, dict[str, Field]]:
        """The widget for a page name, made on first use with every field it may hold."""
        if spec.name in self.page_widgets:
            host, fields = self.page_widgets[spec.name]
            for field_spec in spec.fields:
                if field_spec.name not in fields:          # a variant with one field more
                    self._add_field(host, fields, field_spec, before_stretch=True)
            return host, fields
        host = QWidget()
        host.setObjectName(f"page:{spec.name}")
        box = QVBoxLayout(host)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        fields: dict[str, Field] = {}
        for field_spec in spec.fields:
            self._add_field(host, fields, field_spec)
        box.addStretch(1)
        self.stack.addWidget(host)
        self.page_widgets[spec.name] = (host, fields)
        return host, fields

    def _add_field(self, host: QWidget, fields: dict[str, Field], spec, *,
                   before_stretch: bool = False) -> None:
        field = make_field(spec)
        field.edited.connect(self.value_edited)
        field.focused.connect(self._focused)
        box = host.layout()
        box.insertWidget(box.count() - 1 if before_stretch else box.count(), field)
        fields[spec.name] = field
        self.fields[spec.name] = field

    def _focused(self, editor: QWidget) -> None:
        self.input_focused.emit(editor)
        self.scroll_to(editor.parentWidget())

    def refresh(self, view: View) -> None:
        t, state = view.t, view.state
        page = state.page
        if page is None:
            return
        self.title.setText(t(page.title))
        host, fields = self.build_page(page)
        if self.stack.currentWidget() is not host:
            self.stack.setCurrentWidget(host)
            if self.area is not None:
                self.area.verticalScrollBar().setValue(0)
        shown = {s.name for s in page.fields}
        for name, field in fields.items():
            field.setVisible(name in shown)
        for spec in page.fields:
            field = fields[spec.name]
            field.show_texts(spec, t)
            field.set_value(state.value(spec.name))
            err = state.errors.get(spec.name)
            field.show_error(t.error(err) if err else "")
        self.page = page
        self.refresh_extra(view)

    def refresh_extra(self, view: View) -> None:
        """Page-specific additions (a fee line, a note)."""

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
