"""Every name the kiosk accepts prints on every back end, as on the e-KTP; the rest is refused."""

from __future__ import annotations

import uuid

import pytest
from escpos.printer import Dummy
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.citizen import validation as v
from kiosk.citizen.registrar import InvalidSubmission
from kiosk.paths import resources_dir
from kiosk.slips.escpos import print_slip
from tests.helpers.factories import adult_form
from tests.helpers.slips import pdf_text

SELECT_PC437 = b"\x1bt\x00"        # ESC t 0: the code page every ESC/POS printer starts in
FONTS = [TTFont(f"probe-{name}", str(resources_dir() / "fonts" / name))
         for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
NAMES = st.one_of(
    st.text(max_size=120),
    st.text(alphabet="aAbBßéñØ '-.\u2019\ufb01\u0645\u674e", max_size=120),
)


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_an_accepted_name_prints_in_every_font_and_code_page(text):
    """The stored form of any accepted name has a glyph in both slip fonts and goes to a
    thermal printer in its power-on code page, byte for byte."""
    checked = v.name(text)
    if not checked.ok:
        return
    stored = checked.value
    assert stored == stored.upper() and 0 < len(stored) <= v.NAME_MAX
    assert all(ord(ch) in font.face.charToGlyph for font in FONTS for ch in stored)
    printer = Dummy()
    printer.text(stored)
    assert printer.output == SELECT_PC437 + stored.encode("ascii")


@pytest.mark.parametrize(("typed", "key"), [
    ("\u0645\u062d\u0645\u062f \u0639\u0644\u064a", "name.latin"),   # printed reversed
    ("\u674e\u5c0f\u9f99", "name.latin"),                            # empty boxes
    ("Jos\u00e9 Mu\u00f1oz", "name.accent"),                          # the e-KTP writes E, N
])
def test_names_no_printer_can_print_are_refused_at_the_registrar(registrar, typed, key):
    """The whole-form check refuses them with the field's message, before any record."""
    with pytest.raises(InvalidSubmission) as refused:
        registrar.submit_application(adult_form(full_name=typed),
                                     submission_id=str(uuid.uuid4()))
    assert refused.value.errors["full_name"].key == key


def test_a_name_upper_cased_longer_prints_whole_on_pdf_and_thermal(registrar, slips):
    """Strauß-Nur’aini is stored STRAUSS-NUR'AINI and printed so on both back ends."""
    receipt = registrar.submit_application(adult_form(full_name="Strau\u00df-Nur\u2019aini"),
                                           submission_id=str(uuid.uuid4()))
    assert receipt.record.payload["full_name"] == "STRAUSS-NUR'AINI"
    assert "STRAUSS-NUR'AINI" in pdf_text(slips.render_pdf(receipt, language="id"))
    printer = Dummy(profile="TM-T88V")
    print_slip(printer, slips.slip_for(receipt, language="id"), paper_mm=80)
    assert b"STRAUSS-NUR'AINI" in printer.output
