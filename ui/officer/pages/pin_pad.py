"""The officer PIN pad: big digit keys, a delete key, OK and Cancel, and what went wrong.

A view: it shows dots for the digits typed and the message it is given, and emits the PIN
on OK. It never checks a PIN itself (the controller does, off the UI thread).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.i18n import Translator
from ui.kit.overlays import Overlay
from ui.kit.widgets import WARNING, button, label, verbatim

MAX_DIGITS = 8
DELETE = "\u232b"


class OfficerPinPad(Overlay):
    """The PIN pad overlay; `mode` is "officer" or "kiosk" (kiosk.officer.kiosk_pin)."""

    entered = Signal(str)
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
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
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
        self.ok = button("primary", name="officerPin:ok")
        self.ok.clicked.connect(self._ok)
        grid.addWidget(self.ok, 4, 0, 1, 3)
        self.box.addWidget(grid_host)
        self._pin = ""
        self.mode = ""

    # -- what the controller calls --------------------------------------------------------
    def open(self, t: Translator, *, mode: str) -> None:
        """mode 'officer' (an officer's PIN) or 'kiosk' (the kiosk PIN before set-up)."""
        self.mode = mode
        self._pin = ""
        self._show()
        self.message.hide()
        self.hint.show()
        self.retranslate(t)
        self.set_locked(False)
        self.cover()

    def retranslate(self, t: Translator) -> None:
        """Title, hint and buttons in the language, for the pad's mode."""
        if self.mode == "kiosk":
            self.title.setText(t("Kiosk PIN"))
            self.hint.setText(t("No officer is set up yet. Enter the kiosk PIN from the "
                                "set-up sheet."))
        else:
            self.title.setText(t("Officer PIN"))
            self.hint.setText(t("Enter your PIN, then OK."))
        self.cancel.setText(t("Cancel"))
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
        """Locked out: every key but Cancel waits."""
        for key in (*self.keys.values(), self.delete, self.ok):
            key.setEnabled(not locked)

    def set_busy(self, busy: bool) -> None:
        """While a PIN is checked, OK waits."""
        self.ok.setEnabled(not busy)

    # -- keys -------------------------------------------------------------------------------
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

    def _cancel(self) -> None:
        self._pin = ""
        self.hide()
        self.cancelled.emit()
