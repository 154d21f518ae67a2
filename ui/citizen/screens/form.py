"""A form screen: the flow's current page of fields, drawn from its spec, kept as typed.

Each page is its own widget, made once (on first use, or ahead of time in an idle
moment) and shown through a stack, so turning a page only switches what is visible.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.citizen.pages import PageSpec
from ui.citizen.fields import Field, TextField, make_field
from ui.citizen.screens.base import Screen, View
from ui.kit.fit import Fit
from ui.kit.widgets import OneAtATime, label


class FormScreen(Screen):
    """Subclasses name their step and list every page they can show (for building ahead)."""

    value_edited = Signal(str, str)
    input_focused = Signal(QWidget)

    def __init__(self) -> None:
        super().__init__()
        self.stack = OneAtATime()
        self.body.addWidget(self.stack)
        self.extra = QVBoxLayout()
        self.body.addLayout(self.extra)
        self.note = label("notice")
        self.note.hide()
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.fields: dict[str, Field] = {}
        self.text_height = 170            # the several-line input's height (arrange)
        self.tile_spacing = 14            # between choice tiles (arrange)
        self.page_widgets: dict[str, tuple[QWidget, dict[str, Field]]] = {}
        self.page: PageSpec | None = None

    def all_pages(self) -> list[PageSpec]:
        """Every page this screen can show, its fullest variant first (subclasses say)."""
        return []

    def arrange(self, fit: Fit) -> None:
        """Margins, and a shorter several-line input on a compact panel (it scrolls inside
        itself; its label and the keys stay in sight)."""
        super().arrange(fit)
        self.text_height = 96 if fit.rail else 120 if fit.compact else 170
        self.tile_spacing = 8 if fit.compact else 14
        for field in self.fields.values():
            self._fit_field(field)

    def _fit_field(self, field: Field) -> None:
        if isinstance(field, TextField) and field.spec.kind == "multiline":
            field.editor.setFixedHeight(self.text_height)
        grid = getattr(field, "grid", None)
        if grid is not None:                      # choice tiles: columns of one width
            grid.setSpacing(self.tile_spacing)
            for column in range(field.columns):
                grid.setColumnStretch(column, 1)

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
        self._fit_field(field)
        # An error's line keeps its place once shown on a page, so nothing moves under the
        # finger as errors clear while the citizen types (a new page starts without it).
        policy = field.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        field.error.setSizePolicy(policy)
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
        turned = self.page is None or self.page.name != page.name \
            or self.stack.currentWidget() is not host
        if self.stack.currentWidget() is not host:
            self.stack.setCurrentWidget(host)
        if turned:
            self.follow = None
            if self.area is not None:
                self.area.verticalScrollBar().setValue(0)
        shown = {s.name for s in page.fields}
        for name, field in fields.items():
            field.setVisible(name in shown)
        title = self.title.text()
        for spec in page.fields:
            field = fields[spec.name]
            field.show_texts(spec, t)
            # A page's one question needs saying once: no label repeating the title.
            field.caption.setVisible(field.caption.text() != title)
            field.set_value(state.value(spec.name))
            err = state.errors.get(spec.name)
            if err or turned:
                self._keep_error_line(field, bool(err))
            self._say_error(field, t.error(err) if err else "")
        self.page = page
        self.refresh_extra(view)

    def refresh_extra(self, view: View) -> None:
        """Page-specific additions (a fee line, a note)."""

    def show_error(self, name: str, text: str) -> None:
        field = self.fields.get(name)
        if field is not None:
            if text:
                self._keep_error_line(field, True)
            self._say_error(field, text)

    @staticmethod
    def _say_error(field: Field, text: str) -> None:
        """Show or clear a field's error. A cleared one that holds its place keeps its
        words, hidden, so the place keeps their height until the page turns."""
        held = field.error.text()
        field.show_error(text)
        if not text and held and field.error.sizePolicy().retainSizeWhenHidden():
            field.error.setText(held)

    @staticmethod
    def _keep_error_line(field: Field, keep: bool) -> None:
        """Whether the field's error line holds its place while it says nothing."""
        policy = field.error.sizePolicy()
        if policy.retainSizeWhenHidden() != keep:
            policy.setRetainSizeWhenHidden(keep)
            field.error.setSizePolicy(policy)
        if not keep and not field.error.isVisible():
            field.error.clear()

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
