"""Slip check: a field for the scanner (it types the QR token and Enter) or a typed code,
the verdict in words and a mark, what the slip is, and Reprint. Officers only. A view: it
shows a SlipView (the slip presenter's words for the core's answer)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout

from kiosk.i18n import Translator
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.widgets import CHECK, WARNING, button, label, repolish, verbatim
from ui.officer.pages.parts import FitLabel, OfficerPage, row


@dataclass(frozen=True)
class SlipView:
    """One slip check's answer as shown: ok (a genuine slip whose record is here, which
    may be reprinted), the verdict in words, the ticket code ("" for none), and the
    detail lines (kind, service, status, time, masked NIK, ...)."""

    ok: bool
    verdict: str
    code: str
    lines: tuple[str, ...]


class SlipPage(OfficerPage):
    """The slip check page: the scanner's field, the answer card, Reprint."""

    check_requested = Signal(str)
    reprint_requested = Signal()

    def __init__(self) -> None:
        super().__init__("slip")
        self.prompt = label("body", name="slip:prompt")
        self.body.addWidget(self.prompt)
        self.input = QLineEdit()
        self.input.setObjectName("slip:input")
        self.input.setProperty("keyboard", "code")
        self.input.returnPressed.connect(self._check)
        self.input.installEventFilter(self)
        self.check_button = button("primary", name="slip:check")
        self.check_button.clicked.connect(self._check)
        self.body.addWidget(row(self.input, self.check_button, stretch_last=True))
        self.card = QFrame()
        self.card.setObjectName("resultCard")
        card = QVBoxLayout(self.card)
        card.setContentsMargins(24, 18, 24, 18)
        card.setSpacing(10)
        self.verdict = label("subtitle", name="slip:verdict")
        self.code = FitLabel("slip:code", max_px=88)
        self.code.setProperty("role", "bigCode")
        self.details = verbatim(label("details", name="slip:details", wrap=False))
        self.reprint = button("primary", name="slip:reprint")
        self.reprint.clicked.connect(self.reprint_requested.emit)
        self.printed = label("notice", name="slip:printed")
        card.addWidget(self.verdict)
        # The code and the one action side by side: Reprint stays in sight on small screens.
        card.addWidget(row(self.code, self.reprint, stretch_last=True))
        card.addWidget(self.printed)
        card.addWidget(self.details)
        self.card.hide()
        self.body.addWidget(self.card)
        self.body.addStretch(1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        self.bottom.addWidget(self.keyboard)
        self.reprintable = False           # the answer shown is a slip found here

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A finger on the field: the code keyboard, and the old answer goes."""
        if watched is self.input and event.type() == QEvent.Type.MouseButtonPress:
            self.keyboard.attach(self.input)   # a finger on the field: the code keyboard
            self.card.hide()                   # typing a new code: the old answer goes
        return False

    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Slip check"))
        self.prompt.setText(t("Scan the QR code on the slip, or type the ticket code "
                              "(for example A-007, or A-007 2019-10-23 for another day)."))
        self.check_button.setText(t("Check"))
        self.reprint.setText(t("Reprint slip"))
        self.keyboard.retranslate(t)

    def opened(self) -> None:
        """The page came up: the scanner types into the field at once."""
        self.input.setFocus()

    def clear(self) -> None:
        """Forget the last slip (logout): nothing about it stays on screen."""
        self.input.clear()
        self.reprintable = False
        self.card.hide()
        self.verdict.clear()
        self.code.setText("")
        self.details.clear()
        self.printed.clear()
        self.keyboard.attach(None)
        self.say("")

    def _check(self) -> None:
        text = self.input.text().strip()
        if text:
            self.check_requested.emit(text)

    def set_busy(self, busy: bool) -> None:
        """While a check or reprint runs, its buttons wait."""
        self.check_button.setEnabled(not busy)
        self.reprint.setEnabled(not busy and self.reprintable)

    # -- results ----------------------------------------------------------------------------
    def show_result(self, view: SlipView) -> None:
        """Show one check's answer; Reprint only for a slip found on this kiosk."""
        self.reprintable = view.ok
        self.input.clear()
        self.keyboard.attach(None)
        self.printed.hide()
        self.say("")
        self.verdict.setProperty("verdict", "ok" if view.ok else "problem")
        self.verdict.setText((CHECK if view.ok else WARNING) + view.verdict)
        repolish(self.verdict)
        self.code.setText(view.code)
        self.code.setVisible(bool(view.code))
        self.details.setText("\n".join(view.lines))
        self.details.setVisible(bool(self.details.text()))
        self.reprint.setVisible(view.ok)
        self.reprint.setEnabled(view.ok)
        self.card.show()

    def show_printed(self, t: Translator, ok: bool, reason: str = "") -> None:
        """Say whether the reprint came out, and what to do if not."""
        self.printed.setProperty("role", "success" if ok else "error")
        self.printed.setText(CHECK + t("Reprint sent to the printer.") if ok else
                             WARNING + t("The printer failed: {reason}. Fix the printer "
                                         "(paper, cable, power) and tap Reprint again.",
                                         reason=reason))
        repolish(self.printed)
        self.printed.show()
