"""End of the day on the officer screen: export with progress, the report, personal data."""

from __future__ import annotations

import os

from kiosk.export.verify import read_bundle
from kiosk.records.keys import public_key_b64
from tests.helpers.slips import pdf_text


def _export_page(desk):
    desk.log_in()
    desk.tap("officer:section:export")
    desk.settle()


def test_export_to_the_stick_with_progress(desk):
    """Export: the bar goes 0 -> 100 without going back, the bundle on the stick verifies and
    decrypts with the central key, and its path is shown."""
    for _ in range(3):
        desk.submit()
    _export_page(desk)
    made = len(desk.store.records())          # 3 applications, the officer, the login
    assert desk.find("export:pending").text().endswith(f": {made}")
    seen = []
    desk.session.presenters["export"].relay.progressed.connect(lambda done, total: seen.append(
        (done, total)))
    values = []
    desk.panel.export.progress.valueChanged.connect(values.append)
    desk.tap("export:target:1")                     # the stick
    desk.tap("export:start")
    desk.settle()
    assert desk.find("export:message").text().startswith("\u2713")
    assert desk.panel.export.progress.value() == 100
    assert values == sorted(values) and values[-1] == 100 and len(values) >= 3
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    bundles = [p for p in desk.stick.iterdir() if not p.name.startswith(".")]
    assert len(bundles) == 1
    assert str(bundles[0]) in desk.find("export:bundle").text()
    own = {desk.store.kiosk_id: public_key_b64(desk.app.booth.slips.signing_key())}
    bundle = read_bundle(bundles[0], central_key=desk.central_private, kiosk_keys=own)
    kinds = [r.kind for r in bundle.records]
    assert kinds.count("application") == 3 and "officer_action" in kinds
    # the export's own record travels in the bundle it describes: nothing waits
    assert kinds.count("export") == 1
    assert desk.find("export:pending").text().endswith(": 0")
    exports = desk.records("export")
    assert exports[0]["officer_name"] == "Andi Pratama"


def test_a_removed_stick_says_so_and_writes_nothing(desk):
    """The stick is pulled before the export: a clear message, nothing marked exported."""
    desk.submit()
    _export_page(desk)
    desk.tap("export:target:1")
    os.rmdir(desk.stick)
    desk.tap("export:start")
    desk.settle()
    message = desk.find("export:message").text()
    assert message.startswith("\u26a0") and "flashdisk" in message.lower()
    assert desk.records("export") == []
    assert not desk.panel.export.progress.isVisible()


def test_the_report_button_writes_a_pdf_and_a_csv(desk):
    """Day report to the kiosk's reports folder: a PDF with the day's figures, and a CSV."""
    desk.submit()
    desk.log_in()
    desk.tap("officer:section:report")
    desk.tap("report:write")
    desk.settle()
    folder = desk.app.booth.reports_folder()
    pdfs = list(folder.glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert "GTO-DEMO" in pdfs[0].name and "2019-10-23" in pdfs[0].name
    assert pdf_text(pdfs[0]).strip()
    assert list(folder.glob("*.csv"))
    assert str(pdfs[0]) in desk.find("report:written").text()
    assert "7571010101900003" not in pdfs[0].with_suffix(".csv").read_text()


def test_personal_data_summary_and_run(desk):
    """The page counts records holding personal data; after export and the retention days
    the run removes them and the summary says none is left."""
    desk.submit()
    desk.log_in()
    desk.tap("officer:section:data")
    desk.settle()
    assert desk.find("data:figures").text().startswith("1 ")
    assert not desk.find("data:run").isEnabled()
    desk.tap("officer:section:export")
    desk.settle()                       # the sticks are listed by a worker
    desk.tap("export:target:1")
    desk.tap("export:start")
    desk.settle()
    desk.kiosk.clock.advance((desk.app.config.retention_days + 1) * 86400)
    desk.session.touch()
    desk.tap("officer:section:data")
    desk.settle()
    assert desk.find("data:run").isEnabled()
    desk.tap("data:run")
    desk.settle()
    assert desk.find("data:figures").text().startswith("0 ")
    assert "1" in desk.find("data:message").text()


def test_a_report_onto_a_pulled_stick_says_so_in_the_officers_language(desk):
    """The stick is pulled before the report: the page says the folder is missing (in
    Indonesian), no file is left and no report is audited."""
    desk.submit()
    desk.log_in()
    desk.tap("officer:section:report")
    desk.settle()                       # the sticks are listed by a worker
    desk.tap("report:target:1")
    os.rmdir(desk.stick)
    desk.tap("report:write")
    desk.settle()
    message = desk.find("report:message").text()
    assert message.startswith("\u26a0") and "tidak ada" in message
    assert str(desk.stick) in message
    assert not desk.stick.exists()
    assert [r for r in desk.records("officer_action") if r["action"] == "report"] == []
