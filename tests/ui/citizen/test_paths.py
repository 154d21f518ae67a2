"""Every citizen path, tapped on the real screens with the on-screen keyboard."""

from __future__ import annotations

import pytest

from kiosk.citizen.flow import Step
from tests.helpers.fakes import FakeSlips
from tests.helpers.walks import (
    ADULT,
    fill_adult,
    fill_complaint,
    nik_page,
    start_application,
    start_complaint,
    submit,
    who_and_name,
)
from tests.ui.conftest import kiosk_config, start_kiosk


@pytest.mark.parametrize("service,letter", [("NEW", "A"), ("RENEW", "B")])
def test_each_on_site_service_gets_a_ticket(kiosk, service, letter):
    """NEW and RENEW: one application record, ticket <letter>-001, the code shown large."""
    start_application(kiosk, service)
    fill_adult(kiosk)
    submit(kiosk)
    assert kiosk.flow.step == Step.DONE
    assert kiosk.touch.find("ticketCode").text() == f"{letter}-001"
    [record] = kiosk.records("application")
    assert record.payload["service"] == service and record.payload["full_name"] == "BUDI SANTOSO"
    assert "Silakan ambil" in kiosk.touch.find("done:slip").text()


def test_lost_with_police_report(kiosk):
    """LOST on site: the police number and date are typed first, then the applicant."""
    start_application(kiosk, "LOST")
    t = kiosk.touch
    t.type("police_report_no", "SKTLK/123/X/2019/SPKT")
    t.primary()
    t.type("police_report_date", "20-10-2019")
    t.primary()
    t.primary()                         # not lost in a disaster (preselected)
    fill_adult(kiosk)
    submit(kiosk)
    [record] = kiosk.records("application")
    assert record.payload["police_report_no"] == "SKTLK/123/X/2019/SPKT"
    assert kiosk.touch.find("ticketCode").text() == "C-001"


def test_damaged_by_disaster_has_no_surcharge(kiosk):
    """DAMAGED asks the cause; a disaster is force majeure, so the fee has no surcharge."""
    start_application(kiosk, "DAMAGED")
    kiosk.touch.choose("damage_cause", "disaster")
    kiosk.touch.primary()
    fill_adult(kiosk)
    assert "Rp350.000" in kiosk.touch.find("review:summary").text()
    submit(kiosk)
    [record] = kiosk.records("application")
    assert record.payload["damage_cause"] == "disaster" and record.payload["force_majeure"]


def test_lost_without_police_report_explains_the_police_step(kiosk):
    """No police report: the police step is explained and an information slip is printed."""
    start_application(kiosk, "LOST")
    kiosk.touch.tap("nav:secondary")
    assert kiosk.flow.step == Step.POLICE
    assert "Polsek" in kiosk.touch.find("police:step1").text()
    submit(kiosk)
    assert kiosk.records("application") == []
    [visit] = kiosk.records("info")
    assert visit.payload == {"event": "GTO-DEMO", "language": "id", "reason": "no_police_report",
                             "service": "LOST"}
    assert kiosk.tickets() == []


def test_service_not_on_site_gets_a_referral(qtbot, tmp_path):
    """With the demo event (LOST referred), LOST gives a referral slip and no typing."""
    k = start_kiosk(qtbot, tmp_path, config=kiosk_config(all_on_site=False))
    try:
        start_application(k, "LOST")
        assert k.flow.step == Step.REFERRAL
        assert "Kantor Imigrasi" in k.touch.find("referral:where").text()
        submit(k)
        [visit] = k.records("referral")
        assert visit.payload["service"] == "LOST" and k.tickets() == []
    finally:
        k.app.close()


