"""Officer entry and session: the gesture, the PIN pad (wrong PINs, lockout), first-run
set-up, idle logout and closing the kiosk. Slow work (scrypt, commits) runs in the
background; answers come back here on the UI thread."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import math
import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.booth.build import Booth
from kiosk.errors import describe
from kiosk.i18n import Translator
from kiosk.officer.accounts import LockedOut, WrongPin
from kiosk.records.audit import Officer
from ui.background import Background
from ui.officer.gesture import LongPress
from ui.officer.panel import OfficerPanel
from ui.officer.parts import Confirm
from ui.officer.pin_pad import OfficerPinPad
from ui.officer.sections import Sections

OTHER_LANGUAGE = {"id": "en", "en": "id"}
LANGUAGE_BUTTON = {"id": "English", "en": "Bahasa Indonesia"}

log = logging.getLogger(__name__)


class OfficerSession(QObject):
    """Who is signed in, and everything about getting in and out."""

    def __init__(self, *, window: QWidget, office: QWidget, services: Booth,
                 background: Background, monotonic: Callable[[], float],
                 on_enter: Callable[[], None], on_exit: Callable[[], None],
                 sticks: Callable[[], list] | None = None,
                 hold_timer: QTimer | None = None, tick_timer: QTimer | None = None) -> None:
        super().__init__(window)
        self.window, self.services, self.background = window, services, background
        self.monotonic, self.on_enter, self.on_exit = monotonic, on_enter, on_exit
        config = services.config
        self.language = config.kiosk.language
        self.idle_seconds = config.kiosk.officer_idle_seconds
        self.officer: Officer | None = None
        self.leaving = False           # the entry was asked for to close the kiosk
        self.locked_until: dt.datetime | None = None
        self.last_activity = monotonic()

        self.panel = OfficerPanel(window, reports_folder=services.reports_folder())
        self.pad = OfficerPinPad(window)
        self.pad.setStyleSheet(self.panel.styleSheet())
        self.confirm = Confirm(window, "confirmExit")
        self.confirm.setStyleSheet(self.panel.styleSheet())
        self.sections = Sections(panel=self.panel, services=services, background=background,
                                 session=self, sticks=sticks)
        self.gesture = LongPress(office, timer=hold_timer)
        self.gesture.held.connect(lambda: self.open_entry())
        self.tick_timer = tick_timer or QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self.tick)
        self._connect()
        window.resized.connect(self._fit)
        window.activity.active.connect(self._active)
        self.tick_timer.start()

    def _connect(self) -> None:
        p = self.panel
        self.pad.entered.connect(self._pin_entered)
        self.pad.cancelled.connect(self._pad_cancelled)
        p.logout_requested.connect(lambda: self.logout("manual"))
        p.exit_requested.connect(self._ask_exit)
        p.language_toggled.connect(self._toggle_language)
        p.section_chosen.connect(self.sections.show)
        p.setup.create_requested.connect(self._create_first_officer)
        p.setup.exit_requested.connect(self._ask_exit)
        p.setup.cancelled.connect(self._close_all)
        self.confirm.answered.connect(lambda yes: self._exit() if yes else None)

    def close(self) -> None:
        self.tick_timer.stop()
        self.gesture.timer.stop()
        self.window.activity.active.disconnect(self._active)
        self.window.resized.disconnect(self._fit)

    # -- language ---------------------------------------------------------------------------
    @property
    def t(self) -> Translator:
        return Translator(self.language)

    def _toggle_language(self) -> None:
        self.language = OTHER_LANGUAGE[self.language]
        self.retranslate()
        self.sections.show(self.panel.current())

    def retranslate(self) -> None:
        t = self.t
        who = (t("Officer: {name}", name=self.officer.name) if self.officer
               else t("Kiosk set-up"))
        self.panel.retranslate(t, who=who, language_text=LANGUAGE_BUTTON[self.language])
        if self.pad.isVisible():
            self.pad.retranslate(t)

    # -- entry ------------------------------------------------------------------------------
    def open_entry(self, *, leaving: bool = False) -> None:
        """The gesture (or a request to close the kiosk): the PIN pad, or set-up first."""
        if self.officer is not None or self.panel.isVisible():
            if leaving and self.officer is not None:
                self._ask_exit()
            return
        self.leaving = leaving
        reset_taps = getattr(self.window, "reset_exit_taps", None)
        if reset_taps:
            reset_taps()
        self.touch()

        def facts() -> tuple[bool, LockedOut | None]:
            officers = self.services.officers()
            return officers.setup_needed(), officers.locked_out()

        self.background.run(facts, on_result=self._entry_ready, on_error=self._entry_unreadable)

    def _entry_unreadable(self, error: BaseException) -> None:
        """The officer list could not be read. A broken or unopenable database: the kiosk
        PIN closes the kiosk (and does nothing else), so a full-screen kiosk never locks
        everyone out. Anything passing (a busy database, a bug): say so; try again."""
        log.error("officer entry: the officer list cannot be read (%s)", type(error).__name__)
        if not _database_broken(error):
            self.pad.open(self.t, mode="officer")
            self.pad.say(self.t("Something went wrong: {detail}", detail=str(error)))
            return
        self.leaving = True
        self.pad.open(self.t, mode="kiosk")
        self.pad.say(self.t("The officer list cannot be read. The kiosk PIN closes the kiosk."))

    def _entry_ready(self, facts: tuple[bool, LockedOut | None]) -> None:
        setup_needed, locked = facts
        self.pad.open(self.t, mode="kiosk" if setup_needed else "officer")
        if locked is not None:
            self._locked(locked.until)

    def _pin_entered(self, pin: str) -> None:
        self.touch()
        if self.pad.mode == "kiosk":
            if hmac.compare_digest(pin.encode(), self.services.config.kiosk.exit_pin.encode()):
                self.pad.hide()
                if self.leaving:
                    self._exit()
                else:
                    self._open_setup()
            else:
                self.pad.say(self.t("Wrong PIN. Try again."))
            return
        self.pad.set_busy(True)
        self.background.run(lambda: self.services.officers().authenticate(pin),
                            on_result=self._authenticated, on_error=self._entry_failed)

    def _authenticated(self, answer: Officer | WrongPin | LockedOut) -> None:
        self.pad.set_busy(False)
        if isinstance(answer, Officer):
            self._login(answer)
        elif isinstance(answer, WrongPin):
            self.pad.say(self.t("pin.wrong", tries=answer.tries_left))
        else:
            self._locked(answer.until)

    def _entry_failed(self, error: BaseException) -> None:
        self.pad.set_busy(False)
        self.pad.say(self.t("Something went wrong: {detail}", detail=str(error)))

    def _locked(self, until: dt.datetime) -> None:
        self.locked_until = until
        self.pad.set_locked(True)
        self._show_lock()

    def _show_lock(self) -> None:
        if self.locked_until is None:
            return
        left = (self.locked_until - self.services.clock.now()).total_seconds()
        if left <= 0:
            self.locked_until = None
            self.pad.set_locked(False)
            self.pad.note(self.t("You can try again now."))
            return
        self.pad.say(self.t("pin.locked", minutes=max(1, math.ceil(left / 60))))

    def _pad_cancelled(self) -> None:
        self.locked_until = None
        self.leaving = False

    # -- set-up -----------------------------------------------------------------------------
    def _open_setup(self) -> None:
        self.panel.setup.clear()
        self.sections.show("setup")
        self.panel.cover()
        self.retranslate()

    def _create_first_officer(self, name: str, pin: str, again: str) -> None:
        self.touch()
        setup = self.panel.setup
        if pin != again:
            setup.say(self.t("The two PINs are not the same. Type them again."), problem=True)
            setup.fields["pin"].clear()
            setup.fields["pin_again"].clear()
            return
        setup.set_busy(True)

        def create() -> Officer | LockedOut | WrongPin:
            officers = self.services.officers()
            first = officers.create_officer(name, pin)
            return officers.authenticate(pin, officer_id=first.id)

        self.background.run(create, on_result=self._created, on_error=self._create_failed)

    def _created(self, answer: Any) -> None:
        self.panel.setup.set_busy(False)
        self.panel.setup.clear()
        if isinstance(answer, Officer):
            self._login(answer)

    def _create_failed(self, error: BaseException) -> None:
        setup = self.panel.setup
        setup.set_busy(False)
        setup.say(describe(error, self.t), problem=True)

    # -- session ----------------------------------------------------------------------------
    def _login(self, officer: Officer) -> None:
        self.officer = officer
        self.locked_until = None
        self.pad.hide()
        self.on_enter()
        self.touch()
        self.panel.cover()
        self.sections.show("queue")
        self.retranslate()

    def logout(self, reason: str) -> None:
        officer, self.officer = self.officer, None
        self._close_all()
        if officer is not None:
            self.background.run(
                lambda: self.services.officers().logout(officer, reason=reason),
                on_result=lambda _none: None)

    def _close_all(self) -> None:
        """Hide every officer screen and forget what they showed."""
        self.sections.clear()
        self.panel.hide()
        self.pad.hide()
        self.confirm.hide()
        self.language = self.services.config.kiosk.language
        self.leaving = False

    def _ask_exit(self) -> None:
        t = self.t
        self.confirm.ask(t("Close the kiosk? Citizens cannot use it until it is started "
                           "again."), t("Close the kiosk"), t("Cancel"))

    def _exit(self) -> None:
        officer = self.officer
        if officer is not None:
            self.officer = None
            self.background.run(
                lambda: self.services.officers().logout(officer, reason="manual"),
                on_result=lambda _none: self.on_exit(),
                on_error=lambda _exc: self.on_exit())
            return
        self.on_exit()

    # -- idle -------------------------------------------------------------------------------
    @property
    def showing(self) -> bool:
        return self.panel.isVisible() or self.pad.isVisible() or self.confirm.isVisible()

    def touch(self) -> None:
        self.last_activity = self.monotonic()

    def tick(self) -> None:
        if self.pad.isVisible() and self.locked_until is not None:
            self._show_lock()
        if not self.showing:
            return
        if self.sections.busy:
            self.touch()           # an export in progress is not inactivity
            return
        if self.monotonic() - self.last_activity >= self.idle_seconds:
            if self.officer is not None:
                self.logout("idle")
            else:
                self._close_all()
            return
        self.sections.tick()

    def _fit(self) -> None:
        for part in (self.panel, self.pad, self.confirm):
            if part.isVisible():
                part.setGeometry(self.window.rect())

    def _active(self) -> None:
        if self.showing:
            self.touch()


def _database_broken(error: BaseException) -> bool:
    """A database error that trying again will not cure (not "locked" or "busy")."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    text = str(error).lower()
    return "locked" not in text and "busy" not in text
