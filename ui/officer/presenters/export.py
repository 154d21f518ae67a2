"""The day export's presenter: lists the sticks and counts what is not exported yet, then
writes the day's signed, encrypted bundle (DayExporter.export_day, audited) on a worker,
its progress carried to the bar on the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.export.target import ExportError
from ui.officer.pages.day import ExportPage
from ui.officer.presenters.base import PagePresenter


class ProgressRelay(QObject):
    """Carries the exporter's progress(done, total) from the worker to the progress bar."""

    progressed = Signal(int, int)


class ExportPresenter(PagePresenter):
    """Exports today's records as the signed-in officer."""

    page: ExportPage

    def __init__(self, page: ExportPage, *, sticks: Callable[[], list[Path]],
                 **parts: Any) -> None:
        super().__init__(page, **parts)
        self.sticks = sticks
        self.relay = ProgressRelay(self)
        self.relay.progressed.connect(page.set_progress)
        page.export_requested.connect(self.export)

    def open(self) -> None:
        """Offer the folders, and say how many of today's records wait for export."""
        self.run(self.sticks, lambda found: self.page.folder.refresh(self.t, found))
        self._count()

    def _count(self) -> None:
        booth = self.booth
        day = booth.clock.today()
        self.run(lambda: booth.exporter().not_exported(day),
                 lambda n: self.page.show_pending(self.t, n))

    def export(self, folder: Path) -> None:
        """Write today's bundle into `folder` (checked after writing)."""
        officer, booth = self.officer, self.booth
        default = folder == booth.reports_path()
        self.page.set_busy(True)
        progress = self.relay.progressed.emit

        def work() -> Any:
            if default:
                booth.reports_folder()          # made here, owner-only, on the worker
            return booth.exporter().export_day(folder, officer=officer, progress=progress)

        self.run(work, self._exported, self._export_failed)

    def _exported(self, result: Any) -> None:
        self.page.set_busy(False)
        self.page.show_exported(self.t, result.path, result.record_count)
        self._count()

    def _export_failed(self, error: BaseException) -> None:
        self.page.progress.hide()
        if isinstance(error, ExportError):
            self.page.set_busy(False)
            self.page.say(self.t.error(error), problem=True)
        else:
            self.failed(error)
