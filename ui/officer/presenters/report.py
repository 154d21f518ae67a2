"""The day report's presenter: lists the plugged-in sticks, then writes the day's PDF and
CSV (DayReport.write, audited) on a worker to the folder the officer chose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ui.officer.pages.day import ReportPage
from ui.officer.presenters.base import PagePresenter


class ReportPresenter(PagePresenter):
    """Makes today's report as the signed-in officer."""

    page: ReportPage

    def __init__(self, page: ReportPage, *, sticks: Callable[[], list[Path]],
                 **parts: Any) -> None:
        super().__init__(page, **parts)
        self.sticks = sticks
        page.write_requested.connect(self.write)

    def open(self) -> None:
        """Offer the kiosk's folder and every stick (listed on a worker: a stale mount can
        hang a disk query)."""
        self.run(self.sticks, lambda found: self.page.folder.refresh(self.t, found))

    def write(self, folder: Path) -> None:
        """Write day-report_<event>_<day>.pdf and .csv into `folder`."""
        officer, booth, t = self.officer, self.booth, self.t
        default = folder == booth.reports_path()
        self.page.set_busy(True)

        def work() -> Any:
            if default:
                booth.reports_folder()          # made here, owner-only, on the worker
            stem = f"day-report_{booth.config.event.code}_{booth.clock.today().isoformat()}"
            return booth.report().write(folder / f"{stem}.pdf", folder / f"{stem}.csv",
                                        t=t, officer=officer)

        self.run(work, self._written, self._write_failed)

    def _written(self, result: Any) -> None:
        self.page.set_busy(False)
        self.page.show_written(self.t, result.pdf, result.csv)

    def _write_failed(self, error: BaseException) -> None:
        """A folder that cannot be written says which, and what to do; anything else in
        words."""
        if not isinstance(error, OSError):
            self.failed(error)
            return
        self.page.set_busy(False)
        self.page.say(self.t("Could not write to {folder}: {detail}. Choose another folder.",
                             folder=str(self.page.folder.folder),
                             detail=error.strerror or error), problem=True)
