"""Wires the screens to the flow: taps become flow intents, the flow's state becomes screens.

Submitting and printing go through the background helper; their answers come back on
the UI thread and are dropped if the citizen has left meanwhile (session changed).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

from kiosk.citizen.complaint_check import ComplaintQuery, ComplaintStatus
from kiosk.citizen.flow import CitizenFlow, IdleEvent, Path, Primary, Secondary, Step, Submission
from kiosk.citizen.snapshot import snapshot
from kiosk.event.catalogue import Catalogue
from kiosk.event.config import Config
from kiosk.event.fees import fee_table
from kiosk.i18n import N_, Translator
from ui.background import Background
from ui.citizen.check import CheckComplaint
from ui.citizen.out_of_service import ServiceWatch
from ui.citizen.prewarm import build_ahead
from ui.citizen.screens.base import View
from ui.citizen.screens.form import FormScreen
from ui.citizen.window import KioskWindow
from ui.kit.lifetime import owned_timer

if TYPE_CHECKING:
    from kiosk.citizen.registrar import Receipt

log = logging.getLogger(__name__)

PRIMARY_TEXT = {Primary.AGREE: N_("I agree"), Primary.NEXT: N_("Next"),
                Primary.SUBMIT: N_("Submit"), Primary.CHECK: N_("Check"),
                Primary.PRINT_INFO: N_("Print information slip"),
                Primary.PRINT_REFERRAL: N_("Print referral slip"), Primary.FINISH: N_("Finish")}
SECONDARY_TEXT = {Secondary.REFUSE: N_("I do not agree"),
                  Secondary.NO_POLICE_REPORT: N_("No police report")}
OTHER_LANGUAGE = {"id": "en", "en": "id"}
LANGUAGE_BUTTON = {"id": "English", "en": "Bahasa Indonesia"}
# Finish sits where Submit was: for this long after the ticket appears, a tap there is
# the rest of a double tap on Submit, and must not take the ticket off the screen.
FINISH_GUARD_S = 1.0


@dataclass(frozen=True)
class Services:
    """What the controller needs from the composition root (all built in ui/app.py)."""

    config: Config
    catalogue: Catalogue
    submit: Callable[[Submission], Receipt]            # runs on a worker thread
    print_slip: Callable[[Receipt, str], Any]          # runs on a worker; returns PrintOutcome
    translator: Callable[[str], Translator]
    today: Callable[[], dt.date]
    monotonic: Callable[[], float]
    # Can a record be written now? Runs on a worker; raises what puts the kiosk out of
    # service (kiosk/booth/health.py), DatabaseBusy for a passing lock.
    check_health: Callable[[], None] = lambda: None
    check_complaint: Callable[[ComplaintQuery], ComplaintStatus] | None = None  # on a worker


class Controller(CheckComplaint, QObject):
    def __init__(self, *, window: KioskWindow, flow: CitizenFlow, services: Services,
                 background: Background, idle_timer: QTimer | None = None,
                 on_exit: Callable[[], None] | None = None,
                 on_warm: Callable[[], None] | None = None) -> None:
        super().__init__(window)         # deleted with the window, on the UI thread
        self.window, self.flow, self.services, self.background = (
            window, flow, services, background)
        self.on_exit = on_exit or window.close
        self.on_warm = on_warm
        self.idle_timer = owned_timer(self, idle_timer)
        self.idle_timer.setInterval(1000)
        self.idle_timer.timeout.connect(self.idle_tick)
        self._shown: tuple = ()
        self._session = flow.session     # the citizen the screens show
        self._done_at = float("-inf")    # when the done screen last appeared
        # Out of service (a database that cannot take a record): checked at start, when a
        # citizen leaves the welcome screen, after a failed save, and once a minute.
        self.service = ServiceWatch(window, background=background,
                                    check=services.check_health, may_cover=self._may_cover)
        self._connect()
        flow.touch(services.monotonic())
        window.activity.active.connect(self._touch)
        self.refresh()
        self.idle_timer.start()
        # After the welcome screen is up, make the other screens and pages in idle
        # moments, one small piece per tick, so no tap has to wait for first-time building.
        self._prewarm = build_ahead(self.window)
        self.prewarm_timer = owned_timer(self)
        self.prewarm_timer.setInterval(15)
        self.prewarm_timer.timeout.connect(self._prewarm_step)
        self.prewarm_timer.start()

    def close(self) -> None:
        self.idle_timer.stop()
        self.prewarm_timer.stop()
        self.service.stop()
        self.window.activity.active.disconnect(self._touch)

    # -- building ahead -----------------------------------------------------------------------
    @property
    def warm(self) -> bool:
        """Everything is built: no tap will wait for a first-time build."""
        return not self.prewarm_timer.isActive()

    def _prewarm_step(self) -> None:
        item = next(self._prewarm, None)
        if item is None:
            self.prewarm_timer.stop()
            if self.on_warm is not None:
                self.on_warm()
            return
        item()

    # -- wiring -----------------------------------------------------------------------------
    def _connect(self) -> None:
        w = self.window
        w.language_toggled.connect(
            lambda: self.set_language(OTHER_LANGUAGE[self.flow.language]))
        w.back_clicked.connect(lambda: self._do(self.flow.back))
        w.primary_clicked.connect(self.primary)
        w.secondary_clicked.connect(self.secondary)
        w.still_there.stay.connect(self._stay)
        w.keyboard.typed.connect(lambda _key: self._touch())
        w.screen_built.connect(self._wire)
        for screen in list(w.screens.values()):
            self._wire(screen)

    def _wire(self, screen) -> None:
        """Connect one screen's intents to the flow (called as each screen is made)."""
        step = screen.step
        if step == Step.WELCOME:
            screen.path_chosen.connect(self._begin)
            screen.language_chosen.connect(self.set_language)
        elif step == Step.SERVICES:
            screen.service_chosen.connect(lambda c: self._do(self.flow.choose_service, c))
        elif step == Step.REVIEW:
            screen.edit_requested.connect(lambda n: self._do(self.flow.edit, n))
        elif step == Step.INFORMATION:
            screen.info_chosen.connect(
                lambda code, child: self._do(self.flow.choose_info, code, child=child))
        elif step in (Step.APPLICATION, Step.COMPLAINT, Step.CHECK):
            screen.value_edited.connect(self.value_edited)
            screen.input_focused.connect(self.window.keyboard.attach)

    def _touch(self) -> None:
        self.flow.touch(self.services.monotonic())

    def _begin(self, path: str) -> None:
        """A citizen leaves the welcome screen: check, on a worker, that their record can
        be saved, while they read the privacy notice."""
        self._do(self.flow.choose_path, path)
        self.service.probe()

    def _may_cover(self) -> bool:
        """Out of service covers any screen but a ticket (done) and a save failure the
        citizen is reading where they are (they are told to ask an officer)."""
        return self.flow.step != Step.DONE and not self.flow.notice

    def _do(self, intent: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._touch()
        intent(*args, **kwargs)
        self.refresh()

    # -- intents ----------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Retranslate in place: the screen, the chrome and any overlay; typed text stays."""
        self._do(self.flow.set_language, language)

    def value_edited(self, name: str, value: str) -> None:
        """Typing: keep the value; only this field's error and the Next hint change."""
        self._touch()
        had_errors = bool(self.flow.errors)
        self.flow.set_value(name, value)
        screen = self.window.current()
        if isinstance(screen, FormScreen):
            page = self.flow.page()
            if page is not None and page.field(name) and page.field(name).kind == "choice":
                self.refresh()
                return
            if had_errors:          # none shown before: nothing to take away
                for field in list(screen.fields):
                    if field not in self.flow.errors:
                        screen.show_error(field, "")
        if had_errors:
            self._refresh_chrome()

    def primary(self) -> None:
        self._touch()
        action = self.flow.primary()
        if action == Primary.AGREE:
            self.flow.agree()
        elif action == Primary.NEXT:
            self.flow.next()
        elif action in (Primary.SUBMIT, Primary.PRINT_INFO, Primary.PRINT_REFERRAL):
            self.submit()
            return
        elif action == Primary.CHECK:
            self.check_complaint()
            return
        elif action == Primary.FINISH:
            if self.services.monotonic() - self._done_at < FINISH_GUARD_S:
                return          # the second tap of a double tap on Submit, not a Finish
            self.flow.finish()
        self.refresh()

    def secondary(self) -> None:
        action = self.flow.secondary()
        if action == Secondary.REFUSE:
            self._do(self.flow.refuse)
        elif action == Secondary.NO_POLICE_REPORT:
            self._do(self.flow.no_police_report)

    def submit(self) -> None:
        submission = self.flow.begin_submit()
        if submission is None:
            return          # a second tap while the first is on its way
        self.refresh()
        services = self.services
        self.background.run(lambda: services.submit(submission),
                            on_result=lambda receipt: self._submitted(submission, receipt),
                            on_error=lambda exc: self._submit_failed(submission, exc),
                            owner=self.window)

    def _submitted(self, submission: Submission, receipt: Receipt) -> None:
        if not self.flow.submitted(submission, receipt):
            return
        self._done_at = self.services.monotonic()
        self.refresh()
        language = submission.language
        services = self.services
        self.background.run(lambda: services.print_slip(receipt, language),
                            on_result=lambda outcome: self._printed(submission, outcome),
                            on_error=lambda exc: self._printed(submission, None),
                            owner=self.window)

    def _submit_failed(self, submission: Submission, error: BaseException) -> None:
        """Said where the citizen is (the footer, above the button they tapped), in
        words, with what to do; logged without anything they typed; a storage fault
        checks the kiosk at once."""
        from kiosk.citizen.registrar import (  # loaded by then: the worker raised it
            InvalidSubmission,
        )
        from kiosk.records.store import DatabaseBusy

        what = f"{submission.kind} {submission.service or '-'}"
        if isinstance(error, InvalidSubmission):
            log.warning("submit refused (%s): %s", what, ", ".join(
                f"{name} {err.key}" for name, err in error.errors.items()))
            self.flow.submit_failed(submission, errors=error.errors)
        elif isinstance(error, DatabaseBusy):
            log.warning("submit failed (%s): the database is busy", what)
            self.flow.submit_failed(submission, notice="save.busy")
        else:
            log.error("submit failed (%s): %s: %s", what, type(error).__name__, error)
            self.flow.submit_failed(submission, notice="save.failed")
            self.service.probe()
        self.refresh()

    def _printed(self, submission: Submission, outcome: Any) -> None:
        ok = bool(outcome is not None and outcome.ok)
        reason = "" if outcome is None else outcome.reason
        self.flow.printed(submission, ok=ok, reason=reason)
        if self.flow.step == Step.DONE:
            self.refresh()

    # -- idle -------------------------------------------------------------------------------
    def idle_tick(self) -> None:
        now = self.services.monotonic()
        event = self.flow.tick(now)
        if event == IdleEvent.RESET:
            self.refresh()
        elif self.flow.asking:            # just asked, or counting down
            overlay = self.window.still_there
            overlay.show_countdown(self.t, self.flow.seconds_left(now))
            if not overlay.isVisible():
                overlay.cover()

    def _stay(self) -> None:
        self._touch()
        self.window.still_there.hide()

    def clear_screens(self) -> None:
        """A new citizen (the flow's session changed): every screen forgets; nothing typed
        stays anywhere, the keyboard types into nothing, the clipboard is empty."""
        self._session = self.flow.session
        for screen in self.window.screens.values():
            screen.clear()
        self.window.keyboard.attach(None)
        self.window.still_there.hide()
        clipboard = QGuiApplication.clipboard() if QGuiApplication.instance() else None
        if clipboard is not None:
            clipboard.clear()

    # -- showing ----------------------------------------------------------------------------
    @property
    def t(self) -> Translator:
        return self.services.translator(self.flow.language)

    def view(self) -> View:
        """What the current screen shows: a snapshot of the flow (values, never the flow
        itself) and the facts the core gives for this step (pick-up date, fee table)."""
        cfg, catalogue = self.services.config, self.services.catalogue
        today = self.services.today()
        state = snapshot(self.flow)
        ready = fees = None
        if state.step == Step.REVIEW and state.path == Path.SERVICE:
            from kiosk.event.workdays import pickup_date  # warmed up on a worker at start

            ready = pickup_date(cfg.event, today)
        elif state.step == Step.INFORMATION:
            fees = fee_table(catalogue, today)
        return View(self.t, state, catalogue, cfg.event, today, cfg.retention_days, ready,
                    fees)

    def refresh(self) -> None:
        if self.flow.session != self._session:
            # However the flow got back to welcome (Back, Finish, the idle reset, an
            # officer), the previous citizen's texts leave every widget first.
            self.clear_screens()
        view = self.view()
        screen = self.window.show_screen(self.flow.step)
        screen.retranslate(view.t)
        screen.refresh(view)
        self.window.keyboard.retranslate(view.t)
        page = self.flow.page()
        shown = (self.flow.step, page.name if page else "", self.flow.session)
        keyboard = self.window.keyboard
        current = keyboard.target
        if shown != self._shown or current is None or not current.isVisible() \
                or not screen.isAncestorOf(current):
            # A new page: type into its first empty field. Same page (a language switch,
            # a choice tapped): stay in the field the citizen was typing in.
            current = screen.preferred_input()
        self._shown = shown
        keyboard.attach(current)
        if current is not None:
            current.setFocus()
        self._refresh_chrome()
        if self.window.still_there.isVisible():
            self.window.still_there.show_countdown(
                view.t, self.flow.seconds_left(self.services.monotonic()))
        self.service.show()

    def _refresh_chrome(self) -> None:
        t, flow, event = self.t, self.flow, self.services.config.event
        progress = flow.progress()
        step_text = ""
        if progress is not None:
            step_text = t("Step {n} of {total}", n=progress.number, total=progress.total)
            if progress.parts > 1:
                step_text += " \u00b7 " + t("part {n} of {total}", n=progress.part,
                                            total=progress.parts)
        primary = flow.primary()
        secondary = flow.secondary()
        missing = short = ""
        names = flow.missing()
        if names:
            page = flow.page()
            labels = [t(page.field(n).label) for n in names]
            missing = "\u26a0 " + t("Please check: {fields}", fields=", ".join(labels))
            short = "\u26a0 " + t("Please check the fields marked \u26a0")
        if flow.notice:             # a save that failed: here, above the button tapped
            missing = short = "\u26a0 " + t(flow.notice)
        if flow.submitting:
            missing = short = t("Checking\u2026") if flow.step == Step.CHECK \
                else t("Sending\u2026")
        self.window.set_chrome(
            office=event.office,
            step_text=step_text,
            language_text=LANGUAGE_BUTTON[flow.language],
            back_text=t("Back") if flow.can_go_back() else None,
            primary_text=t(PRIMARY_TEXT[primary]) if primary else None,
            missing=missing, missing_short=short,
            secondary_text=t(SECONDARY_TEXT[secondary]) if secondary else None,
            language_shown=flow.step != Step.WELCOME,
        )
