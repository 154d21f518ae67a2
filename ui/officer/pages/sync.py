"""The Sync page: how this kiosk stands with the central office (records waiting, the last
success, the last problem in words, records the office holds another version of), a bar
while records are sent, "Sync now", and enrolling the kiosk with the office's code. A
view: it shows a SyncView (the sync presenter's words), taps become intent signals."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QProgressBar, QVBoxLayout

from kiosk.i18n import Translator
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.widgets import WARNING, button, label, verbatim
from ui.officer.pages.fields import FieldSet
from ui.officer.pages.parts import OfficerPage, row


@dataclass(frozen=True)
class SyncView:
    """The Sync page's values, in the officer's language.

    office: who the kiosk sends to ("" when not enrolled); headline: records waiting (or
    "all delivered"); lines: last success, next try; problem: the last round's failure in
    words ("" when the last round worked); parked_title and parked: the records the office
    answered `conflict` for, one line each; sending: (records answered, to send) while a
    round runs, else None; enrolled: whether the kiosk holds an enrollment.
    """

    office: str
    headline: str
    lines: tuple[str, ...]
    problem: str
    parked_title: str
    parked: tuple[str, ...]
    sending: tuple[int, int] | None
    enrolled: bool


class SyncPage(OfficerPage):
    """The Sync page: status card, progress bar, Sync now, parked records, enrollment."""

    sync_requested = Signal()
    enroll_requested = Signal(str, str)      # the office's address, the one-time code

    def __init__(self) -> None:
        super().__init__("sync")
        self.card = QFrame()
        self.card.setObjectName("resultCard")
        card = QVBoxLayout(self.card)
        card.setContentsMargins(24, 16, 24, 16)
        card.setSpacing(8)
        self.office = verbatim(label("body", name="sync:office"))
        self.headline = label("subtitle", name="sync:headline")
        self.details = label("body", name="sync:details")
        self.problem = label("error", name="sync:problem")
        self.problem.hide()
        for part in (self.office, self.headline, self.details, self.problem):
            card.addWidget(part)
        self.body.addWidget(self.card)
        self.progress = QProgressBar()
        self.progress.setObjectName("sync:progress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.body.addWidget(self.progress)
        self.now = button("primary", name="sync:now")
        self.now.clicked.connect(self.sync_requested.emit)
        self.open_enroll = button("secondary", name="sync:open:enroll")
        self.open_enroll.clicked.connect(lambda: self.show_form(not self.form.isVisible()))
        self.body.addWidget(row(self.now, self.open_enroll))
        self.parked_title = label("fieldLabel", name="sync:parkedTitle")
        self.parked = verbatim(label("details", name="sync:parked"))
        self.parked_title.hide()
        self.parked.hide()
        self.body.addWidget(self.parked_title)
        self.body.addWidget(self.parked)
        self.form = QFrame()
        self.form.setObjectName("resultCard")
        form = QVBoxLayout(self.form)
        form.setContentsMargins(24, 16, 24, 16)
        self.form_title = label("subtitle", name="sync:formTitle")
        self.form_intro = label("body", name="sync:formIntro")
        self.fields = FieldSet("sync", [("url", "text"), ("code", "code")])
        self.fields.touched.connect(self._touched)
        for part in (self.form_title, self.form_intro, self.fields):
            form.addWidget(part)
        self.form.hide()
        self.body.addWidget(self.form)
        self.body.addStretch(1)
        # Enroll and Cancel stay in sight above the keyboard while the form scrolls.
        self.enroll = button("primary", name="sync:enroll")
        self.enroll.clicked.connect(self._enroll)
        self.cancel = button("secondary", name="sync:cancel")
        self.cancel.clicked.connect(lambda: self.show_form(False))
        self.form_actions = row(self.enroll, self.cancel)
        self.form_actions.hide()
        self.bottom.addWidget(self.form_actions)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        self.dock(self.keyboard)
        self.view: SyncView | None = None

    # -- what the presenter calls -----------------------------------------------------------
    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Sync with the office"))
        self.now.setText(t("Sync now"))
        self.form_title.setText(t("Enroll this kiosk"))
        self.form_intro.setText(t("Type the office's address and the one-time code the "
                                  "office's IT staff give you (kiosk-central kiosks enroll)."))
        self.fields.caption({"url": t("Office address (https://...)"),
                             "code": t("Enrollment code (XXXX-XXXX-XXXX)")})
        self.enroll.setText(t("Enroll"))
        self.cancel.setText(t("Cancel"))
        self.keyboard.retranslate(t)
        self._opener_text(t)

    def _opener_text(self, t: Translator) -> None:
        enrolled = self.view is not None and self.view.enrolled
        self.open_enroll.setText(t("Enroll again") if enrolled else t("Enroll this kiosk"))

    def show_status(self, t: Translator, view: SyncView) -> None:
        """The card, the bar and the parked records; Sync now waits while a round runs."""
        self.view = view
        self.office.setText(view.office)
        self.headline.setText(view.headline)
        self.details.setText("\n".join(view.lines))
        self.details.setVisible(bool(view.lines))
        self.problem.setText(WARNING + view.problem if view.problem else "")
        self.problem.setVisible(bool(view.problem))
        self.parked_title.setText(view.parked_title)
        self.parked_title.setVisible(bool(view.parked))
        self.parked.setText("\n".join(view.parked))
        self.parked.setVisible(bool(view.parked))
        if view.sending is not None:
            done, total = view.sending
            self.progress.setRange(0, 100)
            self.progress.setValue(round(100 * done / total) if total else 100)
            self.progress.setFormat(t("{done} of {total} records sent", done=done,
                                      total=total))
            self.progress.show()
        else:
            self.progress.hide()
        self.now.setEnabled(view.enrolled and view.sending is None)
        self._opener_text(t)

    def syncing(self, t: Translator) -> None:
        """Sync now was tapped: a moving bar and a waiting button until the round reports."""
        self.progress.setRange(0, 0)
        self.progress.setFormat(t("Syncing with the office\u2026"))
        self.progress.show()
        self.now.setEnabled(False)

    def show_form(self, shown: bool) -> None:
        """Open or close the enrollment form (closing forgets what was typed)."""
        self.form.setVisible(shown)
        self.form_actions.setVisible(shown)
        if shown:
            self.fields.quiet()
            self.keyboard.attach(self.fields.fields["url"])
            self.fields.fields["url"].setFocus()
            self.scroll_to(self.form, after_layout=True)
        else:
            self.fields.clear()
            self.keyboard.attach(None)
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        """While enrolling, Enroll waits."""
        self.enroll.setEnabled(not busy)

    def enroll_problem(self, field: str, text: str) -> None:
        """Say under the address or the code why enrollment did not work."""
        self.fields.problem(field, text)
        self.scroll_to(self.fields.problems[field], after_layout=True)

    def enrolled(self, text: str) -> None:
        """Enrollment worked: the form closes (the code is forgotten), the page says so."""
        self.show_form(False)
        self.say(text)

    def clear(self) -> None:
        """Logged out: nothing typed stays."""
        self.show_form(False)
        self.say("")

    # -- inside -----------------------------------------------------------------------------
    def _touched(self, editor) -> None:
        self.keyboard.attach(editor)

    def _enroll(self) -> None:
        values = self.fields.values()
        self.fields.quiet()
        self.enroll_requested.emit(values["url"].strip(), values["code"].strip())
