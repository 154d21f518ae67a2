"""End-of-day pages: the day report (PDF + CSV), the day export with its progress bar, and
the personal data the kiosk holds (retention). Views: they show values, and taps become
intent signals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QProgressBar

from kiosk.i18n import Translator
from ui.kit.widgets import button as make_button
from ui.kit.widgets import label, verbatim
from ui.officer.pages.parts import FolderChooser, OfficerPage, row


@dataclass(frozen=True)
class DataView:
    """The personal data the kiosk holds: records holding some, the oldest one's local date
    as text ("" when none), how many are due for removal now, how many are old enough but
    not exported yet, and the retention period in days (kiosk.toml)."""

    records: int
    oldest: str
    due: int
    waiting_for_export: int
    retention_days: int


class ReportPage(OfficerPage):
    """The day report page: where to save it, and Make today's report."""

    write_requested = Signal(Path)

    def __init__(self, default: Path) -> None:
        super().__init__("report")
        self.intro = label("body", name="report:intro")
        self.body.addWidget(self.intro)
        self.folder = FolderChooser("report", default)
        self.body.addWidget(self.folder)
        self.write = make_button("primary", name="report:write")
        self.write.clicked.connect(lambda: self.write_requested.emit(self.folder.folder))
        self.body.addWidget(row(self.write))
        self.written = verbatim(label("body", name="report:written"))
        self.written.hide()
        self.body.addWidget(self.written)
        self.body.addStretch(1)

    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Day report"))
        self.intro.setText(t("A PDF with the day's figures and charts, and a CSV list of the "
                             "day's tickets. Neither holds a NIK, name, phone or address."))
        self.write.setText(t("Make today's report"))

    def set_busy(self, busy: bool) -> None:
        """While the report is written, the button waits."""
        self.write.setEnabled(not busy)

    def show_written(self, t: Translator, pdf: Path, csv: Path) -> None:
        """Say the report is written, and where the PDF and CSV are."""
        self.say(t("Report written."))
        pdf_label, csv_label = t("PDF"), t("CSV")
        self.written.setText(f"{pdf_label}: {pdf}\n{csv_label}: {csv}")
        self.written.show()


class ExportPage(OfficerPage):
    """The day export page: records not exported yet, where to, progress, the bundle."""

    export_requested = Signal(Path)

    def __init__(self, default: Path) -> None:
        super().__init__("export")
        self.intro = label("body", name="export:intro")
        self.body.addWidget(self.intro)
        self.pending = label("fieldLabel", name="export:pending")
        self.body.addWidget(self.pending)
        self.folder = FolderChooser("export", default)
        self.body.addWidget(self.folder)
        self.start = make_button("primary", name="export:start")
        self.start.clicked.connect(lambda: self.export_requested.emit(self.folder.folder))
        self.body.addWidget(row(self.start))
        self.progress = QProgressBar()
        self.progress.setObjectName("export:progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.body.addWidget(self.progress)
        self.bundle = verbatim(label("body", name="export:bundle"))
        self.bundle.hide()
        self.body.addWidget(self.bundle)
        self.body.addStretch(1)

    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Day export"))
        self.intro.setText(t("Writes today's records to the USB stick, encrypted for the "
                             "central office and signed by this kiosk. Keep the stick until "
                             "the office confirms it arrived."))
        self.start.setText(t("Export today's records"))

    def show_pending(self, t: Translator, count: int) -> None:
        """How many of today's records are not exported yet."""
        self.pending.setText(t("Records of today not exported yet: {n}", n=count))

    def set_busy(self, busy: bool) -> None:
        """While exporting: the button waits, the bar starts at 0."""
        self.start.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)
            self.progress.show()
            self.bundle.hide()
            self.say("")

    def set_progress(self, done: int, total: int) -> None:
        """The bar at done/total records (100 when there is nothing to write)."""
        self.progress.setValue(round(100 * done / total) if total else 100)

    def show_exported(self, t: Translator, path: Path, records: int) -> None:
        """Say the export is done and checked, and where the bundle is."""
        self.progress.setValue(100)
        self.say(t.ngettext("Export finished and checked: {n} record.",
                            "Export finished and checked: {n} records.", records, n=records))
        file_label = t("File")
        self.bundle.setText(f"{file_label}: {path}")
        self.bundle.show()


class DataPage(OfficerPage):
    """The personal data page: what the kiosk holds, and Remove what is due now."""

    run_requested = Signal()

    def __init__(self) -> None:
        super().__init__("data")
        self.intro = label("body", name="data:intro")
        self.body.addWidget(self.intro)
        self.figures = label("subtitle", name="data:figures")
        self.body.addWidget(self.figures)
        self.detail = label("body", name="data:detail")
        self.body.addWidget(self.detail)
        self.run = make_button("primary", name="data:run")
        self.run.clicked.connect(self.run_requested.emit)
        self.body.addWidget(row(self.run))
        self.body.addStretch(1)

    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Personal data"))
        self.run.setText(t("Remove what is due now"))

    def set_busy(self, busy: bool) -> None:
        """While removing, the button waits."""
        self.run.setEnabled(not busy)

    def show_summary(self, t: Translator, s: DataView) -> None:
        """What the kiosk holds; Remove is offered only when something is due."""
        self.intro.setText(t.ngettext(
            "Names, NIKs, phone numbers and e-mail addresses are removed {days} day after a "
            "record was exported or synced. Counts and tickets stay.",
            "Names, NIKs, phone numbers and e-mail addresses are removed {days} days after a "
            "record was exported or synced. Counts and tickets stay.",
            s.retention_days, days=s.retention_days))
        self.figures.setText(t.ngettext("{n} record holds personal data",
                                        "{n} records hold personal data", s.records,
                                        n=s.records))
        lines = [t("Oldest: {date}", date=s.oldest) if s.records else t("Oldest: none")]
        lines.append(t("Due for removal now: {n}", n=s.due))
        lines.append(t("Old enough, but not exported yet: {n}", n=s.waiting_for_export))
        self.detail.setText("\n".join(lines))
        self.run.setEnabled(s.due > 0)
