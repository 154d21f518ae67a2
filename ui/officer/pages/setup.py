"""First-run set-up: check the event details, choose the kiosk PIN when none is chosen yet
(typed twice), then name the first officer and choose their PIN (typed twice). Shown after
the kiosk PIN, or at once on a kiosk where nothing is chosen yet, while no officer exists."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget

from kiosk.event.config import Config
from kiosk.i18n import Translator
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.widgets import button, label, verbatim
from ui.officer.pages.fields import FieldSet
from ui.officer.pages.parts import OfficerPage, row

KIOSK_FIELDS = ("kiosk_pin", "kiosk_pin_again")
OFFICER_FIELDS = ("name", "pin", "pin_again")


class SetupPage(OfficerPage):
    """First-run set-up: the event as configured, the kiosk PIN (when asked for), and the
    first officer's name and PIN."""

    create_requested = Signal(object)     # {field name: text typed}
    exit_requested = Signal()
    cancelled = Signal()

    def __init__(self) -> None:
        super().__init__("setup")
        columns = QWidget()
        grid = QGridLayout(columns)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(32)
        event = QFrame()
        event.setObjectName("resultCard")
        event_box = QVBoxLayout(event)
        event_box.setContentsMargins(24, 18, 24, 18)
        self.event_title = label("subtitle", name="setup:eventTitle")
        self.event_lines = verbatim(label("body", name="setup:event"))
        self.event_hint = label("hint", name="setup:eventHint")
        for part in (self.event_title, self.event_lines, self.event_hint):
            event_box.addWidget(part)
        event_box.addStretch(1)
        grid.addWidget(event, 0, 0)
        form = QWidget()
        form_box = QVBoxLayout(form)
        form_box.setContentsMargins(0, 0, 0, 0)
        form_box.setSpacing(8)
        self.kiosk_title = label("subtitle", name="setup:kioskTitle")
        self.kiosk_hint = label("hint", name="setup:kioskHint")
        self.kiosk = FieldSet("setup", [(name, "pin") for name in KIOSK_FIELDS])
        self.officer_title = label("subtitle", name="setup:officerTitle")
        self.officer = FieldSet("setup", [("name", "name"), ("pin", "pin"),
                                          ("pin_again", "pin")])
        for part in (self.kiosk_title, self.kiosk_hint, self.kiosk, self.officer_title,
                     self.officer):
            form_box.addWidget(part)
        grid.addWidget(form, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addWidget(columns)
        self.create = button("primary", name="setup:create")
        self.create.clicked.connect(self._create)
        self.exit = button("secondary", name="setup:exit")
        self.exit.clicked.connect(self.exit_requested.emit)
        self.cancel = button("secondary", name="setup:cancel")
        self.cancel.clicked.connect(self.cancelled.emit)
        self.body.addStretch(1)
        # The action stays in sight above the keyboard while the form scrolls.
        self.bottom.addWidget(row(self.create, self.cancel, self.exit))
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        self.dock(self.keyboard)
        for fields in (self.kiosk, self.officer):
            fields.touched.connect(self._touched)
        self.asks_kiosk_pin = True

    @property
    def fields(self) -> dict:
        """Every field of the form by name (the kiosk PIN's too)."""
        return {**self.kiosk.fields, **self.officer.fields}

    def _touched(self, editor) -> None:
        self.keyboard.attach(editor)
        self.scroll_to(editor)

    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Set up this kiosk"))
        self.event_title.setText(t("1. Check the event"))
        self.event_hint.setText(t("Something wrong? Correct kiosk.toml in the data folder "
                                  "and start the kiosk again."))
        self.kiosk_title.setText(t("2. The kiosk PIN"))
        self.kiosk_hint.setText(t("It closes the kiosk while no officer can sign in. Write it "
                                  "on the set-up sheet and keep that sheet with the office."))
        self.kiosk.caption({"kiosk_pin": t("Kiosk PIN (6 to 8 digits)"),
                            "kiosk_pin_again": t("The same kiosk PIN again")})
        self.officer_title.setText(t("3. The first officer") if self.asks_kiosk_pin
                                   else t("2. The first officer"))
        self.officer.caption({"name": t("Officer's name"), "pin": t("PIN (6 to 8 digits)"),
                              "pin_again": t("The same PIN again")})
        self.create.setText(t("Create officer"))
        self.cancel.setText(t("Cancel"))
        self.exit.setText(t("Close the kiosk"))
        self.keyboard.retranslate(t)

    def ask_kiosk_pin(self, asked: bool) -> None:
        """Show the kiosk PIN's fields (no usable kiosk PIN is configured) or not."""
        self.asks_kiosk_pin = asked
        for part in (self.kiosk_title, self.kiosk_hint, self.kiosk):
            part.setVisible(asked)

    def show_event(self, t: Translator, config: Config, service_names: list[str],
                   today: str) -> None:
        """The event as kiosk.toml has it, for the officer to check."""
        e = config.event
        self.event_lines.setText("\n".join([
            e.office, f"{e.name} \u00b7 {e.venue}", today,
            t("Services on site: {services}", services=", ".join(service_names)),
            t("Kiosk {number} of {kiosks}", number=config.kiosk.number, kiosks=e.kiosks),
            t.ngettext("Pick-up after {n} working day at {place}",
                       "Pick-up after {n} working days at {place}", e.pickup_working_days,
                       n=e.pickup_working_days, place=e.pickup_place),
        ]))

    def problem(self, field: str, text: str) -> None:
        """Say what is wrong next to `field` (any of the form's fields), scrolled into sight."""
        fields = self.kiosk if field in KIOSK_FIELDS else self.officer
        fields.problem(field, text)
        self.scroll_to(fields.problems[field], after_layout=True)

    def clear(self, *names: str) -> None:
        """Forget what was typed (the named fields, or all of them and the keyboard)."""
        for fields, own in ((self.kiosk, KIOSK_FIELDS), (self.officer, OFFICER_FIELDS)):
            mine = [n for n in names if n in own]
            if mine or not names:
                fields.clear(*mine)
        if not names:
            self.keyboard.attach(None)
            self.say("")

    def quiet(self) -> None:
        """Hide every problem line (a new attempt starts)."""
        self.kiosk.quiet()
        self.officer.quiet()
        self.say("")

    def set_busy(self, busy: bool) -> None:
        """While the officer is made, Create waits."""
        self.create.setEnabled(not busy)

    def _create(self) -> None:
        values = self.officer.values()
        if self.asks_kiosk_pin:
            values |= self.kiosk.values()
        self.create_requested.emit(values)