def test_child_application_takes_the_parents_details(kiosk):
    """A child application asks the parent's name, NIK and phone; only 5 years on offer."""
    start_application(kiosk, "NEW")
    t = kiosk.touch
    who_and_name(kiosk, child=True, name="AYU LESTARI", place="GORONTALO")
    nik_page(kiosk, "7571014101150003", "01-01-2015", "F")
    t.type("parent_name", "RAHMAWATI")
    t.primary()
    t.type("parent_nik", "7571014101850003")
    t.primary()
    t.type("parent_phone", "081355550001")
    t.primary()
    t.primary()                         # the child's own phone is optional
    t.primary()                         # and the e-mail
    t.choose("passport_type", "ordinary")
    assert not t.exists("choice:years:10")
    t.primary()
    t.primary()
    submit(kiosk)
    [record] = kiosk.records("application")
    assert record.payload["child"] is True and record.payload["parent_name"] == "RAHMAWATI"


@pytest.mark.parametrize("identity", ["identified", "confidential", "anonymous"])
def test_complaint_in_each_identity_mode(kiosk, identity):
    """A complaint gets tracking number and ticket; anonymous keeps no name."""
    start_complaint(kiosk)
    fill_complaint(kiosk, identity, phone="" if identity == "anonymous" else "081355550001")
    submit(kiosk)
    [record] = kiosk.records("complaint")
    assert record.payload["identity"] == identity
    assert ("full_name" in record.payload) == (identity != "anonymous")
    assert "ADU-" in kiosk.touch.find("done:extra").text()
    assert kiosk.touch.find("ticketCode").text() == "E-001"


def test_information_path_takes_no_personal_data(kiosk):
    """Information: documents and fees per service, an info record with no form."""
    t = kiosk.touch
    t.tap("path:info")
    t.tap("info:service:RENEW")
    assert "Paspor lama" in t.find("info:documents").text()
    assert "Rp350.000" in t.find("info:fees").text()
    t.tap("info:child")
    assert "orang tua" in t.find("info:documents").text()
    submit(kiosk)
    [visit] = kiosk.records("info")
    assert visit.payload["service"] == "RENEW"
    assert kiosk.tickets() == []


def test_consent_refused_offers_information(kiosk):
    """Refusing consent records nothing personal and shows the information path instead."""
    kiosk.touch.tap("path:service")
    kiosk.touch.tap("nav:secondary")
    assert kiosk.flow.step == Step.INFORMATION
    assert kiosk.touch.find("info:refused").isVisible()
    submit(kiosk)
    [visit] = kiosk.records("info")
    assert visit.payload["reason"] == "no_consent"


def test_a_mistake_is_shown_beside_the_field_and_fixed(kiosk):
    """A short NIK: Next stays pressable, says what is missing, error beside the field."""
    start_application(kiosk, "NEW")
    t = kiosk.touch
    who_and_name(kiosk, child=False, name="BUDI SANTOSO", place="GORONTALO")
    nik_page(kiosk, "757101010190", "01-01-1990", "M")
    assert kiosk.flow.step == Step.APPLICATION
    error = t.find("error:nik")
    assert error.text().startswith("\u26a0") and "16 digit" in error.text()
    assert "NIK" in t.find("missingHint").text()
    assert t.find("field:nik").text() == "7571 0101 0190"     # nothing typed is lost
    assert kiosk.flow.value("nik") == "757101010190"
    t.type("nik", "0003")
    assert not t.exists("error:nik")
    t.primary()
    assert kiosk.flow.page().name == "a_contact"


def test_a_mistake_fixed_on_review(kiosk):
    """Review shows a wrong phone; Change, fix it, and review again; the record has the fix."""
    start_application(kiosk, "NEW")
    fill_adult(kiosk, {**ADULT, "phone": "081299990000"})
    assert kiosk.touch.find("review:value:phone").text() == "0812-9999-0000"
    kiosk.touch.tap("review:edit:a_contact")
    kiosk.touch.retype("phone", "081234567890")
    kiosk.touch.primary()
    assert kiosk.flow.step == Step.REVIEW
    assert kiosk.touch.find("review:value:phone").text() == "0812-3456-7890"
    submit(kiosk)
    assert kiosk.records("application")[0].payload["phone"] == "+6281234567890"


