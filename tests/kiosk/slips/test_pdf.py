"""The PDF slip read back: text, roll width, embedded font, nothing clipped, a QR that verifies."""

from __future__ import annotations

import dataclasses
import io

import pytest
import zxingcpp
from pypdf import PdfReader
from reportlab.lib.units import mm

from kiosk.booth.build import Booth
from kiosk.records.keys import public_key_b64
from kiosk.slips.pdf import BOLD, REGULAR, register_fonts, wrap
from kiosk.slips.token import TokenError, verify_token
from tests.helpers.slips import LONG_NAME, pdf_text, pdf_to_image

QR_ONLY = zxingcpp.BarcodeFormat.QRCode


def _flat(text: str) -> str:
    return " ".join(text.split())


def _service(slips, paper_mm):
    config = dataclasses.replace(
        slips.config, printer=dataclasses.replace(slips.config.printer, paper_mm=paper_mm))
    return Booth(slips.data, config=config, catalogue=slips.catalogue, clock=slips.clock).slips


def _write(tmp_path, slips, receipt, *, language="id", paper_mm=80, name="slip"):
    path = tmp_path / f"{name}-{paper_mm}-{language}.pdf"
    path.write_bytes(_service(slips, paper_mm).render_pdf(receipt, language=language))
    return path


def test_pdf_text_has_code_masked_nik_fee_and_pickup(tmp_path, slips, receipts):
    """Text extraction finds A-001, 7571********0003, Rp350.000, Senin, 28 Oktober 2019."""
    text = _flat(pdf_text(_write(tmp_path, slips, receipts["application"])))
    assert "A-001" in text
    assert "7571********0003" in text
    assert "Rp350.000" in text
    assert "Senin, 28 Oktober 2019" in text


def test_pdf_never_holds_the_full_nik(tmp_path, slips, receipts):
    """Neither the text nor the raw bytes of any slip hold the 16-digit NIK."""
    for name in ("application", "long_name", "child"):
        path = _write(tmp_path, slips, receipts[name], name=name)
        assert "7571010101900003" not in _flat(pdf_text(path)).replace(" ", "")
        assert b"7571010101900003" not in path.read_bytes()
    assert "7571014101150002" not in pdf_text(tmp_path / "child-80-id.pdf")


def test_english_pdf(tmp_path, slips, receipts):
    """The English slip: Monday, 28 October 2019 and the English headings."""
    text = _flat(pdf_text(_write(tmp_path, slips, receipts["application"], language="en")))
    assert "Monday, 28 October 2019" in text and "Your queue number" in text


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_page_is_roll_wide_and_font_embedded(tmp_path, slips, receipts, paper_mm):
    """One page as wide as the roll; the TrueType font is embedded (FontFile2)."""
    reader = PdfReader(_write(tmp_path, slips, receipts["application"], paper_mm=paper_mm))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(paper_mm * mm, abs=0.01)
    assert float(box.height) > float(box.width)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [f.get_object()["/FontDescriptor"] for f in fonts.values()]
    assert descriptors and all("/FontFile2" in d for d in descriptors)
    assert {str(f.get_object()["/BaseFont"]).split("+")[1] for f in fonts.values()} <= {
        "DejaVuSans", "DejaVuSans-Bold"}


@pytest.mark.parametrize("paper_mm", [80, 58])
@pytest.mark.parametrize("language", ["id", "en"])
def test_long_name_wraps_whole_and_nothing_touches_the_edges(tmp_path, slips, receipts,
                                                             paper_mm, language):
    """A 60-character name is all there, and no ink reaches the outer 2 mm of the roll."""
    path = _write(tmp_path, slips, receipts["long_name"], language=language,
                  paper_mm=paper_mm)
    assert LONG_NAME in _flat(pdf_text(path))
    assert _edges_blank(pdf_to_image(path, dpi=200))


def _edges_blank(image, *, dpi=200, margin_mm=2) -> bool:
    """No ink in the outer `margin_mm` on either side: nothing reaches (or passes) the edge."""
    edge = round(margin_mm / 25.4 * dpi)
    left = image.crop((0, 0, edge, image.height))
    right = image.crop((image.width - edge, 0, image.width, image.height))
    return left.getextrema()[0] > 200 and right.getextrema()[0] > 200


def test_wrap_never_exceeds_the_width():
    """Words, and words longer than a line, wrap inside the given width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    text = f"{LONG_NAME} JL.ACHMADNADJAMUDDINNO.1KOTAGORONTALOPROVINSIGORONTALO"
    for font in (REGULAR, BOLD):
        lines = wrap(text, font, 13, 150)
        assert all(stringWidth(line, font, 13) <= 150 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@pytest.mark.parametrize("kind", ["application", "child", "complaint", "info", "referral"])
@pytest.mark.parametrize("paper_mm", [80, 58])
def test_qr_decodes_and_verifies(tmp_path, slips, receipts, kind, paper_mm):
    """The QR, rendered like a printer would, decodes to a token this kiosk's key verifies;
    and no slip kind puts ink at the paper's edges."""
    receipt = receipts[kind]
    path = _write(tmp_path, slips, receipt, paper_mm=paper_mm, name=kind)
    image = pdf_to_image(path, dpi=200)
    assert _edges_blank(image)
    # Only 2D formats: a 1D reader (ITF) now and then "sees" bars in the QR's own modules.
    found = zxingcpp.read_barcodes(image, formats=QR_ONLY)
    assert [b.format for b in found] == [zxingcpp.BarcodeFormat.QRCode]
    known = {receipt.record.kiosk_id: public_key_b64(slips.signing_key())}
    info = verify_token(found[0].text, known)
    assert info.record_uuid == receipt.record.uuid
    assert info.ticket == (receipt.ticket.code if receipt.ticket else None)
    assert info.day.isoformat() == "2019-10-23" and info.kind == receipt.record.kind


def test_decoded_token_with_a_changed_character_is_rejected(tmp_path, slips, receipts):
    """Scan, change one character, verify: refused."""
    receipt = receipts["application"]
    path = _write(tmp_path, slips, receipt)
    token = zxingcpp.read_barcodes(pdf_to_image(path), formats=QR_ONLY)[0].text
    forged = token[:40] + ("Q" if token[40] != "Q" else "R") + token[41:]
    with pytest.raises(TokenError):
        verify_token(forged, {receipt.record.kiosk_id: slips.signing_key().public_key()})


def test_pdf_metadata_holds_no_personal_data(slips, receipts):
    """The PDF title is the file name (day, code, record number), never a name."""
    pdf = slips.render_pdf(receipts["long_name"], language="id")
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == "2019-10-23_B-001_00002"
    assert "MUHAMMAD" not in str(dict(meta))


def test_reportlab_renders_with_its_c_accelerators():
    """rl_accel is a dependency: without it reportlab silently falls back to Python code
    that makes every slip slower and holds the interpreter lock longer."""
    import types

    from reportlab.lib import rl_accel

    assert isinstance(rl_accel.fp_str, types.BuiltinFunctionType)
    assert isinstance(rl_accel.asciiBase85Encode, types.BuiltinFunctionType)
