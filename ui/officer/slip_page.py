"""Slip check: a field for the scanner (it types the QR token and Enter) or a typed code,
the verdict in words and a mark, what the slip is, and Reprint. Officers only."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout

from kiosk.event.catalogue import Catalogue
from kiosk.i18n import Translator
from kiosk.officer.slipcheck import SlipCheck
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.widgets import CHECK, WARNING, button, label, repolish, verbatim
from ui.officer.parts import FitLabel, OfficerPage, row

STATUS = {"waiting": "waiting", "called": "at a counter", "served": "served",
          "no_show": "no-show"}
KINDS = {"application": "Application", "complaint": "Complaint",
         "info": "Information slip", "referral": "Referral slip"}


class SlipPage(OfficerPage):
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
        self.result: SlipCheck | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.input and event.type() == QEvent.Type.MouseButtonPress:
            self.keyboard.attach(self.input)   # a finger on the field: the code keyboard
            self.card.hide()                   # typing a new code: the old answer goes
        return False

    def retranslate(self, t: Translator) -> None:
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
        self.result = None
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
        self.check_button.setEnabled(not busy)
        self.reprint.setEnabled(not busy and self.result is not None and self.result.ok)

    # -- results ----------------------------------------------------------------------------
    def show_result(self, t: Translator, result: SlipCheck, catalogue: Catalogue) -> None:
        self.result = result
        self.input.clear()
        self.keyboard.attach(None)
        self.printed.hide()
        self.say("")
        self.verdict.setProperty("verdict", "ok" if result.ok else "problem")
        if result.ok:
            self.verdict.setText(CHECK + (t("Genuine slip, found on this kiosk")
                                          if result.via == "token"
                                          else t("Ticket found on this kiosk")))
        else:
            key, params = result.message()
            self.verdict.setText(WARNING + t(key, **params))
        repolish(self.verdict)
        self.code.setText(result.code or "")
        self.code.setVisible(bool(result.code))
        self.details.setText("\n".join(self._lines(t, result, catalogue)))
        self.details.setVisible(bool(self.details.text()))
        self.reprint.setVisible(result.ok)
        self.reprint.setEnabled(result.ok)
        self.card.show()

    def _lines(self, t: Translator, r: SlipCheck, catalogue: Catalogue) -> list[str]:
        lines = []
        if r.code and not r.ok:
            lines.append(f"{t('Ticket')}: {r.code}")
        if r.kind:
            lines.append(f"{t('Kind')}: {t(KINDS.get(r.kind, r.kind))}")
        if r.service:
            lines.append(f"{t('Service')}: {t(catalogue.service(r.service).name)}")
        if r.status:
            status = t(STATUS.get(r.status, r.status))
            if r.status == "called" and r.counter:
                status += " " + t("(counter {counter})", counter=r.counter)
            lines.append(f"{t('Status')}: {status}")
        if r.priority:
            lines.append(f"{t('Priority')}: {t('Yes')}")
        if r.issued_local is not None:
            lines.append(f"{t('Issued')}: {t.date(r.issued_local.date())}, "
                         f"{t.time(r.issued_local)}")
        elif r.day is not None:
            lines.append(f"{t('Day')}: {t.date(r.day)}")
        if r.name:
            lines.append(f"{t('Name')}: {r.name}")
        if r.masked_nik:
            lines.append(f"{t('NIK')}: {r.masked_nik}")
        if r.tracking_number:
            lines.append(f"{t('Tracking number')}: {r.tracking_number}")
        if r.redacted:
            lines.append(t("Personal data already removed (retention)."))
        if r.kiosk_id and not r.ok:
            lines.append(f"{t('Kiosk')}: {r.kiosk_id}")
        return lines

    def show_printed(self, t: Translator, ok: bool, reason: str = "") -> None:
        self.printed.setProperty("role", "success" if ok else "error")
        self.printed.setText(CHECK + t("Reprint sent to the printer.") if ok else
                             WARNING + t("The printer failed: {reason}. Fix the printer "
                                         "(paper, cable, power) and tap Reprint again.",
                                         reason=reason))
        repolish(self.printed)
        self.printed.show()
