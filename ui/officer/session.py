"""The officer's session on this kiosk: who is signed in, the panel and its pages (one
presenter each), the language, logging out (by hand or after officer_idle_seconds) and
closing the kiosk. Signing in (ui.officer.entry) and first-run set-up
(ui.officer.presenters.setup) are apart: they answer here with the officer who signed in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.booth.build import Booth
from kiosk.i18n import Translator
from kiosk.records.audit import Officer
from ui.background import Background
from ui.kit.lifetime import owned_timer
from ui.officer.entry import OfficerEntry
from ui.officer.gesture import LongPress
from ui.officer.pages.panel import OfficerPanel
from ui.officer.pages.parts import Confirm
from ui.officer.pages.pin_pad import OfficerPinPad
from ui.officer.presenters.base import PagePresenter, removable_folders
from ui.officer.presenters.data import DataPresenter
from ui.officer.presenters.export import ExportPresenter
from ui.officer.presenters.officers import OfficersPresenter
from ui.officer.presenters.queue import QueuePresenter
from ui.officer.presenters.report import ReportPresenter
from ui.officer.presenters.setup import SetupPresenter
from ui.officer.presenters.slip import SlipPresenter
from ui.officer.presenters.sync import SyncPresenter

OTHER_LANGUAGE = {"id": "en", "en": "id"}
LANGUAGE_BUTTON = {"id": "English", "en": "Bahasa Indonesia"}
REFRESH_TICKS = 5        # the queue board re-reads the tickets every 5 s while shown


class OfficerSession(QObject):
    """Who is signed in, what the panel shows, and getting out; the officer side's root
    (ui.app.KioskApp.officer)."""

    def __init__(self, *, window: QWidget, office: QWidget, booth: Booth,
                 background: Background, monotonic: Callable[[], float],
                 on_enter: Callable[[], None], on_exit: Callable[[], None],
                 sticks: Callable[[], list[Path]] | None = None,
                 hold_timer: QTimer | None = None, tick_timer: QTimer | None = None) -> None:
        super().__init__(window)
        self.window, self.booth, self.background = window, booth, background
        self.monotonic, self.on_enter, self.on_exit = monotonic, on_enter, on_exit
        self.sticks = sticks or removable_folders
        self.language = booth.config.kiosk.language
        self.idle_seconds = booth.config.kiosk.officer_idle_seconds
        self.officer: Officer | None = None
        self.last_activity = monotonic()
        self.ticks = 0

        self.panel = OfficerPanel(window, reports_folder=booth.reports_path())
        self.confirm = Confirm(window, "confirmExit")
        self.confirm.setStyleSheet(self.panel.styleSheet())
        self.entry = OfficerEntry(window=window, office=office, booth=booth,
                                  background=background, translator=lambda: self.t,
                                  touch=self.touch, hold_timer=hold_timer)
        self.entry.pad.setStyleSheet(self.panel.styleSheet())
        self.presenters = self._presenters()
        self.tick_timer = owned_timer(self, tick_timer)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self.tick)
        self._connect()
        window.resized.connect(self._fit)
        window.activity.active.connect(self._active)
        self.tick_timer.start()

    def _presenters(self) -> dict[str, PagePresenter]:
        p = self.panel
        parts = {"booth": self.booth, "background": self.background, "desk": self}
        find = {"sticks": lambda: self.sticks()}      # looked up late: tests plug a stick
        return {"queue": QueuePresenter(p.queue, **parts),
                "slip": SlipPresenter(p.slip, **parts),
                "report": ReportPresenter(p.report, **find, **parts),
                "export": ExportPresenter(p.export, **find, **parts),
                "sync": SyncPresenter(p.sync, **parts),
                "data": DataPresenter(p.data, **parts),
                "officers": OfficersPresenter(p.officers, **parts),
                "setup": SetupPresenter(p.setup, **parts)}

    def _connect(self) -> None:
        p, entry = self.panel, self.entry
        entry.gesture.held.connect(lambda: self.open_entry())
        entry.signed_in.connect(self._login)
        entry.setup_requested.connect(self._open_setup)
        entry.close_requested.connect(self._exit)
        entry.close_offered.connect(self._offer_exit)
        self.presenters["setup"].signed_in.connect(self._login)
        p.logout_requested.connect(lambda: self.logout("manual"))
        p.exit_requested.connect(self._ask_exit)
        p.language_toggled.connect(self._toggle_language)
        p.section_chosen.connect(self.show)
        p.setup.create_requested.connect(lambda *_: self.touch())
        p.setup.exit_requested.connect(self._ask_exit)
        p.setup.cancelled.connect(self._close_all)
        self.confirm.answered.connect(lambda yes: self._exit() if yes else None)

    def close(self) -> None:
        """Stop the timers and let go of the window (the kiosk is closing)."""
        self.presenters["sync"].close()
        self.tick_timer.stop()
        self.gesture.timer.stop()
        self.window.activity.active.disconnect(self._active)
        self.window.resized.disconnect(self._fit)

    @property
    def pad(self) -> OfficerPinPad:
        """The PIN pad (ui.officer.entry owns it)."""
        return self.entry.pad

    @property
    def gesture(self) -> LongPress:
        """The long press on the office name that opens the PIN pad."""
        return self.entry.gesture

    # -- what presenters read ---------------------------------------------------------------
    @property
    def t(self) -> Translator:
        """The officer screens' language now."""
        return Translator(self.language)

    @property
    def present(self) -> bool:
        """The panel is on screen (answers that arrive after a logout are dropped)."""
        return self.panel.isVisible()

    @property
    def busy(self) -> bool:
        """A page's work is running (an export in progress is not inactivity)."""
        return any(presenter.busy for presenter in self.presenters.values())

    # -- language ---------------------------------------------------------------------------
    def _toggle_language(self) -> None:
        self.language = OTHER_LANGUAGE[self.language]
        self.retranslate()
        self.show(self.panel.current())

    def retranslate(self) -> None:
        """Header, pages and the pad in the current language."""
        t = self.t
        who = (t("Officer: {name}", name=self.officer.name) if self.officer
               else t("Kiosk set-up"))
        self.panel.retranslate(t, who=who, language_text=LANGUAGE_BUTTON[self.language])
        self.entry.retranslate()

    # -- pages ------------------------------------------------------------------------------
    def show(self, key: str) -> None:
        """Open a page and let its presenter load what it shows."""
        self.panel.show_section(key)
        self.panel.pages[key].retranslate(self.t)
        self.presenters[key].open()

    # -- in and out -------------------------------------------------------------------------
    def open_entry(self, *, leaving: bool = False) -> None:
        """The gesture (or a request to close the kiosk): the PIN pad, or set-up first; an
        officer already signed in is asked to confirm closing instead."""
        if self.officer is not None or self.panel.isVisible():
            if leaving and self.officer is not None:
                self._ask_exit()
            return
        self.entry.open(leaving=leaving)

    def _open_setup(self) -> None:
        self.panel.setup.clear()
        self.show("setup")
        self.panel.cover()
        self.retranslate()

    def _login(self, officer: Officer) -> None:
        """In: the queue console, or the officers page while no kiosk PIN is chosen (it
        says so, and how to choose one)."""
        self.officer = officer
        self.entry.close()
        self.on_enter()
        self.touch()
        self.panel.cover()
        self.show("queue" if self.booth.kiosk_pin().chosen else "officers")
        self.retranslate()

    def logout(self, reason: str) -> None:
        """End the session ('manual' or 'idle', audited) and close every officer screen."""
        officer, self.officer = self.officer, None
        self._close_all()
        if officer is not None:
            booth = self.booth
            self.background.run(lambda: booth.officers().logout(officer, reason=reason),
                                on_result=lambda _none: None)

    def _close_all(self) -> None:
        """Hide every officer screen and forget what they showed."""
        for presenter in self.presenters.values():
            presenter.clear()
        self.panel.hide()
        self.entry.close()
        self.confirm.hide()
        self.language = self.booth.config.kiosk.language

    def _ask_exit(self) -> None:
        t = self.t
        self.confirm.ask(t("Close the kiosk? Citizens cannot use it until it is started "
                           "again."), t("Close the kiosk"), t("Cancel"))

    def _offer_exit(self) -> None:
        """Nothing can be checked (the officer list cannot be read, no kiosk PIN is chosen):
        the kiosk is out of service anyway, so closing it is offered, confirmed."""
        t = self.t
        self.confirm.ask(t("The officer list cannot be read and no kiosk PIN is chosen. "
                           "Close the kiosk? Then run `kiosk doctor`."),
                         t("Close the kiosk"), t("Cancel"))

    def _exit(self) -> None:
        officer, booth = self.officer, self.booth
        if officer is not None:
            self.officer = None
            self.background.run(lambda: booth.officers().logout(officer, reason="manual"),
                                on_result=lambda _none: self.on_exit(),
                                on_error=lambda _exc: self.on_exit())
            return
        self.on_exit()

    # -- idle -------------------------------------------------------------------------------
    @property
    def showing(self) -> bool:
        """Some officer screen (panel, PIN pad, confirm) is up."""
        return self.panel.isVisible() or self.pad.isVisible() or self.confirm.isVisible()

    def touch(self) -> None:
        """The officer did something: the quiet time starts again."""
        self.last_activity = self.monotonic()

    def tick(self) -> None:
        """Once a second: the lock countdown, idle logout, the queue board's refresh."""
        self.entry.tick()
        if not self.showing:
            return
        if self.busy:
            self.touch()
            return
        if self.monotonic() - self.last_activity >= self.idle_seconds:
            if self.officer is not None:
                self.logout("idle")
            else:
                self._close_all()
            return
        self.ticks += 1
        if self.ticks % REFRESH_TICKS == 0 and self.panel.current() == "queue":
            self.presenters["queue"].refresh()

    def _fit(self) -> None:
        for part in (self.panel, self.pad, self.confirm):
            if part.isVisible():
                part.setGeometry(self.window.rect())

    def _active(self) -> None:
        if self.showing:
            self.touch()
