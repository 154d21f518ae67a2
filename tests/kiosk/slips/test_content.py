"""What slips say: masked NIK only, fee of the day, pickup and answer dates, referrals, info."""

from __future__ import annotations

import ast
import datetime as dt
import inspect

import pytest

import kiosk.slips.content as content
from kiosk.booth.build import Booth
from kiosk.citizen import guidance
from kiosk.citizen.registrar import Registrar
from kiosk.event.clock import FakeClock
from kiosk.i18n import Translator
from kiosk.paths import DataDir
from kiosk.slips.content import Fact
from tests.helpers.factories import adult_form
from tests.helpers.factories import config as make_config
from tests.helpers.slips import LONG_NAME, sid


def _text(slips, receipt, language="id", **kw):
    return slips.slip_for(receipt, language=language, **kw).text()


def test_application_shows_masked_nik_never_the_full_one(slips, receipts):
    """7571********0003 is on the slip; 7571010101900003 nowhere, nor phone or birth date."""
    text = _text(slips, receipts["application"])
    assert "7571********0003" in text
    assert "7571010101900003" not in text
    assert "3456" not in text and "1990" not in text


def test_application_names_the_applicant(slips, receipts):
    """The applicant's name (uppercase, as recorded) is printed, whole."""
    assert LONG_NAME in _text(slips, receipts["long_name"])


def test_complaint_slip_never_names_the_reporter(slips, receipts):
    """A confidential complaint's slip has tracking number and due date but no name."""
    receipt = receipts["complaint"]
    text = _text(slips, receipt, "en")
    assert "RAHMAWATI" not in text.upper()
    assert receipt.tracking_number in text
    assert "Wednesday, 30 October 2019" in text
    assert "Your name is kept from the unit concerned" in text


@pytest.mark.parametrize("kind", ["complaint", "info", "referral"])
def test_slips_without_a_nik_do_not_speak_of_one(slips, receipts, kind):
    """Only application slips carry a masked NIK, so only they mention it."""
    assert "NIK" not in _text(slips, receipts[kind], "en")
    assert "NIK" in _text(slips, receipts["application"], "en")


def test_pickup_date_in_working_days_and_long_form(slips, receipts):
    """Wed 23 Oct 2019 + 3 working days: Senin, 28 Oktober 2019 / Monday, 28 October 2019."""
    assert "Senin, 28 Oktober 2019" in _text(slips, receipts["application"], "id")
    assert "Monday, 28 October 2019" in _text(slips, receipts["application"], "en")


def test_time_in_the_event_zone(slips, receipts):
    """09.30 WITA (01:30 UTC in Gorontalo)."""
    assert "09.30 WITA" in _text(slips, receipts["application"], "id")
    assert "09:30 WITA" in _text(slips, receipts["application"], "en")


def test_fee_of_2019(slips, receipts):
    """Under PP 28/2019 an ordinary 5-year passport costs Rp350.000."""
    text = _text(slips, receipts["application"])
    assert "Rp350.000" in text and "PP 28/2019" in text


def test_fee_of_2025_for_a_ten_year_passport(slips, fresh_db, config, catalogue):
    """In 2025 (PP 45/2024) an ordinary 10-year passport costs Rp650.000."""
    clock = FakeClock(dt.datetime(2025, 3, 12, 2, 0, tzinfo=dt.UTC))
    receipt = Registrar(fresh_db, config, catalogue, clock).submit_application(
        adult_form(years="10"), submission_id=sid())
    text = _text(slips, receipt)
    assert "Rp650.000" in text and "PP 45/2024" in text and "Rp350.000" not in text


def test_lost_passport_fee_shows_the_surcharge(slips, registrar, config):
    """A lost passport: book plus Rp1.000.000 surcharge, broken down."""
    receipt = registrar.submit_application(
        adult_form(service="LOST", police_report_no="LP/123/X/2019/Polda",
                   police_report_date="20-10-2019"), submission_id=sid())
    slip = slips.slip_for(receipt, language="en")
    fee = next(f for f in slip.facts if f.label.startswith("Fee"))
    assert fee.value == "Rp1.350.000"
    assert "surcharge for a lost passport Rp1.000.000" in slip.text()


def test_child_application_lists_the_child_documents(slips, receipts):
    """A child's slip asks for the parents' documents and both parents."""
    text = _text(slips, receipts["child"], "en")
    assert "Both parents come along" in text and "A parent's e-KTP" in text


def test_priority_is_marked(slips, receipts):
    """An elderly citizen's slip says priority lane."""
    assert "Jalur prioritas: lansia (60+)" in _text(slips, receipts["long_name"])


def test_referral_says_where_what_and_why(slips, receipts, config):
    """LOST is not on site in the demo: go to the office, bring these, police report first."""
    slip = slips.slip_for(receipts["referral"], language="en")
    text = slip.text()
    assert slip.code is None
    assert config.event.pickup_place in text
    assert "This service is not offered at this event." in text
    assert "reported to the police" in text
    assert "Police report of the loss (surat keterangan hilang)" in text
    assert "Ordinary passport, 5 years\nRp350.000" in text
    assert "Plus Rp1.000.000 for a lost passport" in text


