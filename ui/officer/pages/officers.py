"""The officers page: who can sign in on this kiosk (and who is locked out), adding and
removing an officer, changing one's own PIN, and the kiosk PIN. A view: it shows an
OfficersView, and taps become intent signals; one form at a time, above the keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.kit.keyboard import OnScreenKeyboard
from ui.kit.widgets import button, label, repolish, verbatim
from ui.officer.pages.fields import FieldSet
from ui.officer.pages.parts import OfficerPage, row

# The forms, each a few fields: what the officer is doing, and what they type.
FORMS = {
    "add": ("name", "pin", "pin_again"),
    "own_pin": ("current", "pin", "pin_again"),
    "kiosk_pin": ("pin", "pin_again"),
}
KINDS = {"name": "name", "current": "pin", "pin": "pin", "pin_again": "pin"}


@dataclass(frozen=True)
class OfficerRow:
    """One officer on the list: id, name, the date they were added (as text), whether it is
    the officer signed in, and minutes left of a lock (0: none)."""

    id: int
    name: str
    since: str
    you: bool
    locked_minutes: int = 0


@dataclass(frozen=True)
class OfficersView:
    """The page's values: the officers by name, and whether a kiosk PIN is chosen."""

    rows: tuple[OfficerRow, ...]
    kiosk_pin_chosen: bool


