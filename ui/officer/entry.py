"""Signing in: the long press on the office name opens the PIN pad, in the mode the core
gives (kiosk.officer.kiosk_pin). Officers tap their name, then type their PIN, checked on a
worker (scrypt: Officers.authenticate) with that officer's tries left and lockout counted
down on the pad. The kiosk PIN (before set-up, or when the officer list cannot be read)
is checked on a worker too, with its own lockout, and closes the kiosk or opens set-up; a
kiosk with nothing chosen yet goes straight to set-up. Nothing here knows the signed-in
session: it says who signed in.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.booth.build import Booth
from kiosk.booth.health import classify
from kiosk.errors import describe
from kiosk.i18n import Translator
from kiosk.officer.accounts import LockedOut, WrongPin
from kiosk.officer.kiosk_pin import EntryMode, entry_mode, officer_list_broken
from kiosk.records.audit import Officer
from ui.background import Background
from ui.officer.gesture import LongPress
from ui.officer.pages.pin_pad import NameChoice, OfficerPinPad

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Facts:
    """What the pad needs before it opens: its mode, the officers to choose from, and the
    locks in force (by officer id; the kiosk PIN's under 0)."""

    mode: EntryMode
    names: list[NameChoice] = field(default_factory=list)
    locks: dict[int, LockedOut] = field(default_factory=dict)


KIOSK = 0      # the kiosk PIN's key in Facts.locks


class OfficerEntry(QObject):
    """The PIN pad and what it answers: signed_in(Officer), setup_requested (the kiosk
    PIN before set-up, or nothing chosen yet), close_requested (the kiosk PIN when closing
    was asked), close_offered (nothing can be checked: the officer list cannot be read and
    no kiosk PIN is chosen)."""

    signed_in = Signal(object)
    setup_requested = Signal()
    close_requested = Signal()
    close_offered = Signal()

    def __init__(self, *, window: QWidget, office: QWidget, booth: Booth,
                 background: Background, translator: Callable[[], Translator],
                 touch: Callable[[], None], hold_timer: QTimer | None = None) -> None:
        super().__init__(window)
        self.window, self.booth, self.background = window, booth, background
        self.translator, self.touch = translator, touch
        self.leaving = False           # the entry was asked for to close the kiosk
        self.locked_until: dt.datetime | None = None
        self.facts = Facts(EntryMode.OFFICER)
        self.officer_id: int | None = None      # whose PIN the pad asks for
        self.pad = OfficerPinPad(window)
        self.gesture = LongPress(office, timer=hold_timer)
        self.pad.entered.connect(self._pin_entered)
        self.pad.picked.connect(self._picked)
        self.pad.back.connect(lambda: self.open(leaving=self.leaving))
        self.pad.cancelled.connect(self._cancelled)

    @property
    def t(self) -> Translator:
        """The language the pad speaks now."""
        return self.translator()

    def open(self, *, leaving: bool) -> None:
        """Read the mode, the officers and any locks on a worker, then open the pad."""
        self.leaving = leaving
        self.locked_until, self.officer_id = None, None
        reset_taps = getattr(self.window, "reset_exit_taps", None)
        if reset_taps:
            reset_taps()
        self.touch()
        booth = self.booth

        def facts() -> Facts:
            officers, kiosk_pin = booth.officers(), booth.kiosk_pin()
            mode = entry_mode(setup_needed=officers.setup_needed(),
                              kiosk_pin_chosen=kiosk_pin.chosen)
            if mode == EntryMode.KIOSK:
                lock = kiosk_pin.locked_out()
                return Facts(mode, locks={KIOSK: lock} if lock else {})
            if mode != EntryMode.OFFICER:
                return Facts(mode)
            locks = officers.locks()
            return Facts(mode, [NameChoice(o.id, o.name, locks[o.id].minutes_left
                                           if o.id in locks else 0)
                                for o in officers.active()], locks)

        self.background.run(facts, on_result=self._ready, on_error=self._unreadable)

    def close(self) -> None:
        """Hide the pad and forget why it was opened."""
        self.pad.hide()
        self.leaving = False

    def retranslate(self) -> None:
        """The pad in the current language, if shown."""
        if self.pad.isVisible():
            self.pad.retranslate(self.t)

    def tick(self) -> None:
        """Once a second: count a lock down on the pad."""
        if self.pad.isVisible() and self.locked_until is not None:
            self._show_lock()

    # -- answers ----------------------------------------------------------------------------
    def _ready(self, facts: Facts) -> None:
        self.facts = facts
        if facts.mode == EntryMode.SETUP:
            self.pad.hide()
            self.setup_requested.emit()
        elif facts.mode == EntryMode.KIOSK:
            self.pad.open(self.t, mode=EntryMode.KIOSK)
            if KIOSK in facts.locks:
                self._locked(facts.locks[KIOSK].until)
        elif len(facts.names) == 1:
            self._picked(facts.names[0].id)
        else:
            self.pad.open_names(self.t, facts.names)

    def _unreadable(self, error: BaseException) -> None:
        """The officer list could not be read. A broken database: the kiosk PIN closes the
        kiosk (and does nothing else), or closing is offered when no kiosk PIN is chosen.
        Anything passing (busy, a bug): say so; try again."""
        log.error("officer entry: the officer list cannot be read (%s)", type(error).__name__)
        t = self.t
        if not officer_list_broken(error):
            self.pad.open(t, mode=EntryMode.OFFICER)
            self.pad.say(describe(error, t))
            return
        kiosk_pin = self.booth.kiosk_pin()          # needs no database
        mode = entry_mode(setup_needed=None, kiosk_pin_chosen=kiosk_pin.chosen)
        self.leaving = True
        self.facts = Facts(mode)
        if mode == EntryMode.OPEN:
            self.pad.hide()
            self.close_offered.emit()
            return
        self.pad.open(t, mode=EntryMode.KIOSK)
        problem = classify(error, self.booth.data) or error
        self.pad.say(t("The officer list cannot be read. The kiosk PIN closes the kiosk.")
                     + "\n" + describe(problem, t))
        lock = kiosk_pin.locked_out()
        if lock is not None:
            self._locked(lock.until)

    def _picked(self, officer_id: int) -> None:
        """An officer tapped their name: the PIN stage for them, locked if they are."""
        self.touch()
        self.officer_id = officer_id
        names = {choice.id: choice.name for choice in self.facts.names}
        self.pad.ask_pin(self.t, names.get(officer_id, ""), can_go_back=len(names) > 1)
        lock = self.facts.locks.get(officer_id)
        if lock is not None:
            self._locked(lock.until)

    def _pin_entered(self, pin: str) -> None:
        self.touch()
        self.pad.set_busy(True)
        booth = self.booth
        if self.pad.mode == EntryMode.KIOSK:
            self.background.run(lambda: booth.kiosk_pin().check(pin),
                                on_result=self._kiosk_answer, on_error=self._failed)
            return
        officer_id = self.officer_id
        if officer_id is None:
            self.pad.set_busy(False)
            return
        self.background.run(lambda: booth.officers().authenticate(pin, officer_id=officer_id),
                            on_result=self._authenticated, on_error=self._failed)

    def _kiosk_answer(self, answer: bool | WrongPin | LockedOut) -> None:
        self.pad.set_busy(False)
        if answer is True:
            self.locked_until = None
            self.pad.hide()
            (self.close_requested if self.leaving else self.setup_requested).emit()
        elif isinstance(answer, WrongPin):
            self.pad.say(self.t("pin.wrong", count=answer.tries_left))
        elif isinstance(answer, LockedOut):
            self._locked(answer.until)

    def _authenticated(self, answer: Officer | WrongPin | LockedOut) -> None:
        self.pad.set_busy(False)
        if isinstance(answer, Officer):
            self.locked_until = None
            self.pad.hide()
            self.signed_in.emit(answer)
        elif isinstance(answer, WrongPin):
            self.pad.say(self.t("pin.wrong", count=answer.tries_left))
        else:
            self._locked(answer.until)

    def _failed(self, error: BaseException) -> None:
        """The check could not be made. A database that cannot be used (read-only, damaged,
        full: a login that cannot be recorded) falls back to the kiosk PIN, which closes
        the kiosk, and names the problem; anything passing is said, to try again."""
        self.pad.set_busy(False)
        problem = classify(error, self.booth.data)
        if problem is not None:
            self._unreadable(problem)
            return
        self.pad.say(describe(error, self.t))

    # -- the lock ---------------------------------------------------------------------------
    def _locked(self, until: dt.datetime) -> None:
        self.locked_until = until
        self.pad.set_locked(True)
        self._show_lock()

    def _show_lock(self) -> None:
        if self.locked_until is None:
            return
        left = (self.locked_until - self.booth.clock.now()).total_seconds()
        if left <= 0:
            self.locked_until = None
            self.pad.set_locked(False)
            self.pad.note(self.t("You can try again now."))
            return
        minutes = max(1, math.ceil(left / 60))
        if self.pad.mode == EntryMode.KIOSK:
            self.pad.say(self.t("pin.locked", count=minutes))
        else:
            self.pad.say(self.t("pin.locked_officer", count=minutes))

    def _cancelled(self) -> None:
        self.locked_until = None
        self.leaving = False
