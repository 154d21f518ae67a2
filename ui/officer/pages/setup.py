"""First-run set-up: check the event details, then name the first officer and choose a PIN
(typed twice). Shown after the kiosk PIN, while no officer exists."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.event.config import Config
from kiosk.i18n import Translator
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.widgets import button, label, verbatim
from ui.officer.pages.parts import OfficerPage, row


class SetupPage(OfficerPage):
    """First-run set-up: the event as configured, and the first officer's name and PIN."""

    create_requested = Signal(str, str, str)     # name, PIN, PIN again
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
        self.officer_title = label("subtitle", name="setup:officerTitle")
        form_box.addWidget(self.officer_title)
        self.fields: dict[str, QLineEdit] = {}
        self.captions: dict[str, QWidget] = {}
        for name, keyboard in (("name", "name"), ("pin", "digits"), ("pin_again", "digits")):
            caption = label("fieldLabel")
            editor = QLineEdit()
            editor.setObjectName(f"setup:{name}")
            editor.setProperty("keyboard", keyboard)
            if keyboard == "digits":
                editor.setEchoMode(QLineEdit.EchoMode.Password)
                editor.setMaxLength(8)
            editor.installEventFilter(self)
            form_box.addWidget(caption)
            form_box.addWidget(editor)
            self.fields[name], self.captions[name] = editor, caption
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
        self.bottom.addWidget(self.keyboard)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A finger on a field: the on-screen keyboard types into it."""
        if event.type() == QEvent.Type.MouseButtonPress and watched in self.fields.values():
            self.keyboard.attach(watched)
            self.scroll_to(watched)
        return False

    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Set up this kiosk"))
        self.event_title.setText(t("1. Check the event"))
        self.event_hint.setText(t("Something wrong? Correct kiosk.toml in the data folder "
                                  "and start the kiosk again."))
        self.officer_title.setText(t("2. The first officer"))
        self.captions["name"].setText(t("Officer's name"))
        self.captions["pin"].setText(t("PIN (6 to 8 digits)"))
        self.captions["pin_again"].setText(t("The same PIN again"))
        self.create.setText(t("Create officer"))
        self.cancel.setText(t("Cancel"))
        self.exit.setText(t("Close the kiosk"))
        self.keyboard.retranslate(t)

    def show_event(self, t: Translator, config: Config, service_names: list[str],
                   today: str) -> None:
        """The event as kiosk.toml has it, for the officer to check."""
        e = config.event
        self.event_lines.setText("\n".join([
            e.office, f"{e.name} \u00b7 {e.venue}", today,
            t("Services on site: {services}", services=", ".join(service_names)),
            t("Kiosk {number} of {kiosks}", number=config.kiosk.number, kiosks=e.kiosks),
            t("Pick-up after {n} working days at {place}", n=e.pickup_working_days,
              place=e.pickup_place),
        ]))

    def clear(self) -> None:
        """Forget the name and both PINs typed."""
        for editor in self.fields.values():
            editor.clear()
        self.keyboard.attach(None)
        self.say("")

    def set_busy(self, busy: bool) -> None:
        """While the officer is made, Create waits."""
        self.create.setEnabled(not busy)

    def _create(self) -> None:
        f = self.fields
        self.create_requested.emit(f["name"].text(), f["pin"].text(), f["pin_again"].text())
