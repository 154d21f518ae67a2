"""The on-screen keyboard: letters (uppercase for names), text, e-mail, and a numeric keypad.

Built from ordinary widgets inside the kiosk window. Keys never take focus: they type
into the field the citizen last touched, exactly like a hardware keyboard would (which
keeps working). The layout follows the field's `keyboard` property from its spec.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.widgets import TOUCH_MIN, OneAtATime, button, repolish

BACKSPACE, SPACE, SHIFT, ENTER = "backspace", "space", "shift", "enter"
SPECIAL_LABELS = {BACKSPACE: "\u232b", SHIFT: "\u21e7", ENTER: "\u21b5"}

# Each layout: rows of keys; a key is its character, or (name, columns) for wide keys.
LAYOUTS: dict[str, list[list]] = {
    "name": [
        list("QWERTYUIOP") + [(BACKSPACE, 2)],
        list("ASDFGHJKL") + ["'", "-", "."],
        list("ZXCVBNM") + [(SPACE, 5)],
    ],
    "code": [
        list("1234567890") + [(BACKSPACE, 2)],
        list("QWERTYUIOP") + ["/", "-"],
        list("ASDFGHJKL") + [".", ","],
        list("ZXCVBNM") + [(SPACE, 5)],
    ],
    "text": [
        list("1234567890") + ["?", (BACKSPACE, 2)],
        list("qwertyuiop") + ["-", "/", ":"],
        list("asdfghjkl") + ["'", "!", (ENTER, 2)],
        [(SHIFT, 2)] + list("zxcvbnm") + [",", ".", (SPACE, 2)],
    ],
    "email": [
        list("1234567890") + [(BACKSPACE, 2)],
        list("qwertyuiop") + ["@", "_"],
        list("asdfghjkl") + [".", "-", "+"],
        list("zxcvbnm") + [(".com", 2), (".co.id", 3)],
    ],
    "digits": [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["", "0", (BACKSPACE, 1)]],
    "date": [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["-", "0", (BACKSPACE, 1)]],
}
KEYPADS = ("digits", "date")


class OnScreenKeyboard(QWidget):
    """Types into its target; `typed` reports each key for the idle timer and for tests."""

    typed = Signal(str)
    mode_changed = Signal(str)       # the window docks a numeric keypad beside the form

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("keyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.stack = OneAtATime()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        outer.addWidget(self.stack)
        self.panels: dict[str, QWidget] = {}
        self.keys: dict[str, dict[str, QPushButton]] = {}
        self.target: QLineEdit | QPlainTextEdit | None = None
        self.mode = ""                  # the layout the target's `keyboard` property asks for
        self.spacing = 8
        self.shifted = False
        self.labels = {SPACE: "space"}
        self.language = ""

    # -- building ---------------------------------------------------------------------------
    def prepare(self, mode: str) -> QWidget:
        """Make a layout's keys ahead of time (in an idle moment), styled and ready."""
        panel = self._panel(mode)
        panel.ensurePolished()
        return panel

    @property
    def current(self) -> str:
        """The layout shown now ("" when the keyboard types into nothing)."""
        return self.mode

    def arrange(self, *, compact: bool) -> None:
        """Closer keys and thinner margins on a compact panel (ui/kit/fit.py)."""
        self.spacing = 6 if compact else 8
        margins = (8, 6, 8, 6) if compact else (12, 10, 12, 10)
        self.layout().setContentsMargins(*margins)
        for panel in self.panels.values():
            grid = panel.findChild(QGridLayout)
            if grid is not None:
                grid.setHorizontalSpacing(self.spacing)
                grid.setVerticalSpacing(self.spacing)

    def _panel(self, mode: str) -> QWidget:
        if mode in self.panels:
            return self.panels[mode]
        panel = QWidget()
        grid = QGridLayout(panel)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(self.spacing)
        grid.setVerticalSpacing(self.spacing)
        keys: dict[str, QPushButton] = {}
        keypad = mode in KEYPADS
        for row, entries in enumerate(LAYOUTS[mode]):
            col = 0
            for entry in entries:
                name, span = entry if isinstance(entry, tuple) else (entry, 1)
                if name:
                    key = button("key", name=f"key:{name}")
                    key.setAutoRepeat(name == BACKSPACE)
                    key.setMinimumHeight(TOUCH_MIN)
                    if keypad:
                        key.setProperty("pad", True)
                    if len(name) > 1:
                        key.setProperty("wide", True)
                    key.clicked.connect(lambda _=False, n=name: self.press(n))
                    grid.addWidget(key, row, col, 1, span * (1 if keypad else 2))
                    keys[name] = key
                col += span * (1 if keypad else 2)
        if keypad:
            # Centred, and at the bottom when docked beside the form (near the thumb).
            host = QWidget()
            column = QVBoxLayout(host)
            column.setContentsMargins(0, 0, 0, 0)
            column.addStretch(1)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(panel)
            row.addStretch(1)
            column.addLayout(row)
            panel = host
        self.keys[mode] = keys
        self.panels[mode] = panel
        self.stack.addWidget(panel)
        self._label_keys(mode)
        return panel

    def _label_keys(self, mode: str) -> None:
        for name, key in self.keys.get(mode, {}).items():
            if name == SPACE:
                key.setText(self.labels[SPACE])
            elif name in SPECIAL_LABELS:
                key.setText(SPECIAL_LABELS[name])
                key.setProperty("verbatim", True)
            else:
                key.setText(name.upper() if self.shifted and name.isalpha() else name)
                key.setProperty("verbatim", True)

    def retranslate(self, t) -> None:
        if t.language == self.language:
            return
        self.language = t.language
        self.labels[SPACE] = t("space")
        for mode in self.keys:
            self._label_keys(mode)

    # -- using ------------------------------------------------------------------------------
    def attach(self, target: QLineEdit | QPlainTextEdit | None) -> None:
        """Type into `target` with the layout its `keyboard` property asks for. The target
        carries `typing` = true (the theme marks it, whatever else its style says)."""
        if target is not self.target:
            for widget, on in ((self.target, False), (target, True)):
                if widget is not None and bool(widget.property("typing")) != on:
                    widget.setProperty("typing", on)
                    repolish(widget)
        self.target = target
        mode = str(target.property("keyboard") or "") if target is not None else ""
        if mode not in LAYOUTS:
            self.hide()
            if self.mode:
                self.mode = ""
                self.mode_changed.emit("")
            return
        if mode != self.mode:
            self.mode = mode
            self._set_shift(False)
            self.stack.setCurrentWidget(self._panel(self.current))
            self.mode_changed.emit(mode)
        self.show()

    def panel_height(self) -> int:
        """Height of the current layout's keys plus this widget's margins."""
        margins = self.layout().contentsMargins()
        panel = self.stack.currentWidget()
        hint = panel.sizeHint().height() if panel is not None else 0
        return hint + margins.top() + margins.bottom()

    @property
    def is_keypad(self) -> bool:
        return self.mode in KEYPADS

    def key(self, name: str) -> QPushButton:
        return self.keys[self.current][name]

    def keys_for(self, char: str) -> list[QPushButton]:
        """The keys to tap, in order, to type `char` in the current layout (shift included)."""
        keys = self.keys[self.current]
        if char == " ":
            return [keys[SPACE]]
        if char == "\n":
            return [keys[ENTER]]
        if char in keys and not (self.shifted and char.isalpha()):
            return [keys[char]]
        if char.isalpha() and self.mode == "text":
            wants_upper = char.isupper()
            base = char.lower()
            if base in keys:
                return ([keys[SHIFT]] if wants_upper != self.shifted else []) + [keys[base]]
        if char.upper() in keys and self.mode in ("name", "code"):
            return [keys[char.upper()]]
        raise KeyError(f"no key for {char!r} on the {self.mode!r} keyboard")

    def press(self, name: str) -> None:
        target = self.target
        if name == SHIFT:
            self._set_shift(not self.shifted)
            return
        if target is None:
            return
        if name == BACKSPACE:
            if isinstance(target, QLineEdit):
                target.backspace()
            else:
                target.textCursor().deletePreviousChar()
        else:
            text = {SPACE: " ", ENTER: "\n"}.get(name, name)
            if self.shifted and text.isalpha():
                text = text.upper()
                self._set_shift(False)
            if isinstance(target, QLineEdit):
                target.insert(text)
            else:
                target.insertPlainText(text)
        self.typed.emit(name)

    def _set_shift(self, on: bool) -> None:
        self.shifted = on
        shift = self.keys.get(self.current, {}).get(SHIFT)
        if shift is not None:
            shift.setProperty("active", on)
            repolish(shift)
        self._label_keys(self.current)
