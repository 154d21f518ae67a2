"""Slip check on the officer screen: a real slip's token, a tampered one, a typed code,
and the reprint (also after the printer failed on the citizen's slip, issue 4)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.citizen.registrar import tracking_number
from kiosk.records import answers
from kiosk.slips.backends import PdfFolderBackend
from kiosk.slips.errors import PrinterError
from tests.helpers.factories import complaint_form
from tests.helpers.slips import pdf_text, sid
from tests.helpers.walks import fill_adult, start_application, submit
from tests.ui.officer.conftest import start_desk

FULL_NIK = "7571010101900003"


def _scan(desk, text: str) -> None:
    """A handheld scanner: it types the token into the focused field and presses Enter."""
    field = desk.find("slip:input")
    assert field.hasFocus()
    desk.qtbot.keyClicks(field, text)
    desk.qtbot.keyClick(field, Qt.Key.Key_Return)
    desk.settle()


def _open_slip_check(desk) -> None:
    desk.log_in()
    desk.tap("officer:section:slip")


def test_a_valid_token_shows_the_slip_to_the_officer(desk):
    """The token of a real slip: genuine, the ticket, status and masked NIK; never the NIK."""
    receipt = desk.submit()
    token = desk.app.booth.slips.token_for(receipt)
    _open_slip_check(desk)
    _scan(desk, token)
    verdict = desk.find("slip:verdict").text()
    assert verdict.startswith("\u2713") and "Slip asli" in verdict
    details = desk.find("slip:details").text()
    assert desk.find("slip:code").text() == "A-001"
    assert "7571********0003" in details and "BUDI SANTOSO" in details
    assert "menunggu" in details
    assert FULL_NIK not in details
    assert desk.find("slip:reprint").isEnabled()
    assert desk.find("slip:input").text() == ""
    checked = [a for a in desk.records("officer_action") if a["action"] == "slip_checked"]
    assert checked[-1]["details"]["result"] == "valid"


def test_a_tampered_token_is_refused_in_words(desk):
    """One character of the signed part changed: a warning that says tampered, no details."""
    receipt = desk.submit()
    token = desk.app.booth.slips.token_for(receipt)
    at = 80
    tampered = token[:at] + ("B" if token[at] != "B" else "C") + token[at + 1:]
    _open_slip_check(desk)
    _scan(desk, tampered)
    verdict = desk.find("slip:verdict").text()
    assert verdict.startswith("\u26a0") and "diubah atau dipalsukan" in verdict
    assert not desk.kiosk.touch.exists("slip:reprint") or not desk.find("slip:reprint").isVisible()
    assert "BUDI" not in desk.panel.slip.details.text()
    checked = [a for a in desk.records("officer_action") if a["action"] == "slip_checked"]
    assert checked[-1]["details"]["result"] == "tampered"


def test_a_typed_code_with_the_on_screen_keys(desk):
    """No scanner: tap the field, type A-001 on the code keyboard, tap Check."""
    desk.submit()
    _open_slip_check(desk)
    field = desk.find("slip:input")
    desk.type_keys(field, "A-001", desk.panel.slip.keyboard)
    desk.tap("slip:check")
    desk.settle()
    assert "Tiket ditemukan" in desk.find("slip:verdict").text()
    desk.kiosk.touch.tap(field)
    desk.type_keys(field, "B-009", desk.panel.slip.keyboard)
    desk.tap("slip:check")
    desk.settle()
    assert "Tidak ada tiket B-009" in desk.find("slip:verdict").text()


def test_reprint_from_the_slip_check(desk):
    """Reprint: a new PDF marked as a reprint, a slip_reprint record and an audit record."""
    receipt = desk.submit()
    _open_slip_check(desk)
    _scan(desk, desk.app.booth.slips.token_for(receipt))
    desk.tap("slip:reprint")
    desk.settle()
    assert desk.find("slip:printed").text().startswith("\u2713")
    reprints = sorted(desk.app.booth.slips.data.slips.glob("*_reprint.pdf"))
    assert len(reprints) == 1 and "A-001" in pdf_text(reprints[0])
    assert [r["via"] for r in desk.records("slip_reprint")] == ["officer"]
    audit = [a for a in desk.records("officer_action") if a["action"] == "reprint"]
    assert audit[0]["details"]["printed"] is True


def test_logout_clears_the_slip_shown(desk):
    """The next officer (or a citizen) never sees the last slip checked."""
    receipt = desk.submit()
    _open_slip_check(desk)
    _scan(desk, desk.app.booth.slips.token_for(receipt))
    desk.tap("officer:logout")
    desk.settle()
    slip = desk.panel.slip
    assert slip.details.text() == "" and not slip.reprintable
    assert desk.session.presenters["slip"].result is None
    assert slip.verdict.text() == slip.code.text() == "" and not slip.card.isVisible()


class PaperOut(PdfFolderBackend):
    """A printer out of paper until the officer reloads it."""

    name = "paper-out"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.loaded = False

    def print_slip(self, slip, *, basename):
        if not self.loaded:
            raise PrinterError("paper out")
        return super().print_slip(slip, basename=basename)


def test_a_failed_print_then_an_officer_reprints(qtbot, tmp_path):
    """Issue 4: the printer fails; the record and ticket exist, the citizen sees the code
    and 'ask an officer'; the officer finds the ticket and reprints once paper is in."""
    backend = PaperOut(tmp_path / "printed", paper_mm=80)
    d = start_desk(qtbot, tmp_path, backend=backend)
    try:
        k = d.kiosk
        start_application(k, "NEW")
        fill_adult(k)
        submit(k)
        assert k.touch.find("ticketCode").text() == "A-001"
        assert "petugas" in k.touch.find("done:slip").text()
        assert len(d.records("application")) == 1 and len(k.tickets()) == 1
        assert [f["reason"] for f in d.records("print_failure")] == ["paper out"]
        d.log_in()
        d.tap("officer:section:slip")
        _scan(d, "A-001")
        d.tap("slip:reprint")
        d.settle()
        assert "Printer gagal" in d.find("slip:printed").text()
        backend.loaded = True
        d.tap("slip:reprint")
        d.settle()
        assert d.find("slip:printed").text().startswith("\u2713")
        printed = list((tmp_path / "printed").glob("*_reprint.pdf"))
        assert len(printed) == 1 and "A-001" in pdf_text(printed[0])
        assert [a["details"]["printed"] for a in d.records("officer_action")
                if a["action"] == "reprint"] == [False, True]
    finally:
        d.app.close()


def test_a_complaint_slip_shows_the_complaints_status_and_dates(desk):
    """A complaint's slip: its tracking number, the status the office sent back in words,
    and the due and answered dates, as Cek pengaduan shows them to the complainant."""
    receipt = desk.app.booth.registrar().submit_complaint(complaint_form(),
                                                          submission_id=sid())
    number = tracking_number(receipt.record)
    token = desk.app.booth.slips.token_for(receipt)
    _open_slip_check(desk)
    _scan(desk, token)
    details = desk.find("slip:details").text()
    assert number in details and "Tercatat di anjungan ini; belum sampai di kantor" in details
    answers.store_feed_page(desk.store, [{
        "position": 1, "tracking_number": number, "complaint_uuid": receipt.record.uuid,
        "status": "answered", "received_utc": "2019-10-23T02:00:00Z",
        "due_date": "2019-11-06", "answered_utc": "2019-10-25T03:00:00Z",
        "closed_utc": None, "changed_utc": "2019-10-25T03:00:00Z",
        "contact_check": None, "identity": "identified"}], 1)
    _scan(desk, token)
    details = desk.find("slip:details").text()
    assert "Sudah dijawab kantor" in details
    assert "Batas waktu jawaban: Rabu, 6 November 2019" in details
    assert "Dijawab: Jumat, 25 Oktober 2019" in details
