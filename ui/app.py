"""The composition root: builds config, catalogue, stores, services, flow and window once.

Nothing here is global: `build_kiosk()` returns a KioskApp holding every part, so tests,
`kiosk run` and `kiosk simulate` each build their own. A second window (the officer
console) is built here too and given the same services.
"""

from __future__ import annotations

import gc
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QThreadPool, QTimer

from kiosk.booth.build import Booth
from kiosk.citizen.flow import CitizenFlow
from kiosk.event.catalogue import Catalogue
from kiosk.event.clock import Clock, EventClock
from kiosk.event.config import Config, load_or_create
from kiosk.i18n import Translator
from kiosk.paths import DataDir
from ui.background import Background
from ui.citizen.controller import Controller, Services
from ui.citizen.screens.application import ApplicationScreen
from ui.citizen.screens.check import CheckScreen
from ui.citizen.screens.complaint import ComplaintScreen
from ui.citizen.screens.consent import ConsentScreen
from ui.citizen.screens.done import DoneScreen
from ui.citizen.screens.information import InformationScreen
from ui.citizen.screens.police import PoliceStepScreen
from ui.citizen.screens.referral import ReferralScreen
from ui.citizen.screens.review import ReviewScreen
from ui.citizen.screens.services import ServicesScreen
from ui.citizen.screens.welcome import WelcomeScreen
from ui.citizen.window import KioskWindow
from ui.kit.lifetime import UiThreadCollector

log = logging.getLogger(__name__)
SWITCH_INTERVAL_S = 0.001      # the default, 0.005, let a slip render hold up a tap


@dataclass
class KioskApp:
    """Every part of one kiosk: the core's Booth (kiosk/booth/build.py) and the screens.

    The storage side (SQLite, the registrar, the slip printer) is imported and opened on
    first use, normally by the warm-up job on a worker: the UI thread's start stays light
    and it never touches the database."""

    booth: Booth
    background: Background
    flow: CitizenFlow
    window: KioskWindow
    controller: Controller
    translators: dict[str, Translator]
    officer: Any = None          # ui.officer.session.OfficerSession
    display: Any = None          # ui.officer.pages.display.NowServingWindow (`kiosk run --display`)
    collector: UiThreadCollector | None = None      # Python's collector, on this thread only
    closed: bool = False

    @property
    def config(self) -> Config:
        return self.booth.config

    @property
    def catalogue(self) -> Catalogue:
        return self.booth.catalogue

    @property
    def data(self) -> DataDir:
        return self.booth.data

    @property
    def clock(self) -> EventClock:
        return self.booth.clock

    def close(self) -> None:
        """Stop timers, let workers finish and drop their late answers, delete every Qt
        object of the kiosk here, on the UI thread, and close every thread's SQLite
        connection. Call it on the UI thread, outside the kiosk's own event handlers
        (after the event loop, at a test's end). Safe to call twice."""
        if self.closed:
            return
        self.closed = True
        self.controller.close()
        if self.officer is not None:
            self.officer.close()
        if self.display is not None:
            self.display.stop()
            self.display.close()
        self.background.close()          # waits for the workers; late answers dropped
        self.window.may_close = True
        self.window.close()
        if self.collector is not None:
            self.collector.stop()
        # Deleted now, on this thread, with everything parented to them (the controller,
        # the officer side, their timers): never later by Python's collector elsewhere.
        for qt_object in (self.display, self.window, self.background):
            if qt_object is not None and shiboken6.isValid(qt_object):
                shiboken6.delete(qt_object)
        self.booth.close()


