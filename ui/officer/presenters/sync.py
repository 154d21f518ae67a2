"""The Sync page's presenter: the sync worker's status in words, "Sync now", and enrollment.

Everything that touches the network or the sync bookkeeping runs on the sync worker's own
thread (kiosk/sync/worker.py), never on the background helper that serves a citizen's
Submit and slip: the presenter only asks (`sync_now`, `call`, `refresh`) and shows what the
worker reports, carried to the UI thread by a queued signal.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.errors import describe
from kiosk.i18n import N_, Translator
from kiosk.records.store import parse_utc_iso
from ui.officer.pages.sync import SyncPage, SyncView
from ui.officer.presenters.base import PagePresenter

KINDS = {"application": N_("Application"), "complaint": N_("Complaint"),
         "info": N_("Information slip"), "referral": N_("Referral slip"),
         "queue_event": N_("Queue step"), "officer_action": N_("Officer action"),
         "print_failure": N_("Printer fault"), "slip_reprint": N_("Reprint"),
         "export": N_("Day export"), "key_rotation": N_("Key rotation")}
CODE_PROBLEMS = ("sync.enroll_code", "sync.enroll_code_refused", "sync.enroll_refused")


class Relay(QObject):
    """Carries the worker's news from its thread to the UI thread (queued signals)."""

    status = Signal(object)          # a kiosk.sync.status.SyncStatus
    enrolled = Signal(object)        # the finished Future of an enrollment


class SyncPresenter(PagePresenter):
    """Shows the sync worker's status and passes the officer's requests to it."""

    page: SyncPage

    def __init__(self, page: SyncPage, **parts: Any) -> None:
        super().__init__(page, **parts)
        self.relay = Relay(self)
        self.relay.status.connect(self._status)
        self.relay.enrolled.connect(self._enrolled)
        self._worker = None
        page.sync_requested.connect(self.sync_now)
        page.enroll_requested.connect(self.enroll)

    @property
    def worker(self):
        """The kiosk's one sync worker (Booth.sync_worker), listened to from first use."""
        if self._worker is None:
            self._worker = self.booth.sync_worker()
            self._worker.add_listener(self.relay.status.emit)
        return self._worker

    def open(self) -> None:
        """Show the last status at once, and ask the worker for a fresh one."""
        worker = self.worker
        if worker.status is not None:
            self._status(worker.status)
        worker.refresh()

    def clear(self) -> None:
        """Logged out: the form and its code are forgotten."""
        self.page.clear()

    def close(self) -> None:
        """The kiosk is closing: stop listening."""
        if self._worker is not None:
            self._worker.remove_listener(self.relay.status.emit)

    # -- the officer's intents --------------------------------------------------------------
    def sync_now(self) -> None:
        """A round at once, on the worker's thread; the bar waits for its first news."""
        self.page.say("")
        self.page.syncing(self.t)
        self.worker.sync_now()

    def enroll(self, url: str, code: str) -> None:
        """Redeem the office's code (on the worker's thread); the answer comes back here."""
        if not url:
            self.page.enroll_problem("url", self.t("Type the office's address."))
            return
        if not code:
            self.page.enroll_problem("code", self.t("Type the enrollment code."))
            return
        booth = self.booth
        self.page.set_busy(True)
        self.jobs += 1
        future: Future = self.worker.call(lambda _syncer: booth.enroll(url, code))
        future.add_done_callback(self.relay.enrolled.emit)

    def _enrolled(self, future: Future) -> None:
        self.jobs -= 1
        if not self.desk.present:
            return
        self.page.set_busy(False)
        error = future.exception()
        if error is None:
            enrollment = future.result()
            self.page.enrolled(self.t("Enrolled at {url}. Records are sent now.",
                                      url=enrollment.url))
            self.worker.sync_now()
            return
        key = getattr(error, "key", "")
        field = "code" if key in CODE_PROBLEMS else "url"
        self.page.enroll_problem(field, describe(error, self.t))

    # -- showing ----------------------------------------------------------------------------
    def _status(self, status) -> None:
        if not self.desk.present:
            return
        t = self.t
        self.page.show_status(t, sync_view(t, status, self.booth.config.event.tz))


def sync_view(t: Translator, status, tz: dt.tzinfo) -> SyncView:
    """A SyncStatus in the officer's words."""
    def when(stamp: str | None) -> str:
        if not stamp:
            return t("never")
        local = parse_utc_iso(stamp).astimezone(tz)
        return f"{t.date(local.date())}, {t.time(local)}"

    office = (t("Office: {url}", url=status.server) if status.enrolled
              else t("This kiosk is not enrolled for network sync yet."))
    if status.pending or not status.enrolled:
        headline = t.ngettext("Waiting to be sent: {n} record", "Waiting to be sent: {n} records",
                              status.pending, n=status.pending)
    elif status.parked_count:
        headline = t("Nothing waiting to be sent; the records below need the office.")
    else:
        headline = t("All records are at the office.")
    lines = [t("Last success: {when}", when=when(status.last_success_utc))]
    if status.next_attempt_s is not None and status.sending is None and status.enrolled:
        seconds = round(status.next_attempt_s)
        lines.append(t("Next try in about {n} min", n=round(seconds / 60)) if seconds >= 90
                     else t("Next try in about {n} s", n=seconds))
    problem = ""
    if status.last_error is not None:
        problem = t("{when}: {problem}", when=when(status.last_error_utc),
                    problem=t.error(status.last_error))
    parked = tuple(
        t("seq {seq} \u00b7 {kind} \u00b7 {when}: {reason}", seq=p.seq,
          kind=t(KINDS.get(p.kind, p.kind)), when=when(p.created_utc), reason=p.reason)
        for p in status.parked)
    if status.parked_count > len(parked):
        more = status.parked_count - len(parked)
        parked += (t.ngettext("\u2026 and {n} more", "\u2026 and {n} more", more, n=more),)
    title = t("Records the office holds another version of: {n}. They are kept here and not "
              "sent again; tell the office's IT staff.", n=status.parked_count)
    return SyncView(office, headline, tuple(lines), problem, title, parked, status.sending,
                    status.enrolled)
