"""The personal data page's presenter: what the kiosk holds (Retention.summary) and the
removal of what is due (Retention.run, audited), on a worker."""

from __future__ import annotations

from typing import Any

from kiosk.officer.retention import PersonalDataSummary
from kiosk.records.store import parse_utc_iso
from ui.officer.pages.day import DataPage, DataView
from ui.officer.presenters.base import PagePresenter


class DataPresenter(PagePresenter):
    """Shows and applies the retention rule as the signed-in officer."""

    page: DataPage

    def __init__(self, page: DataPage, **parts: Any) -> None:
        super().__init__(page, **parts)
        page.run_requested.connect(self.remove_due)

    def open(self) -> None:
        """Count the records holding personal data."""
        booth = self.booth
        self.run(lambda: booth.retention().summary(), self._show)

    def remove_due(self) -> None:
        """Remove the personal data that is due now, then count again."""
        officer, booth = self.officer, self.booth
        self.page.set_busy(True)

        def work() -> tuple:
            retention = booth.retention()
            return retention.run(officer=officer), retention.summary()

        self.run(work, self._removed)

    def _removed(self, answer: tuple) -> None:
        result, summary = answer
        self.page.set_busy(False)
        self._show(summary)
        self.page.say(self.t.ngettext("Personal data removed from {n} record.",
                                      "Personal data removed from {n} records.",
                                      result.redacted, n=result.redacted))

    def _show(self, summary: PersonalDataSummary) -> None:
        t, tz = self.t, self.booth.config.event.tz
        oldest = ""
        if summary.oldest_utc:
            oldest = t.date(parse_utc_iso(summary.oldest_utc).astimezone(tz).date())
        self.page.show_summary(t, DataView(summary.records, oldest, summary.due,
                                           summary.waiting_for_export,
                                           summary.retention_days))