def build_kiosk(data: DataDir, *, config: Config | None = None, clock: Clock | None = None,
                monotonic: Callable[[], float] = time.monotonic,
                slips: Any = None, slip_backend: Any = None,
                idle_timer: QTimer | None = None,
                pool: QThreadPool | None = None,
                on_exit: Callable[[], None] | None = None,
                own_process: bool = False, officer_now: bool = True,
                on_officer: Callable[[KioskApp], None] | None = None,
                on_failure: Callable[[], None] | None = None,
                sync: bool | None = None) -> KioskApp:
    """Build every part of the citizen kiosk over one data folder.

    own_process: this kiosk is the process's reason to exist (`kiosk run`, `kiosk
    simulate`, the benchmarks), not one of many in a test run. Then Qt's log messages go
    to Python's logging without the categories that echo typed text (ui/kit/qtlog.py),
    and the process is tuned for taps: the interpreter hands its lock between threads
    every millisecond instead of every five, so a worker rendering a slip delays the UI
    thread's Python by at most about 1 ms per call; and once everything is built the
    start-up objects move out of the cyclic garbage collector's reach (gc.freeze), so
    its full passes stay short.

    officer_now: build the officer side at once (tests); otherwise after the warm-up
    worker (`kiosk run`). on_officer: called once it has joined. on_failure: called if it
    cannot be built (`kiosk run` exits with status 1). sync: start the sync worker after
    the warm-up (default: when own_process); it runs on a thread of its own, never on the
    background helper's workers, and idles while the kiosk is not enrolled.
    """
    data.ensure()
    if own_process:
        from ui.kit.qtlog import route_qt_messages

        sys.setswitchinterval(SWITCH_INTERVAL_S)
        route_qt_messages()          # Qt's log without the categories that echo typed text
    booth = Booth(data, config=config, clock=clock, slips=slips, slip_backend=slip_backend)
    config, catalogue, today = booth.config, booth.catalogue, booth.clock.today
    translators = {lang: Translator(lang) for lang in ("id", "en")}

    flow = CitizenFlow(catalogue=catalogue, services_on_site=config.event.services_on_site,
                       today=today, language=config.kiosk.language,
                       idle_seconds=config.kiosk.idle_seconds,
                       countdown_seconds=config.kiosk.countdown_seconds)
    window = KioskWindow({screen.step: screen for screen in (
        WelcomeScreen, ConsentScreen, ServicesScreen, ApplicationScreen, ComplaintScreen,
        InformationScreen, PoliceStepScreen, ReferralScreen, ReviewScreen, DoneScreen,
        CheckScreen)})
    background = Background(pool)
    app = KioskApp(booth, background, flow, window, None, translators)  # type: ignore[arg-type]
    # Python's garbage collector runs on this thread only while the kiosk runs: never on a
    # worker, where a Qt object it frees could not stop its timers (ui/kit/lifetime.py).
    app.collector = UiThreadCollector(window)
    app.collector.start()
    services = Services(config=config, catalogue=catalogue, submit=booth.submit,
                        print_slip=booth.print_slip, translator=translators.__getitem__,
                        today=today, monotonic=monotonic, check_health=booth.check_health,
                        check_complaint=lambda query: booth.complaint_lookup().check(query))
    app.controller = Controller(window=window, flow=flow, services=services,
                                background=background, idle_timer=idle_timer,
                                on_exit=on_exit, on_warm=gc.freeze if own_process else None)
    start_sync = own_process if sync is None else sync
    # Open (and migrate) the database and load the holiday calendar on a worker, so the
    # first citizen's review screen does not wait for them on the UI thread.
    def warm_up() -> str:
        from kiosk.citizen.registrar import Registrar  # noqa: F401 - imports the storage stack
        from kiosk.event.workdays import WorkingDays

        WorkingDays(config.event.closed_days).add(today(), 30)
        booth.start_up()        # database, signing key, owner-only files, half-written slips
        booth.slips  # noqa: B018 - built here, off the UI thread
        booth.kiosk_pin().migrate()     # a kiosk PIN typed in digits: only its hash stays
        if start_sync:
            booth.sync_worker().start()  # its own thread: rounds on its timer
        if not officer_now:
            import ui.officer.wiring  # noqa: F401 - the officer stack's imports, off the UI thread
        return booth.store.kiosk_id

    def install_officer() -> None:
        if app.closed:
            return              # the kiosk was closed before the worker answered
        from ui.officer.wiring import install_officer_side

        app.officer = install_officer_side(app)
        if on_officer is not None:
            on_officer(app)

    service = app.controller.service     # the start's outcome: in service, or why not

    if officer_now:
        install_officer()
        background.run(warm_up, on_result=lambda _kid: service.answer(None),
                       on_error=service.answer, owner=window)
    else:
        # `kiosk run`: the welcome screen first; the officer side joins once its modules
        # are imported on the worker (the widgets are built here, on the UI thread). Its
        # PIN pad is the only way to close the kiosk, so: a request to close made before
        # it joins opens the pad when it does; if the warm-up fails (a database that
        # cannot be opened) it joins all the same; and if it cannot be built at all, the
        # kiosk stops with the reason in the log rather than stay up with no way out.
        asked: list[bool] = []

        def remember() -> None:
            asked.append(True)

        window.exit_requested.connect(remember)

        def join() -> None:
            window.exit_requested.disconnect(remember)
            try:
                install_officer()
            except Exception:
                log.critical("the officer side could not start; the kiosk stops "
                             "(run `kiosk doctor`)", exc_info=True)
                window.may_close = True
                (on_failure or window.close)()
                return
            if asked and app.officer is not None:
                app.officer.open_entry(leaving=True)

        def warmed_up(_kid: str) -> None:
            service.answer(None)
            join()

        def warm_up_failed(error: BaseException) -> None:
            log.error("kiosk warm-up failed: %s", type(error).__name__)
            service.answer(error)          # the out-of-service screen says what to do
            join()

        background.run(warm_up, on_result=warmed_up, on_error=warm_up_failed, owner=window)
    return app


def run_kiosk(data: DataDir, *, windowed: bool = False, size: tuple[int, int] = (1920, 1080),
              config: Config | None = None, display: bool = False,
              shown: Callable[[KioskWindow], None] | None = None) -> int:
    """`kiosk run`: the one QApplication, the kiosk full screen (or windowed), until the PIN.

    display: also the public now-serving screen, on the second monitor when there is one.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    config = config or load_or_create(data.config)
    # A kiosk in service never starts on a lost database or without its signing key:
    # the KioskError says why and what to do (`kiosk run` prints it and exits 1).
    Booth(data, config=config).refuse_unless_in_service()
    qt = QApplication.instance() or QApplication(["kiosk"])
    kiosk = build_kiosk(data, config=config, on_exit=qt.quit, own_process=True,
                        officer_now=False, on_failure=lambda: qt.exit(1),
                        on_officer=(lambda app: show_display(app, windowed=windowed))
                        if display else None)
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


def show_display(app: KioskApp, *, windowed: bool) -> None:
    """The now-serving screen: full screen on the second monitor (the first is the
    kiosk's), or in a window of its own with --windowed. A full-screen kiosk on the only
    monitor gets no display (it would hide behind the kiosk or cover it): the log says so.
    """
    from PySide6.QtGui import QGuiApplication

    from ui.officer.wiring import now_serving_window

    screens = QGuiApplication.screens()
    if len(screens) < 2 and not windowed:
        log.warning("--display: only one screen, and the kiosk fills it; no display shown")
        return
    window = now_serving_window(app)
    window.setWindowTitle(app.config.event.office)
    app.display = window
    if windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.create()
        window.windowHandle().setScreen(screens[1])
        window.setGeometry(screens[1].geometry())
        window.showFullScreen()
