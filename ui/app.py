"""The composition root: builds config, catalogue, stores, services, flow and window once.

Nothing here is global: `build_kiosk()` returns a KioskApp holding every part, so tests,
`kiosk run` and `kiosk simulate` each build their own. A second window (the officer
console) is built here too and given the same services.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QThreadPool, QTimer

from kiosk.catalogue import Catalogue, load_catalogue
from kiosk.clock import Clock, SystemClock
from kiosk.config import Config, load_or_create
from kiosk.flow import CitizenFlow, Submission
from kiosk.i18n import Translator
from kiosk.paths import DataDir
from kiosk.registrar import Receipt, Registrar
from kiosk.slips.service import PrintOutcome, SlipService
from kiosk.store import StorePerThread
from ui.background import Background
from ui.controller import Controller, Services
from ui.officer.wiring import install_officer_side
from ui.screens.application import ApplicationScreen
from ui.screens.complaint import ComplaintScreen
from ui.screens.consent import ConsentScreen
from ui.screens.done import DoneScreen
from ui.screens.information import InformationScreen
from ui.screens.police import PoliceStepScreen
from ui.screens.referral import ReferralScreen
from ui.screens.review import ReviewScreen
from ui.screens.services import ServicesScreen
from ui.screens.welcome import WelcomeScreen
from ui.window import KioskWindow


@dataclass
class KioskApp:
    config: Config
    catalogue: Catalogue
    stores: StorePerThread
    slips: SlipService
    clock: Clock
    background: Background
    flow: CitizenFlow
    window: KioskWindow
    controller: Controller
    translators: dict[str, Translator]
    officer: Any = None          # ui.officer.session.OfficerSession

    def registrar(self) -> Registrar:
        """A Registrar over this thread's connection (call it on the worker thread)."""
        return Registrar(self.stores.get(), self.config, self.catalogue, self.clock)

    def submit(self, submission: Submission) -> Receipt:
        registrar = self.registrar()
        if submission.kind == "application":
            return registrar.submit_application(submission.form,
                                                submission_id=submission.submission_id,
                                                language=submission.language)
        if submission.kind == "complaint":
            return registrar.submit_complaint(submission.form,
                                              submission_id=submission.submission_id,
                                              language=submission.language)
        return registrar.record_visit(kind=submission.kind, service=submission.service,
                                      submission_id=submission.submission_id,
                                      language=submission.language, reason=submission.reason)

    def print_slip(self, receipt: Receipt, language: str) -> PrintOutcome:
        return self.slips.print_receipt(self.stores.get(), receipt, language=language)

    def close(self) -> None:
        """Stop timers, let workers finish, close every thread's SQLite connection."""
        self.controller.close()
        if self.officer is not None:
            self.officer.close()
        self.background.wait()
        self.window.may_close = True
        self.window.close()
        self.window.deleteLater()
        self.stores.close_all()


def build_kiosk(data: DataDir, *, config: Config | None = None, clock: Clock | None = None,
                monotonic: Callable[[], float] = time.monotonic,
                slips: SlipService | None = None, idle_timer: QTimer | None = None,
                pool: QThreadPool | None = None,
                on_exit: Callable[[], None] | None = None) -> KioskApp:
    """Build every part of the citizen kiosk over one data folder."""
    data.ensure()
    config = config or load_or_create(data.config)
    catalogue = load_catalogue()
    clock = clock or SystemClock()
    stores = StorePerThread(data.database)
    slips = slips or SlipService(config=config, catalogue=catalogue, data=data)
    translators = {lang: Translator(lang) for lang in ("id", "en")}

    def today() -> dt.date:
        return clock.now().astimezone(config.event.tz).date()

    flow = CitizenFlow(catalogue=catalogue, services_on_site=config.event.services_on_site,
                       today=today, language=config.kiosk.language,
                       idle_seconds=config.kiosk.idle_seconds,
                       countdown_seconds=config.kiosk.countdown_seconds)
    window = KioskWindow([WelcomeScreen(), ConsentScreen(), ServicesScreen(),
                          ApplicationScreen(), ComplaintScreen(), InformationScreen(),
                          PoliceStepScreen(), ReferralScreen(), ReviewScreen(), DoneScreen()])
    background = Background(pool)
    app = KioskApp(config, catalogue, stores, slips, clock, background, flow, window,
                   None, translators)  # type: ignore[arg-type]
    services = Services(config=config, catalogue=catalogue, submit=app.submit,
                        print_slip=app.print_slip, translator=translators.__getitem__,
                        today=today, monotonic=monotonic)
    app.controller = Controller(window=window, flow=flow, services=services,
                                background=background, idle_timer=idle_timer,
                                on_exit=on_exit)
    # Open (and migrate) the database on a worker, not on the UI thread.
    background.run(lambda: stores.get().kiosk_id, on_result=lambda _kid: None)
    app.officer = install_officer_side(app, data)
    return app


def run_kiosk(data: DataDir, *, windowed: bool = False, size: tuple[int, int] = (1920, 1080),
              config: Config | None = None,
              shown: Callable[[KioskWindow], None] | None = None) -> int:
    """`kiosk run`: the one QApplication, the kiosk full screen (or windowed), until the PIN."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    qt = QApplication.instance() or QApplication(["kiosk"])
    config = config or load_or_create(data.config)
    kiosk = build_kiosk(data, config=config, on_exit=qt.quit)
    window = kiosk.window
    window.setWindowTitle(config.event.office)
    if config.kiosk.fullscreen and not windowed:
        window.setWindowFlags(window.windowFlags() | Qt.WindowType.FramelessWindowHint
                              | Qt.WindowType.WindowStaysOnTopHint)
        window.showFullScreen()
    else:
        window.resize(*size)
        window.show()
    if config.kiosk.hide_cursor and not windowed:
        qt.setOverrideCursor(Qt.CursorShape.BlankCursor)
    if shown is not None:
        QTimer.singleShot(0, lambda: shown(window))
    try:
        return qt.exec()
    finally:
        kiosk.close()