class OfficersPage(OfficerPage):
    """The officers page."""

    add_requested = Signal(str, str, str)          # name, PIN, PIN again
    own_pin_requested = Signal(str, str, str)      # current PIN, new PIN, new PIN again
    kiosk_pin_requested = Signal(str, str)         # new kiosk PIN, again
    remove_requested = Signal(int)
    unlock_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__("officers")
        self.list_host = QWidget()
        self.list_box = QVBoxLayout(self.list_host)
        self.list_box.setContentsMargins(0, 0, 0, 0)
        self.list_box.setSpacing(10)
        self.body.addWidget(self.list_host)
        self.kiosk_state = label("body", name="officers:kioskPin")
        self.body.addWidget(self.kiosk_state)
        self.open_add = button("secondary", name="officers:open:add")
        self.open_own = button("secondary", name="officers:open:own_pin")
        self.open_kiosk = button("secondary", name="officers:open:kiosk_pin")
        for key, opener in (("add", self.open_add), ("own_pin", self.open_own),
                            ("kiosk_pin", self.open_kiosk)):
            opener.clicked.connect(lambda _=False, k=key: self.open_form(k))
        actions = row(self.open_add, self.open_own, self.open_kiosk)
        actions.setObjectName("officers:actions")
        self.body.addWidget(actions)
        self.form_host = QFrame()
        self.form_host.setObjectName("resultCard")
        form_box = QVBoxLayout(self.form_host)
        form_box.setContentsMargins(24, 16, 24, 16)
        self.form_title = label("subtitle", name="officers:formTitle")
        self.fields = FieldSet("officers", [(n, KINDS[n]) for n in KINDS])
        self.fields.touched.connect(self._touched)
        for part in (self.form_title, self.fields):
            form_box.addWidget(part)
        self.form_host.hide()
        self.body.addWidget(self.form_host)
        self.body.addStretch(1)
        # Save and Cancel stay in sight above the keyboard while the form scrolls.
        self.save = button("primary", name="officers:save")
        self.save.clicked.connect(self._save)
        self.close_form = button("secondary", name="officers:closeForm")
        self.close_form.clicked.connect(lambda: self.open_form(""))
        self.form_actions = row(self.save, self.close_form)
        self.form_actions.hide()
        self.bottom.addWidget(self.form_actions)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        self.dock(self.keyboard)
        self.overview = (self.list_host, self.kiosk_state, actions)
        self.form = ""
        self.view = OfficersView((), True)
        self.asking: int | None = None       # the officer whose removal is being confirmed
        self._t: Translator | None = None

    # -- what the presenter calls -----------------------------------------------------------
    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self._t = t
        self.title.setText(t("Officers"))
        self.open_add.setText(t("Add an officer"))
        self.open_own.setText(t("Change my PIN"))
        self.close_form.setText(t("Cancel"))
        self.keyboard.retranslate(t)
        self._texts(t)
        self.show_officers(t, self.view)

    def show_officers(self, t: Translator, view: OfficersView) -> None:
        """The list: name, since when, you, locked (with Unlock); Remove on every other
        officer while more than one is left; and whether a kiosk PIN is chosen."""
        self.view = view
        while self.list_box.count():
            old = self.list_box.takeAt(0).widget()
            if old is not None:
                old.deleteLater()
        for officer in view.rows:
            self.list_box.addWidget(self._row(t, officer, removable=len(view.rows) > 1))
        self.open_kiosk.setText(t("Change the kiosk PIN") if view.kiosk_pin_chosen
                                else t("Choose the kiosk PIN"))
        if view.kiosk_pin_chosen:
            self.kiosk_state.setProperty("role", "body")
            self.kiosk_state.setText(t("Kiosk PIN: chosen. It closes the kiosk while no "
                                       "officer can sign in."))
        else:
            self.kiosk_state.setProperty("role", "error")
            self.kiosk_state.setText(t("No kiosk PIN is chosen: if the officer list cannot be "
                                       "read, nobody can close the kiosk. Choose one now."))
        repolish(self.kiosk_state)

    def open_form(self, key: str) -> None:
        """Show one form ("" closes it), its fields empty, the keyboard on its first field."""
        self.form = key
        self.fields.clear()
        self.say("")
        for part in self.overview:          # one thing at a time: the list, or one form
            part.setVisible(not key)
        self.form_host.setVisible(bool(key))
        self.form_actions.setVisible(bool(key))
        if not key:
            self.keyboard.attach(None)
            return
        self.fields.show_only(*FORMS[key])
        if self._t is not None:
            self._texts(self._t)
        first = self.fields.fields[FORMS[key][0]]
        first.setFocus()                  # the focus cue shows where the keys will type
        self.keyboard.attach(first)

    def problem(self, field: str, text: str) -> None:
        """Say what is wrong next to a field of the open form (scrolled into sight)."""
        self.fields.problem(field, text)
        self.scroll_to(self.fields.problems[field], after_layout=True)

    def clear(self, *names: str) -> None:
        """Empty fields of the open form (all when none are named)."""
        self.fields.clear(*names)

    def set_busy(self, busy: bool) -> None:
        """While a change is saved, Save waits."""
        self.save.setEnabled(not busy)

    # -- inside -----------------------------------------------------------------------------
    def _texts(self, t: Translator) -> None:
        titles = {"add": t("Add an officer"), "own_pin": t("Change my PIN"),
                  "kiosk_pin": t("Change the kiosk PIN")}
        saves = {"add": t("Add officer"), "own_pin": t("Save my new PIN"),
                 "kiosk_pin": t("Save the kiosk PIN")}
        self.form_title.setText(titles.get(self.form, ""))
        self.save.setText(saves.get(self.form, ""))
        kiosk = self.form == "kiosk_pin"
        self.fields.caption({
            "name": t("Officer's name"), "current": t("Your PIN now"),
            "pin": t("New kiosk PIN (6 to 8 digits)") if kiosk else t("PIN (6 to 8 digits)"),
            "pin_again": t("The same kiosk PIN again") if kiosk else t("The same PIN again")})

    def _row(self, t: Translator, officer: OfficerRow, *, removable: bool) -> QWidget:
        card = QFrame()
        card.setObjectName("officerRow")
        line = QHBoxLayout(card)
        line.setContentsMargins(20, 10, 16, 10)
        line.setSpacing(16)
        words = QVBoxLayout()
        words.setSpacing(2)
        name = verbatim(label("subtitle", name=f"officers:name:{officer.id}"))
        name.setText(officer.name)
        words.addWidget(name)
        notes = [t("Added {date}", date=officer.since)]
        if officer.you:
            notes.append(t("signed in now"))
        if officer.locked_minutes:
            notes.append(t("Locked: {minutes} min", minutes=officer.locked_minutes))
        asking = self.asking == officer.id
        if asking:            # the question in place of the notes, next to its two answers
            detail = label("body", name=f"officers:confirm:{officer.id}")
            detail.setText(t("Remove {name}? Their PIN stops working.", name=officer.name))
        else:
            detail = label("hint", name=f"officers:detail:{officer.id}")
            detail.setText(" \u00b7 ".join(notes))
        words.addWidget(detail)
        line.addLayout(words, 1)
        if asking:
            keep = button("secondary", name=f"officers:keep:{officer.id}")
            keep.setText(t("Keep"))
            keep.clicked.connect(lambda: self._ask(None))
            yes = button("danger", name=f"officers:yes:{officer.id}")
            yes.setText(t("Remove"))
            yes.clicked.connect(lambda _=False, oid=officer.id: self._remove(oid))
            line.addWidget(keep)
            line.addWidget(yes)
            return card
        if officer.locked_minutes:
            unlock = button("secondary", name=f"officers:unlock:{officer.id}")
            unlock.setText(t("Unlock"))
            unlock.clicked.connect(lambda _=False, oid=officer.id: self.unlock_requested.emit(oid))
            line.addWidget(unlock)
        if removable and not officer.you:
            remove = button("danger", name=f"officers:remove:{officer.id}")
            remove.setText(t("Remove"))
            remove.clicked.connect(lambda _=False, oid=officer.id: self._ask(oid))
            line.addWidget(remove)
        return card

    def _ask(self, officer_id: int | None) -> None:
        self.asking = officer_id
        if self._t is not None:
            self.show_officers(self._t, self.view)

    def _remove(self, officer_id: int) -> None:
        self.asking = None
        self.remove_requested.emit(officer_id)

    def _touched(self, editor) -> None:
        self.keyboard.attach(editor)
        self.scroll_to(editor)

    def _save(self) -> None:
        v = self.fields.values()
        self.fields.quiet()
        if self.form == "add":
            self.add_requested.emit(v["name"], v["pin"], v["pin_again"])
        elif self.form == "own_pin":
            self.own_pin_requested.emit(v["current"], v["pin"], v["pin_again"])
        elif self.form == "kiosk_pin":
            self.kiosk_pin_requested.emit(v["pin"], v["pin_again"])
