"""Form fields drawn from kiosk.citizen.schema specs: a text field and a row of choice tiles.

Each shows a label, the value, a hint, and an error beside it (an icon and words,
never colour alone). They emit what the citizen did; they decide nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from kiosk.citizen.grouping import SEPARATORS, grouped, raw_index, shown_index, ungrouped
from kiosk.citizen.schema import FieldSpec
from ui.kit.widgets import WARNING, TileButton, label, repolish, verbatim


class Field(QWidget):
    """Common part: the field's label, hint and error line."""

    edited = Signal(str, str)        # field name, value as typed / chosen
    focused = Signal(QWidget)        # an input the on-screen keyboard should type into

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.spec = spec
        self.setObjectName(f"fieldbox:{spec.name}")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 6, 0, 6)
        self.box.setSpacing(6)
        self.caption = label("fieldLabel")
        self.hint = label("hint")
        self.error = label("error", name=f"error:{spec.name}")
        self.error.hide()
        self.box.addWidget(self.caption)

    def finish(self) -> None:
        self.box.addWidget(self.hint)
        self.box.addWidget(self.error)

    def show_texts(self, spec: FieldSpec, t) -> None:
        self.spec = spec
        self.caption.setText(t(spec.label))
        self.hint.setText(t(spec.hint) if spec.hint else "")
        self.hint.setVisible(bool(spec.hint))

    def show_error(self, text: str) -> None:
        self.error.setText(WARNING + text if text else "")
        self.error.setVisible(bool(text))

    def set_value(self, value: str) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        self.set_value("")
        self.show_error("")


class _SaysWhenTouched:
    """For an input: emit `touched` when a finger lands on it or it takes the focus.

    (Overriding the two handlers calls Python for those events only; an event filter
    would call it for every paint and query the input gets.)"""

    touched: Signal

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        self.touched.emit()
        super().focusInEvent(event)  # type: ignore[misc]

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.touched.emit()
        super().mousePressEvent(event)  # type: ignore[misc]


class LineEditor(_SaysWhenTouched, QLineEdit):
    """A one-line input (names, NIK, phone, dates)."""

    touched = Signal()


class NumberEditor(LineEditor):
    """A one-line input for a number shown grouped as printed (an NIK, a phone number).

    Backspace just after a separator takes the digit before it (the separator is not a
    character the person typed), and Delete just before one the digit after it, from
    the on-screen keypad (which calls these methods) and a hardware keyboard alike. The
    regrouping itself follows each edit (TextField._regroup).
    """

    def __init__(self, separator: str) -> None:
        super().__init__()
        self.separator = separator

    def backspace(self) -> None:
        position = self.cursorPosition()
        if not self.hasSelectedText() and position > 0 \
                and self.text()[position - 1] == self.separator:
            self.setCursorPosition(position - 1)
        super().backspace()

    def del_(self) -> None:  # noqa: D102 - QLineEdit's name
        position = self.cursorPosition()
        if not self.hasSelectedText() and self.text()[position:position + 1] == self.separator:
            self.setCursorPosition(position + 1)
        super().del_()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        if plain and event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif plain and event.key() == Qt.Key.Key_Delete:
            self.del_()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class TextEditor(_SaysWhenTouched, QPlainTextEdit):
    """The several-line input (what happened)."""

    touched = Signal()


