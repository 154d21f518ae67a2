"""Signing in: the long press on the office name opens the PIN pad, in the mode the core
gives (kiosk.officer.kiosk_pin). An officer's PIN is checked on a worker (scrypt:
Officers.authenticate) with the tries left and the lockout counted down on the pad; the
kiosk PIN (before set-up, or when the officer list cannot be read) closes the kiosk or
opens set-up. Nothing here knows the signed-in session: it says who signed in.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.booth.build import Booth
from kiosk.i18n import Translator
from kiosk.officer.accounts import LockedOut, WrongPin
from kiosk.officer.kiosk_pin import EntryMode, entry_mode, may_close_kiosk, officer_list_broken
from kiosk.records.audit import Officer
from ui.background import Background
from ui.officer.gesture import LongPress
from ui.officer.pages.pin_pad import OfficerPinPad

log = logging.getLogger(__name__)


class OfficerEntry(QObject):
    """The PIN pad and what it answers: signed_in(Officer), setup_requested (the kiosk
    PIN before set-up), close_requested (the kiosk PIN when closing was asked)."""

    signed_in = Signal(object)
    setup_requested = Signal()
    close_requested = Signal()

    def __init__(self, *, window: QWidget, office: QWidget, booth: Booth,
                 background: Background, translator: Callable[[], Translator],
                 touch: Callable[[], None], hold_timer: QTimer | None = None) -> None:
        super().__init__(window)
        self.window, self.booth, self.background = window, booth, background
        self.translator, self.touch = translator, touch
        self.leaving = False           # the entry was asked for to close the kiosk
        self.locked_until: dt.datetime | None = None
        self.pad = OfficerPinPad(window)
        self.gesture = LongPress(office, timer=hold_timer)
        self.pad.entered.connect(self._pin_entered)
        self.pad.cancelled.connect(self._cancelled)

    @property
    def t(self) -> Translator:
        """The language the pad speaks now."""
        return self.translator()

    def open(self, *, leaving: bool) -> None:
        """Read whether set-up is needed and any lock on a worker, then open the pad."""
        self.leaving = leaving
        reset_taps = getattr(self.window, "reset_exit_taps", None)
        if reset_taps:
            reset_taps()
        self.touch()
        booth = self.booth

        def facts() -> tuple[EntryMode, LockedOut | None]:
            officers = booth.officers()
            return entry_mode(setup_needed=officers.setup_needed()), officers.locked_out()

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
    def _ready(self, facts: tuple[EntryMode, LockedOut | None]) -> None:
        mode, locked = facts
        self.pad.open(self.t, mode=mode)
        if locked is not None:
            self._locked(locked.until)

    def _unreadable(self, error: BaseException) -> None:
        """The officer list could not be read. A broken database: the kiosk PIN closes the
        kiosk (and does nothing else). Anything passing (busy, a bug): say so; try again."""
        log.error("officer entry: the officer list cannot be read (%s)", type(error).__name__)
        t = self.t
        if not officer_list_broken(error):
            self.pad.open(t, mode=EntryMode.OFFICER)
            self.pad.say(t("Something went wrong: {detail}", detail=str(error)))
            return
        self.leaving = True
        self.pad.open(t, mode=EntryMode.KIOSK)
        self.pad.say(t("The officer list cannot be read. The kiosk PIN closes the kiosk."))

    def _pin_entered(self, pin: str) -> None:
        self.touch()
        if self.pad.mode == EntryMode.KIOSK:
            if may_close_kiosk(pin, mode=self.pad.mode,
                               exit_pin=self.booth.config.kiosk.exit_pin):
                self.pad.hide()
                (self.close_requested if self.leaving else self.setup_requested).emit()
            else:
                self.pad.say(self.t("Wrong PIN. Try again."))
            return
        self.pad.set_busy(True)
        booth = self.booth
        self.background.run(lambda: booth.officers().authenticate(pin),
                            on_result=self._authenticated, on_error=self._failed)

    def _authenticated(self, answer: Officer | WrongPin | LockedOut) -> None:
        self.pad.set_busy(False)
        if isinstance(answer, Officer):
            self.locked_until = None
            self.pad.hide()
            self.signed_in.emit(answer)
        elif isinstance(answer, WrongPin):
            self.pad.say(self.t("pin.wrong", tries=answer.tries_left))
        else:
            self._locked(answer.until)

    def _failed(self, error: BaseException) -> None:
        self.pad.set_busy(False)
        self.pad.say(self.t("Something went wrong: {detail}", detail=str(error)))

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
        self.pad.say(self.t("pin.locked", minutes=max(1, math.ceil(left / 60))))

    def _cancelled(self) -> None:
        self.locked_until = None
        self.leaving = False
