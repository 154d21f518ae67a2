"""The officer PIN pad: first the officers' names to tap, then big digit keys, a delete key,
OK, and Cancel (or Back to the names), and what went wrong.

A view: it shows the names it is given, dots for the digits typed and the message it is
given, and emits the officer tapped and the PIN on OK. It never checks a PIN itself (the
controller does, off the UI thread).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.i18n import Translator
from ui.kit.overlays import Overlay
from ui.kit.widgets import WARNING, TileButton, button, label, verbatim

MAX_DIGITS = 8
DELETE = "\u232b"
ONE_COLUMN_UP_TO = 4      # more officers than this: their names in two columns


@dataclass(frozen=True)
class NameChoice:
    """One officer on the names page: id, name, and minutes left of a lock (0: none)."""

    id: int
    name: str
    locked_minutes: int = 0


class OfficerPinPad(Overlay):
    """The PIN pad overlay; `mode` is "officer" or "kiosk" (kiosk.officer.kiosk_pin), and
    `stage` "names" (tap your name) or "pin" (type the PIN)."""

    entered = Signal(str)
    picked = Signal(int)
    back = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "officer_pin")
        self.panel.setMaximumWidth(720)
        self.box.setContentsMargins(36, 24, 36, 24)
        self.box.setSpacing(12)
        self.title = label("title", name="officerPin:title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label("hint", name="officerPin:hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown = verbatim(label("title", name="officerPin:shown", wrap=False))
        self.shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown.setMinimumHeight(56)
        self.message = label("error", name="officerPin:message")
        self.message.hide()
        for part in (self.title, self.hint, self.shown, self.message):
            self.box.addWidget(part)
        self.names_host = QWidget()
        self.names = QGridLayout(self.names_host)
        self.names.setContentsMargins(0, 0, 0, 0)
        self.names.setSpacing(14)
        self.name_buttons: dict[int, TileButton] = {}
        self.box.addWidget(self.names_host)
        self.leave = button("pinAction", name="officerPin:leave")
        self.leave.clicked.connect(self._cancel)
        self.box.addWidget(self.leave)
        self.grid_host = QWidget()
        grid = QGridLayout(self.grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        self.keys: dict[str, object] = {}
        for index, digit in enumerate("1234567890"):
            key = verbatim(button("pinKey", name=f"officerPin:{digit}"))
            key.setText(digit)
            key.clicked.connect(lambda _=False, d=digit: self._digit(d))
            row, col = (index // 3, index % 3) if digit != "0" else (3, 1)
            grid.addWidget(key, row, col)
            self.keys[digit] = key
        self.delete = verbatim(button("pinKey", name="officerPin:delete"))
        self.delete.setText(DELETE)
        self.delete.clicked.connect(self._delete)
        grid.addWidget(self.delete, 3, 2)
        self.cancel = button("pinAction", name="officerPin:cancel")
        self.cancel.clicked.connect(self._cancel)
        grid.addWidget(self.cancel, 3, 0)
        self.go_back = button("pinAction", name="officerPin:back")
        self.go_back.clicked.connect(self._back)
        grid.addWidget(self.go_back, 3, 0)
        self.ok = button("primary", name="officerPin:ok")
        self.ok.clicked.connect(self._ok)
        grid.addWidget(self.ok, 4, 0, 1, 3)
        self.box.addWidget(self.grid_host)
        self._pin = ""
        self.mode = ""
        self.stage = "pin"
        self.who = ""              # the officer whose PIN is typed ("" in kiosk mode)
        self.can_go_back = False

    # -- what the controller calls --------------------------------------------------------
    def open(self, t: Translator, *, mode: str) -> None:
        """The PIN stage in `mode` ('kiosk': the kiosk PIN; 'officer': see ask_pin)."""
        self.mode, self.who, self.can_go_back = mode, "", False
        self._pin_stage(t)

    def open_names(self, t: Translator, names: list[NameChoice]) -> None:
        """The names stage: one big button per officer; a tap emits picked(id)."""
        self.mode, self.stage, self.who = "officer", "names", ""
        for old in self.name_buttons.values():
            self.names.removeWidget(old)
            old.deleteLater()
        self.name_buttons = {}
        columns = 1 if len(names) <= ONE_COLUMN_UP_TO else 2
        for index, choice in enumerate(names):
            tile = verbatim(TileButton(name=f"officerPin:officer:{choice.id}"))
            detail = t("Locked: {minutes} min", minutes=choice.locked_minutes) \
                if choice.locked_minutes else ""
            tile.set_texts(choice.name, detail)
            tile.clicked.connect(lambda _=False, oid=choice.id: self.picked.emit(oid))
            self.names.addWidget(tile, index // columns, index % columns)
            self.name_buttons[choice.id] = tile
        self._pin = ""
        self.message.hide()
        self.hint.show()
        self.names_host.show()
        self.leave.show()
        self.grid_host.hide()
        self.shown.hide()
        self.retranslate(t)
        self.cover()

    def ask_pin(self, t: Translator, name: str, *, can_go_back: bool) -> None:
        """The PIN stage for the officer called `name`; Back to the names when there are
        others to choose."""
        self.mode, self.who, self.can_go_back = "officer", name, can_go_back
        self._pin_stage(t)

    def retranslate(self, t: Translator) -> None:
        """Title, hint and buttons in the language, for the pad's mode and stage."""
        if self.stage == "names":
            self.title.setText(t("Who are you?"))
            self.hint.setText(t("Tap your name."))
        elif self.mode == "kiosk":
            self.title.setText(t("Kiosk PIN"))
            self.hint.setText(t("No officer is set up yet. Enter the kiosk PIN from the "
                                "set-up sheet."))
        else:
            self.title.setText(self.who or t("Officer PIN"))
            self.hint.setText(t("Enter your PIN, then OK."))
        self.cancel.setText(t("Cancel"))
        self.leave.setText(t("Cancel"))
        self.go_back.setText(t("Back"))
        self.ok.setText(t("OK"))

    def say(self, text: str) -> None:
        """Show a problem (wrong PIN, lockout) in place of the hint, and clear the digits."""
        self._pin = ""
        self._show()
        self.message.setText(WARNING + text)
        self.message.show()
        self.hint.hide()

    def note(self, text: str) -> None:
        """Good news in place of the hint (the lock is over)."""
        self.message.hide()
        self.hint.setText(text)
        self.hint.show()

    def set_locked(self, locked: bool) -> None:
        """Locked out: every key but Cancel (or Back) waits, and the dots give their room to
        the message (nothing can be typed)."""
        for key in (*self.keys.values(), self.delete, self.ok):
            key.setEnabled(not locked)
        self.shown.setVisible(not locked and self.stage == "pin")

    def set_busy(self, busy: bool) -> None:
        """While a PIN is checked, OK waits."""
        self.ok.setEnabled(not busy)

    # -- keys -------------------------------------------------------------------------------
    def _pin_stage(self, t: Translator) -> None:
        self.stage = "pin"
        self._pin = ""
        self._show()
        self.message.hide()
        self.hint.show()
        self.names_host.hide()
        self.leave.hide()
        self.grid_host.show()
        self.shown.show()
        self.cancel.setVisible(not self.can_go_back)
        self.go_back.setVisible(self.can_go_back)
        self.retranslate(t)
        self.set_locked(False)
        self.cover()

    def _digit(self, digit: str) -> None:
        if len(self._pin) < MAX_DIGITS:
            self._pin += digit
        self._show()

    def _delete(self) -> None:
        self._pin = self._pin[:-1]
        self._show()

    def _ok(self) -> None:
        if self._pin:
            pin, self._pin = self._pin, ""
            self._show()
            self.entered.emit(pin)

    def _show(self) -> None:
        self.shown.setText(" ".join("\u25cf" * len(self._pin)) or " ")

    def _back(self) -> None:
        self._pin = ""
        self.back.emit()

    def _cancel(self) -> None:
        self._pin = ""
        self.hide()
        self.cancelled.emit()