def test_info_slip_lists_documents_and_fees_of_the_day(slips, receipts):
    """Info on NEW: documents for adult and child, and each passport's fee on that date."""
    slip = slips.slip_for(receipts["info"], language="id")
    rows = {item.label: item.value for s in slip.sections for item in s.items
            if isinstance(item, Fact)}
    assert rows == {"Paspor biasa, 5 tahun": "Rp350.000",
                    "Paspor elektronik, 5 tahun": "Rp650.000"}
    text = slip.text()
    assert "e-KTP" in text and "Kedua orang tua hadir" in text
    assert "ambil nomor antrean di anjungan ini" in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_police_step_slip_says_what_to_do(slips, registrar, language):
    """A lost passport without a police report: the slip carries the police step, step by
    step, and what to bring back (the screen's words, kiosk.citizen.guidance)."""
    receipt = registrar.record_visit(kind="info", service="LOST", submission_id=sid(),
                                     reason="no_police_report")
    slip = slips.slip_for(receipt, language=language)
    t = Translator(language)
    steps = next(s for s in slip.sections if s.heading == t(guidance.POLICE_TITLE))
    assert steps.items == guidance.police_steps(t) and len(steps.items) == 3
    text = slip.text()
    assert t("Police report of the loss (surat keterangan hilang)") in text
    assert t("e-KTP (electronic identity card)") in text


@pytest.mark.parametrize("kind", ["info", "referral"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_damaged_passport_slip_never_speaks_of_a_lost_one(slips, registrar, kind,
                                                          language):
    """The damaged-passport referral once said "lost or damaged": each service's slip
    speaks of its own case only."""
    receipt = registrar.record_visit(kind=kind, service="DAMAGED", submission_id=sid(),
                                     reason="not_on_site" if kind == "referral" else "")
    text = slips.slip_for(receipt, language=language).text().lower()
    assert "hilang" not in text and "lost" not in text
    assert ("rusak" if language == "id" else "damaged") in text


def test_reprint_is_marked(slips, receipts):
    """A reprint says so, with the time it was reprinted."""
    when = dt.datetime(2019, 10, 23, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert "Cetak ulang 23 Okt 2019, 14.05" in _text(
        slips, receipts["application"], reprinted_at=when)


@pytest.mark.parametrize("name", ["application", "long_name", "child", "complaint", "info",
                                  "referral", "referral_damaged", "police", "lost"])
def test_indonesian_slips_have_no_english_left(slips, receipts, name):
    """Every slip line in Indonesian is translated (no English source string shows), the
    guidance it shares with the screens (kiosk.citizen.guidance) included."""
    msgids = set()
    for module in (content, guidance):
        msgids |= {n.args[0].value for n in ast.walk(ast.parse(inspect.getsource(module)))
                   if isinstance(n, ast.Call) and getattr(n.func, "id", "") in ("t", "N_")
                   and n.args and isinstance(n.args[0], ast.Constant)}
    msgids |= set(content.PRIORITY_LABELS.values()) | set(content.IDENTITY_LABELS.values())
    t = Translator("id")
    assert [m for m in msgids if not t.has(m)] == []
    text = _text(slips, receipts[name], "id")
    english = [m for m in msgids if "{" not in m and m in text and t(m) != m]
    assert english == []


@pytest.mark.parametrize(("language", "words"), [
    ("en", {"called": "Called to counter 1: please go "
            "there now", "served": "Served at counter 1 at 09:42", "no_show": "Called at "
            "09:44 but you were not there: please ask an officer"}),
    ("id", {"called": "Dipanggil ke loket 1: silakan ke "
            "sana sekarang", "served": "Dilayani di loket 1 pukul 09.42", "no_show":
            "Dipanggil pukul 09.44 tetapi Anda tidak ada: silakan tanya petugas"}),
])
def test_a_reprint_says_where_the_ticket_stands(slips, registrar, queue, officer, clock,
                                               language, words):
    """Waiting: people ahead and the wait; called: go to the counter; served: where and
    when; missed: ask an officer. Once called, never "you are next" nor a wait."""
    first = registrar.submit_application(adult_form(), submission_id=sid()).ticket
    second = registrar.submit_application(adult_form(), submission_id=sid()).ticket
    t = Translator(language)

    def reprint(code: str) -> str:
        receipt = slips.receipt_for_ticket(registrar.store, code)
        return slips.slip_for(receipt, language=language,
                              reprinted_at=clock.now().astimezone(receipt.local_time.tzinfo)
                              ).text()

    ahead, wait = t("People ahead of you"), t("Estimated wait")
    waiting = reprint(second.code)
    assert f"{ahead}\n1\n{wait}" in waiting
    clock.advance(5 * 60)
    queue.call_next("1", None, officer)                       # first, at counter 1, 09:35
    clock.advance(7 * 60)
    called = reprint(first.code)
    queue.mark_served(first.code, officer=officer)            # 09:42
    served = reprint(first.code)
    clock.advance(2 * 60)
    queue.call_next("1", None, officer)                       # second, 09:44
    queue.mark_no_show(second.code, officer=officer)
    missed = reprint(second.code)
    for status, text in (("called", called), ("served", served), ("no_show", missed)):
        assert words[status] in text, (status, text)
        assert t("You are next") not in text, status
        assert ahead not in text and wait not in text, status


def test_the_footer_names_the_kiosk_by_its_number(catalogue, clock, fresh_db):
    """Kiosk 2 · record 1, as officers name the kiosk; its hash id stays in the QR token
    (and a complaint's tracking number), not in the words."""
    second = make_config(kiosks=2, kiosk_number=2)
    receipt = Registrar(fresh_db, second, catalogue, clock).submit_application(
        adult_form(), submission_id=sid())
    booth = Booth(DataDir(fresh_db.path.parent / "data"), config=second, catalogue=catalogue,
                  clock=clock)
    text = booth.slips.slip_for(receipt, language="en").text()
    assert "Kiosk 2 · record 1" in text and fresh_db.kiosk_id not in text
