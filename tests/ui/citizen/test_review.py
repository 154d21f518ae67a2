"""The review screen and the printed slip agree: the fee and the pick-up date are the core's."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.helpers.slips import pdf_text
from tests.helpers.walks import fill_adult, start_application, submit
from tests.ui.conftest import start_kiosk


def test_review_pickup_date_is_the_one_printed_on_the_slip(qtbot, tmp_path):
    """The date under "Passport ready from" on review is the slip's pick-up date, in words."""
    k = start_kiosk(qtbot, tmp_path, real_slips=True)
    try:
        start_application(k, "NEW")
        fill_adult(k)
        shown = k.window.findChild(QLabel, "review:summary").text()
        submit(k)
        slips = sorted((tmp_path / "data" / "slips").glob("*.pdf"))
        assert len(slips) == 1
        printed = " ".join(pdf_text(slips[0]).split())
        receipt = k.flow.outcome.receipt
        t = k.app.controller.t
        words = t.date(receipt.pickup_date)
        assert words in shown, shown
        assert words in printed
    finally:
        k.app.close()
