"""The day report that `kiosk report` and the officer's button make: figures, PDF, CSV, audit."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.event.catalogue import Catalogue
from kiosk.event.clock import Clock, EventClock
from kiosk.event.config import Config
from kiosk.i18n import Translator
from kiosk.records.audit import Officer, append_officer_action, write_audited
from kiosk.records.store import Store
from kiosk.reports.figures import DayFigures, day_figures, recap_csv
from kiosk.reports.pdf import render_report


@dataclass(frozen=True)
class ReportResult:
    """A written day report: its day, the PDF and CSV paths, and the figures."""

    day: dt.date
    pdf: Path
    csv: Path
    figures: DayFigures


class DayReport:
    """The day report over one store, for the event's local day."""

    def __init__(self, store: Store, config: Config, catalogue: Catalogue, clock: Clock) -> None:
        self.store, self.config, self.catalogue = store, config, catalogue
        self.clock = EventClock.of(clock, config.event.tz)

    def today(self) -> dt.date:
        """The event's local day."""
        return self.clock.today()

    def services(self) -> tuple[str, ...]:
        """Services on site that queue (the catalogue's ``queues``; INFO takes no ticket),
        in letter order."""
        codes = self.catalogue.queueing(self.config.event.services_on_site)
        return tuple(sorted(codes, key=self.catalogue.letter_of))

    def figures(self, day: dt.date | None = None) -> DayFigures:
        """The figures of `day` (today when None), every service with tickets included."""
        day = day or self.today()
        figures = day_figures(self.store, self.config, day=day, now=self.clock.now(),
                              services=self.services())
        extra = {t.service for t in figures.tickets} - set(figures.services)
        if extra:  # a service not on site today but with tickets (a transfer, a config change)
            every = tuple(sorted(set(figures.services) | extra, key=self.catalogue.letter_of))
            figures = replace(figures, services=every)
        return figures

    def write(self, pdf: Path, csv: Path, *, day: dt.date | None = None,
              t: Translator | None = None, officer: Officer | None = None) -> ReportResult:
        """Write the PDF and the CSV recap, with the audit record (kiosk/records/audit.py
        write_audited): both files or neither, into folders that exist. Raises
        FileWriteError (a missing, full or read-only folder: the message says what to do)
        and DatabaseBusy (nothing written)."""
        figures = self.figures(day)
        t = t or Translator(self.config.kiosk.language)
        with tempfile.TemporaryDirectory(prefix="kiosk-report-") as tmp:
            drawn = render_report(figures, Path(tmp) / "report.pdf", config=self.config,
                                  catalogue=self.catalogue, t=t).read_bytes()
        files = [(Path(pdf), drawn), (Path(csv), recap_csv(figures).encode("utf-8"))]
        write_audited(self.store, files, lambda: append_officer_action(
            self.store, officer, "report", now=self.clock.now(), day=figures.day.isoformat(),
            tickets=len(figures.tickets)))
        return ReportResult(figures.day, Path(pdf), Path(csv), figures)