class TextField(Field):
    def __init__(self, spec: FieldSpec) -> None:
        super().__init__(spec)
        if spec.kind == "multiline":
            self.editor: LineEditor | TextEditor = TextEditor()
            self.editor.setMinimumHeight(150)
            self.editor.setTabChangesFocus(True)
            self.editor.textChanged.connect(self._plain_changed)
        elif spec.grouping:
            self.editor = NumberEditor(SEPARATORS[spec.grouping])
            self.editor.textEdited.connect(self._regroup)
        else:
            self.editor = LineEditor()
            self.editor.textEdited.connect(lambda text: self.edited.emit(self.spec.name, text))
        self.editor.setObjectName(f"field:{spec.name}")
        self.editor.setProperty("keyboard", spec.keyboard)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        verbatim(self.editor)
        self.editor.touched.connect(lambda: self.focused.emit(self.editor))
        self.box.addWidget(self.editor)
        self._quiet = False
        self.finish()

    def _plain_changed(self) -> None:
        if not self._quiet:
            self.edited.emit(self.spec.name, self.editor.toPlainText())

    def _regroup(self, text: str) -> None:
        """After an edit: show the number grouped, the cursor after the same typed digits;
        the flow gets the digits as typed."""
        grouping = self.spec.grouping
        typed = ungrouped(grouping, text)
        shown = grouped(grouping, typed)
        if shown != text:
            count = raw_index(grouping, text, self.editor.cursorPosition())
            self.editor.setText(shown)
            self.editor.setCursorPosition(shown_index(grouping, shown, count))
        self.edited.emit(self.spec.name, typed)

    def value(self) -> str:
        """The value as typed (a grouped number without its separators)."""
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return ungrouped(self.spec.grouping, self.editor.text())

    def set_value(self, value: str) -> None:
        """Show the flow's value; untouched when equal, so the cursor stays where it was."""
        if self.value() == value:
            return
        self._quiet = True
        try:
            if isinstance(self.editor, QPlainTextEdit):
                self.editor.setPlainText(value)
            else:
                self.editor.setText(grouped(self.spec.grouping, value))
        finally:
            self._quiet = False

    def clear(self) -> None:
        super().clear()
        # setText/setPlainText("") above also drops the undo history; say so explicitly.
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.document().clearUndoRedoStacks()

    def show_error(self, text: str) -> None:
        super().show_error(text)
        if self.editor.property("invalid") != bool(text):
            self.editor.setProperty("invalid", bool(text))
            repolish(self.editor)


class ChoiceField(Field):
    """One choice among big tiles (checkable, one at a time)."""

    def __init__(self, spec: FieldSpec, *, columns: int = 2) -> None:
        super().__init__(spec)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(14)
        self.box.addWidget(self.grid_host)
        self.columns = columns
        self.tiles: dict[str, TileButton] = {}
        self._value = ""
        self._build(spec)
        self.finish()

    def _build(self, spec: FieldSpec) -> None:
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = {}
        columns = self.columns if len(spec.choices) > 2 or self.columns == 1 else 2
        for index, choice in enumerate(spec.choices):
            tile = TileButton(name=f"choice:{spec.name}:{choice.value}", checkable=True)
            tile.clicked.connect(lambda _=False, value=choice.value: self._chosen(value))
            self.grid.addWidget(tile, index // columns, index % columns)
            self.tiles[choice.value] = tile
        self._built_for = tuple(c.value for c in spec.choices)

    def show_texts(self, spec: FieldSpec, t) -> None:
        if tuple(c.value for c in spec.choices) != self._built_for:
            self._build(spec)
            self.set_value(self._value)
        super().show_texts(spec, t)
        for choice in spec.choices:
            self.tiles[choice.value].set_texts(t(choice.label),
                                               t(choice.detail) if choice.detail else "")

    def _chosen(self, value: str) -> None:
        self.set_value(value)
        self.edited.emit(self.spec.name, value)

    def set_value(self, value: str) -> None:
        self._value = value
        for key, tile in self.tiles.items():
            tile.setChecked(key == value)

    def value(self) -> str:
        return self._value

    def show_error(self, text: str) -> None:
        """The error line under the tiles, and every tile outlined as a text field is."""
        super().show_error(text)
        for tile in self.tiles.values():
            if tile.property("invalid") != bool(text):
                tile.setProperty("invalid", bool(text))
                repolish(tile)


def make_field(spec: FieldSpec) -> Field:
    if spec.kind == "choice":
        columns = 1 if any(c.detail for c in spec.choices) and len(spec.choices) <= 4 else 2
        return ChoiceField(spec, columns=columns)
    return TextField(spec)