def test_language_switched_mid_form_keeps_what_was_typed(kiosk):
    """Switching to English on a form page retranslates in place; the typed text stays."""
    start_application(kiosk, "NEW")
    t = kiosk.touch
    t.choose("child", "no")
    t.primary()
    t.type("full_name", "BUDI")
    t.switch_language()
    assert kiosk.window.current().title.text() == "Your name"
    assert t.find("field:full_name").text() == "BUDI"
    assert t.find("nav:primary").text() == "Next"
    t.type("full_name", " SANTOSO")
    t.switch_language()
    assert t.find("field:full_name").text() == "BUDI SANTOSO"
    assert t.find("nav:primary").text() == "Lanjut"


def test_double_tap_on_submit_makes_one_record_and_one_ticket(kiosk):
    """Two fast taps on Submit: one record, one ticket, one slip."""
    start_application(kiosk, "NEW")
    fill_adult(kiosk)
    primary = kiosk.touch.find("nav:primary")
    kiosk.touch.tap(primary)
    kiosk.touch.tap(primary)
    kiosk.touch.settle(lambda: kiosk.flow.outcome is not None and not kiosk.flow.outcome.printing)
    assert len(kiosk.records()) == 1 and len(kiosk.tickets()) == 1
    assert len(kiosk.slips.printed) == 1


def test_a_tap_right_after_the_ticket_appears_does_not_take_it_away(kiosk):
    """Submit and Finish share a place: a second tap landing after the answer came back
    keeps the ticket on screen; a Finish a moment later works."""
    start_application(kiosk, "NEW")
    fill_adult(kiosk)
    submit(kiosk)
    kiosk.touch.primary()                              # the rest of a double tap
    assert kiosk.flow.step == Step.DONE
    kiosk.clock.advance(1)
    kiosk.touch.primary()
    assert kiosk.flow.step == Step.WELCOME


def test_print_failure_shows_the_code_and_asks_for_an_officer(qtbot, tmp_path):
    """A slip that does not print: the ticket code stays on screen with 'ask an officer'."""
    k = start_kiosk(qtbot, tmp_path, slips=FakeSlips(ok=False))
    try:
        start_application(k, "NEW")
        fill_adult(k)
        submit(k)
        assert k.touch.find("ticketCode").text() == "A-001"
        assert "petugas" in k.touch.find("done:slip").text()
    finally:
        k.app.close()


def test_finish_returns_to_a_clean_welcome(kiosk):
    """Finish on the done screen: welcome, Indonesian, nothing kept."""
    start_application(kiosk, "NEW")
    kiosk.touch.switch_language()
    fill_adult(kiosk)
    submit(kiosk)
    kiosk.clock.advance(2)                             # the citizen reads the ticket
    kiosk.touch.primary()
    assert kiosk.flow.step == Step.WELCOME and kiosk.flow.language == "id"
    assert kiosk.flow.values == {}


@pytest.mark.parametrize("path,total,then", [("service", 4, Step.SERVICES),
                                             ("complaint", 3, Step.COMPLAINT)])
def test_refusing_then_back_keeps_the_step_indicator(kiosk, path, total, then):
    """'Saya tidak setuju', then Back: the consent is step 1 again, and agreeing goes on
    along the path chosen on welcome, the step indicator showing all the way."""
    t = kiosk.touch
    t.tap(f"path:{path}")
    t.tap("nav:secondary")
    assert kiosk.flow.step == Step.INFORMATION and not t.exists("stepIndicator")
    t.back()
    assert t.find("stepIndicator").text() == f"Langkah 1 dari {total}"
    t.primary()
    assert kiosk.flow.step == then
    assert t.find("stepIndicator").text().startswith(f"Langkah 2 dari {total}")
    t.back()
    t.back()
    assert kiosk.flow.step == Step.WELCOME and not t.exists("stepIndicator")
