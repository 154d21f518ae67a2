"""Labelled fields for the officer forms (set-up, officers): each with its caption above and
its own problem line below, so a refusal is said next to the field it is about; a finger
on a field asks for the on-screen keyboard (names: letters; PINs: the keypad, digits
shown as dots)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.kit.widgets import WARNING, label

PIN_DIGITS = 8
KEYBOARDS = {"pin": "digits"}      # a field kind -> its on-screen keyboard (else the same)


class FieldSet(QWidget):
    """Fields named `prefix:<name>` from `specs` [(name, kind)]: "pin" (the keypad, digits
    shown as dots) or a keyboard of ui.kit.keyboard ("name", "code", "text");
    `touched(editor)` when a finger lands on one."""

    touched = Signal(object)

    def __init__(self, prefix: str, specs: list[tuple[str, str]]) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.fields: dict[str, QLineEdit] = {}
        self.captions: dict[str, QLabel] = {}
        self.problems: dict[str, QLabel] = {}
        for name, kind in specs:
            caption = label("fieldLabel", name=f"{prefix}:{name}:caption")
            editor = QLineEdit()
            editor.setObjectName(f"{prefix}:{name}")
            editor.setProperty("keyboard", KEYBOARDS.get(kind, kind))
            if kind == "pin":
                editor.setEchoMode(QLineEdit.EchoMode.Password)
                editor.setMaxLength(PIN_DIGITS)
            editor.installEventFilter(self)
            problem = label("error", name=f"{prefix}:{name}:problem")
            problem.hide()
            for part in (caption, editor, problem):
                box.addWidget(part)
            self.fields[name], self.captions[name], self.problems[name] = editor, caption, problem

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A finger on a field: say which, so the keyboard types into it."""
        if event.type() == QEvent.Type.MouseButtonPress and watched in self.fields.values():
            self.touched.emit(watched)
        return False

    def caption(self, texts: dict[str, str]) -> None:
        """Captions in the officer's language, by field name."""
        for name, text in texts.items():
            self.captions[name].setText(text)

    def values(self) -> dict[str, str]:
        """What is typed, by field name."""
        return {name: editor.text() for name, editor in self.fields.items()}

    def problem(self, name: str, text: str) -> None:
        """Say what is wrong under one field ("" hides it)."""
        line = self.problems[name]
        line.setText(WARNING + text if text else "")
        line.setVisible(bool(text))

    def quiet(self) -> None:
        """Hide every problem line (a new attempt starts)."""
        for name in self.problems:
            self.problem(name, "")

    def clear(self, *names: str) -> None:
        """Empty the named fields (all when none are named) and every problem line."""
        for name in names or tuple(self.fields):
            self.fields[name].clear()
        self.quiet()

    def show_only(self, *names: str) -> None:
        """Show these fields (with caption and problem line) and hide the others."""
        for name, editor in self.fields.items():
            shown = name in names
            editor.setVisible(shown)
            self.captions[name].setVisible(shown)
            if not shown:
                self.problem(name, "")
