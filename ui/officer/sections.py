"""What the officer's pages do: queue steps, slip checks and reprints, the report, the
export (with its progress), retention. Each runs in the background as the signed-in
officer; the answer updates the page it came from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.booth.build import Booth
from kiosk.errors import describe
from kiosk.export.target import ExportError
from kiosk.officer.slipcheck import SlipCheck
from kiosk.queue.console import QueueConsole, QueueError
from kiosk.records.audit import Officer
from kiosk.records.store import parse_utc_iso
from ui.background import Background
from ui.officer.panel import OfficerPanel
from ui.officer.parts import removable_folders
from ui.officer.queue_page import COUNTERS, QueueView

if TYPE_CHECKING:
    from ui.officer.session import OfficerSession

REFRESH_TICKS = 5        # the queue board re-reads the tickets every 5 s while shown


class ProgressRelay(QObject):
    """Carries the exporter's progress(done, total) from the worker to the progress bar."""

    progressed = Signal(int, int)


class Sections(QObject):
    def __init__(self, *, panel: OfficerPanel, services: Booth,
                 background: Background, session: OfficerSession,
                 sticks: Callable[[], list[Path]] | None = None) -> None:
        super().__init__(panel)
        self.panel, self.services, self.background, self.session = (
            panel, services, background, session)
        self.sticks = sticks or removable_folders
        self.counter = COUNTERS[0]
        self.jobs = 0
        self.ticks = 0
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(panel.export.set_progress)
        q = panel.queue
        q.counter_chosen.connect(self._counter)
        q.call_next.connect(lambda: self._step(lambda c, o, n: c.call_next(n, None, o)))
        q.recall.connect(lambda: self._step(
            lambda c, o, n: _on_current(c, n, lambda code: c.recall(code, officer=o))))
        q.served.connect(lambda: self._step(
            lambda c, o, n: _on_current(c, n, lambda code: c.mark_served(code, officer=o))))
        q.no_show.connect(lambda: self._step(
            lambda c, o, n: _on_current(c, n, lambda code: c.mark_no_show(code, officer=o))))
        q.transfer.connect(lambda service: self._step(
            lambda c, o, n: _on_current(c, n, lambda code: c.transfer(code, service,
                                                                      officer=o))))
        panel.slip.check_requested.connect(self._check)
        panel.slip.reprint_requested.connect(self._reprint)
        panel.report.write_requested.connect(self._report)
        panel.export.export_requested.connect(self._export)
        panel.data.run_requested.connect(self._retention)

    @property
    def busy(self) -> bool:
        return self.jobs > 0

    @property
    def t(self):
        return self.session.t

    @property
    def officer(self) -> Officer | None:
        return self.session.officer

    def _run(self, fn: Callable[[], Any], on_result: Callable[[Any], None],
             on_error: Callable[[BaseException], None]) -> None:
        self.jobs += 1

        def done(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def deliver(value: Any) -> None:
                self.jobs -= 1
                if self.panel.isVisible():     # logged out meanwhile: nothing to show
                    handler(value)
            return deliver

        self.background.run(fn, on_result=done(on_result), on_error=done(on_error))

    def _find_sticks(self, key: str) -> None:
        """List the plugged-in sticks on a worker: a stale mount can hang a disk query."""
        folder = self.panel.pages[key].folder
        self._run(self.sticks, lambda found: folder.refresh(self.t, found), self._failed(key))

    def _failed(self, page_key: str) -> Callable[[BaseException], None]:
        def show(error: BaseException) -> None:
            page = self.panel.pages[page_key]
            page.say(describe(error, self.t), problem=True)
            setter = getattr(page, "set_busy", None)
            if setter:
                setter(False)
        return show

    # -- sections ---------------------------------------------------------------------------
    def show(self, key: str) -> None:
        """Open a section and load what it shows."""
        panel, t = self.panel, self.t
        panel.show_section(key)
        panel.pages[key].retranslate(t)
        if key == "queue":
            self._step(None)
        elif key == "slip":
            panel.slip.opened()
        elif key == "report":
            self._find_sticks(key)
        elif key == "export":
            self._find_sticks(key)
            day = self.services.clock.today()
            self._run(lambda: self.services.exporter().not_exported(day),
                      lambda n: panel.export.show_pending(self.t, n), self._failed("export"))
        elif key == "data":
            self._run(lambda: self.services.retention().summary(), self._summary,
                      self._failed("data"))
        elif key == "setup":
            config, catalogue = self.services.config, self.services.catalogue
            names = [t(catalogue.service(c).name) for c in config.event.services_on_site]
            panel.setup.show_event(t, config, names, t.date(self.services.clock.today()))

    def clear(self) -> None:
        for page in self.panel.pages.values():
            page.say("")
        self.panel.slip.clear()
        self.panel.setup.clear()

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % REFRESH_TICKS == 0 and self.panel.current() == "queue" \
                and self.officer is not None and not self.busy:
            self._step(None)

    # -- queue ------------------------------------------------------------------------------
    def _counter(self, counter: str) -> None:
        self.counter = counter
        self._step(None)

    def _step(self, step: Callable[[QueueConsole, Officer, str], Any] | None) -> None:
        officer, counter, services = self.officer, self.counter, self.services
        if officer is None:
            return

        def work() -> tuple:
            console = services.queue()
            problem = None
            if step is not None:
                try:
                    step(console, officer, counter)
                except QueueError as exc:
                    problem = exc
            current = console.at_counter(counter)
            return counter, current, console.board(), problem

        self._run(work, self._show_queue, self._failed("queue"))

    def _show_queue(self, answer: tuple) -> None:
        counter, current, board, problem = answer
        t, config, catalogue = self.t, self.services.config, self.services.catalogue
        codes = {s.service for s in board} | set(config.event.services_on_site)
        names = {c: t(catalogue.service(c).name) for c in codes}
        called = {}
        for queue in board:
            for ticket in queue.called:
                if ticket.called_utc:
                    when = parse_utc_iso(ticket.called_utc)
                    called[ticket.code] = t.time(when.astimezone(config.event.tz))
        transfer_to = tuple(c for c in config.event.services_on_site if c != "INFO")
        self.panel.queue.show_queue(t, QueueView(counter, current, board, names, transfer_to,
                                                 called))
        if problem is not None:
            self.panel.queue.say(t.error(problem), problem=True)
        else:
            self.panel.queue.say("")

    # -- slip check -------------------------------------------------------------------------
    def _check(self, text: str) -> None:
        officer, page = self.officer, self.panel.slip
        page.set_busy(True)
        self._run(lambda: self.services.desk().check(text, officer=officer),
                  self._checked, self._failed("slip"))

    def _checked(self, result: SlipCheck) -> None:
        page = self.panel.slip
        page.show_result(self.t, result, self.services.catalogue)
        page.set_busy(False)

    def _reprint(self) -> None:
        page, officer = self.panel.slip, self.officer
        result = page.result
        if result is None or not result.ok:
            return
        page.set_busy(True)
        booth = self.services
        self._run(lambda: booth.desk().reprint(result, booth.slips, officer=officer),
                  self._reprinted, self._failed("slip"))

    def _reprinted(self, outcome: Any) -> None:
        page = self.panel.slip
        page.set_busy(False)
        page.show_printed(self.t, bool(outcome.ok), getattr(outcome, "reason", ""))

    # -- report and export ------------------------------------------------------------------
    def _report(self, folder: Path) -> None:
        page, officer, t = self.panel.report, self.officer, self.t
        services = self.services
        default = folder == services.reports_folder()
        page.set_busy(True)

        def work() -> Any:
            if default:
                folder.mkdir(parents=True, exist_ok=True)
            day = services.clock.today().isoformat()
            stem = f"day-report_{services.config.event.code}_{day}"
            return services.report().write(folder / f"{stem}.pdf", folder / f"{stem}.csv",
                                           t=t, officer=officer)

        def written(result: Any) -> None:
            page.set_busy(False)
            page.show_written(self.t, result.pdf, result.csv)

        self._run(work, written, self._report_failed)

    def _report_failed(self, error: BaseException) -> None:
        page = self.panel.report
        page.set_busy(False)
        if isinstance(error, OSError):
            page.say(self.t("Could not write to {folder}: {detail}. Choose another folder.",
                            folder=str(page.folder.folder), detail=error.strerror or error),
                     problem=True)
        else:
            self._failed("report")(error)

    def _export(self, folder: Path) -> None:
        page, officer, services = self.panel.export, self.officer, self.services
        default = folder == services.reports_folder()
        page.set_busy(True)
        progress = self.relay.progressed.emit

        def work() -> Any:
            if default:
                folder.mkdir(parents=True, exist_ok=True)
            return services.exporter().export_day(folder, officer=officer, progress=progress)

        def exported(result: Any) -> None:
            page.set_busy(False)
            page.show_exported(self.t, result.path, result.record_count)
            day = services.clock.today()
            self._run(lambda: services.exporter().not_exported(day),
                      lambda n: page.show_pending(self.t, n), self._failed("export"))

        def failed(error: BaseException) -> None:
            page.progress.hide()
            if isinstance(error, ExportError):
                page.set_busy(False)
                page.say(self.t.error(error), problem=True)
            else:
                self._failed("export")(error)

        self._run(work, exported, failed)

    # -- personal data ----------------------------------------------------------------------
    def _summary(self, summary: Any) -> None:
        t = self.t
        oldest = ""
        if summary.oldest_utc:
            when = parse_utc_iso(summary.oldest_utc)
            oldest = t.date(when.astimezone(self.services.config.event.tz).date())
        self.panel.data.show_summary(t, summary, oldest)

    def _retention(self) -> None:
        page, officer = self.panel.data, self.officer
        page.set_busy(True)

        def work() -> tuple:
            retention = self.services.retention()
            return retention.run(officer=officer), retention.summary()

        def done(answer: tuple) -> None:
            result, summary = answer
            page.set_busy(False)
            self._summary(summary)
            page.say(self.t("Personal data removed from {n} records.", n=result.redacted))

        self._run(work, done, self._failed("data"))


def _on_current(console: QueueConsole, counter: str, step: Callable[[str], Any]) -> Any:
    """Apply a step to the counter's current ticket (nothing when the counter is free)."""
    current = console.at_counter(counter)
    return step(current.code) if current is not None else None
