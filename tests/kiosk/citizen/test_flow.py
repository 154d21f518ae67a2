"""The citizen flow as a state machine, without Qt: paths, errors, idle, double submit."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from kiosk.citizen.flow import CitizenFlow, FlowError, IdleEvent, Path, Primary, Step
from kiosk.citizen.registrar import Registrar

TODAY = dt.date(2019, 10, 23)
ALL_ON_SITE = ("NEW", "RENEW", "LOST", "DAMAGED", "COMPLAINT", "INFO")


def make_flow(catalogue, *, on_site=ALL_ON_SITE, **kw) -> CitizenFlow:
    ids = (f"id-{n}" for n in itertools.count(1))
    return CitizenFlow(catalogue=catalogue, services_on_site=on_site, today=lambda: TODAY,
                       new_id=lambda: next(ids), **kw)


def fill(flow: CitizenFlow, **values: str) -> None:
    for name, value in values.items():
        flow.set_value(name, value)


ADULT = {"child": "no", "full_name": "Budi Santoso", "birth_place": "Gorontalo",
         "nik": "7571010101900003", "birth_date": "01-01-1990", "sex": "M",
         "phone": "0812 3456 7890", "email": "", "passport_type": "ordinary", "years": "5"}


def at_service(flow: CitizenFlow, code: str) -> None:
    """Welcome -> passport service -> consent given -> `code` chosen."""
    flow.choose_path("service")
    flow.agree()
    flow.choose_service(code)


def to_page(flow: CitizenFlow, name: str) -> None:
    """Next until the page `name` (the pages before it filled in already)."""
    while flow.page().name != name:
        assert flow.next(), flow.errors


def to_review(flow: CitizenFlow, values: dict) -> None:
    fill(flow, **values)
    for _ in range(20):
        if flow.step == Step.REVIEW:
            return
        assert flow.next(), flow.errors
    raise AssertionError("never reached review")


def test_application_path_reaches_review_with_a_submission_id(catalogue):
    """Welcome -> consent -> service -> form pages -> review, with progress 'step n of 4'."""
    flow = make_flow(catalogue)
    flow.choose_path(Path.SERVICE)
    assert flow.step == Step.CONSENT and flow.progress().number == 1
    flow.agree()
    assert flow.step == Step.SERVICES and flow.progress().total == 4
    flow.choose_service("NEW")
    assert flow.step == Step.APPLICATION and flow.progress().part == 1
    to_review(flow, ADULT)
    assert flow.progress().number == 4 and flow.primary() == Primary.SUBMIT
    sub = flow.begin_submit()
    assert sub.kind == "application" and sub.submission_id == "id-1"
    assert sub.form["child"] is False and sub.form["priority"] == ""


def test_next_keeps_errors_beside_fields_and_stays(catalogue):
    """A wrong NIK stays on the page with its error key; nothing typed is lost."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    fill(flow, child="no", full_name="Budi", birth_place="Gorontalo")
    to_page(flow, "a_nik")
    fill(flow, nik="75710101019000", birth_date="01-01-1990", sex="M")
    assert flow.next() is False
    assert flow.errors["nik"].key == "nik.length" and flow.missing() == ["nik"]
    assert flow.value("nik") == "75710101019000"
    flow.set_value("nik", "7571010101900003")
    assert "nik" not in flow.errors


def test_nik_is_cross_checked_with_birth_date_and_sex(catalogue):
    """A NIK whose DDMMYY or sex digits disagree marks the NIK and the field it disagrees
    with, each message naming the other."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    fill(flow, child="no", full_name="Budi", birth_place="Gorontalo")
    to_page(flow, "a_nik")
    fill(flow, nik="7571010101900003", birth_date="02-01-1990", sex="M")
    assert not flow.next()
    assert {f: e.key for f, e in flow.errors.items()} == {
        "nik": "nik.birth_mismatch", "birth_date": "birth_date.nik_mismatch"}
    fill(flow, birth_date="01-01-1990", sex="F")
    assert not flow.next()
    assert {f: e.key for f, e in flow.errors.items()} == {
        "nik": "nik.sex_mismatch", "sex": "sex.nik_mismatch"}
    assert flow.missing() == ["nik", "sex"]


@pytest.mark.parametrize("changed", [("sex", "M"), ("nik", "7571014101900003")])
def test_changing_either_side_of_a_disagreement_clears_both(catalogue, changed):
    """Tapping the other sex, or retyping the NIK, takes the error off both fields."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    fill(flow, child="no", full_name="Budi", birth_place="Gorontalo")
    to_page(flow, "a_nik")
    fill(flow, nik="7571010101900003", birth_date="01-01-1990", sex="F")
    assert not flow.next() and set(flow.errors) == {"nik", "sex"}
    flow.set_value(*changed)
    assert flow.errors == {}


def test_an_own_error_stays_when_the_other_field_changes(catalogue):
    """A NIK too short keeps its message when the sex is tapped: only disagreements go."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    fill(flow, child="no", full_name="Budi", birth_place="Gorontalo")
    to_page(flow, "a_nik")
    fill(flow, nik="757101010190", birth_date="01-01-1990", sex="M")
    assert not flow.next() and flow.errors["nik"].key == "nik.length"
    flow.set_value("sex", "F")
    assert flow.errors["nik"].key == "nik.length"


def test_child_application_adds_the_parent_page(catalogue):
    """A child application asks for the parent; an adult age is refused beside the birth date."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    fill(flow, child="yes")
    assert "a_parent" in [p.name for p in flow.pages()]
    fill(flow, full_name="Ayu", birth_place="Gorontalo")
    to_page(flow, "a_nik")
    fill(flow, nik="7571014101900003", birth_date="01-01-1990", sex="F")
    assert not flow.next() and flow.errors["birth_date"].key == "child.too_old"
    fill(flow, nik="7571014101150003", birth_date="01-01-2015")
    assert flow.next() and flow.page().name == "a_parent"
    to_review(flow, {"parent_name": "Rahmawati", "parent_nik": "7571014101850003",
                     "parent_phone": "081355550001", "passport_type": "ordinary"})
    form = flow.form()
    assert form["child"] is True and form["years"] == "5" and form["phone"] == ""


def test_consent_refused_offers_information_and_takes_nothing(catalogue):
    """Refusing consent leads to the information path; its record carries no form."""
    flow = make_flow(catalogue)
    flow.choose_path("complaint")
    flow.refuse()
    assert flow.step == Step.INFORMATION and flow.consent_refused
    sub = flow.begin_submit()
    assert sub.kind == "info" and sub.form == {} and sub.reason == "no_consent"


def test_service_not_on_site_gets_a_referral_before_typing(catalogue):
    """LOST at an event that refers it: referral notice, no form page."""
    flow = make_flow(catalogue, on_site=("NEW", "RENEW", "COMPLAINT", "INFO"))
    at_service(flow, "LOST")
    assert flow.step == Step.REFERRAL and flow.primary() == Primary.PRINT_REFERRAL
    sub = flow.begin_submit()
    assert (sub.kind, sub.service, sub.reason) == ("referral", "LOST", "not_on_site")


def test_lost_without_police_report_goes_to_the_police_step(catalogue):
    """LOST asks the police report first; 'no report' explains the police step."""
    flow = make_flow(catalogue)
    at_service(flow, "LOST")
    assert flow.page().name == "a_police"
    flow.no_police_report()
    assert flow.step == Step.POLICE
    sub = flow.begin_submit()
    assert (sub.kind, sub.service, sub.reason) == ("info", "LOST", "no_police_report")


def test_lost_with_report_carries_police_fields_and_force_majeure(catalogue):
    """The police number, its date and the force-majeure answer reach the form."""
    flow = make_flow(catalogue)
    at_service(flow, "LOST")
    to_review(flow, {"police_report_no": "SKTLK/123/X/2019/SPKT",
                     "police_report_date": "20-10-2019", **ADULT})
    form = flow.form()
    assert form["police_report_no"] == "SKTLK/123/X/2019/SPKT"
    assert form["force_majeure"] is False
    assert flow.fee().surcharge == 1_000_000


def test_complaint_anonymous_needs_no_contact(catalogue):
    """An anonymous complaint's last page asks no name, and contact is optional."""
    flow = make_flow(catalogue)
    flow.choose_path("complaint")
    flow.agree()
    assert flow.step == Step.COMPLAINT and flow.progress().total == 3
    to_review(flow, {"category": "slow_service", "unit": "passport",
                     "event_date": "20-10-2019", "what_happened": "Lama sekali.",
                     "identity": "anonymous"})
    form = flow.form()
    assert "full_name" not in form and form["identity"] == "anonymous"


def test_edit_from_review_returns_to_review(catalogue):
    """A part changed from review comes back to review with a fresh submission id."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    to_review(flow, ADULT)
    sub = flow.begin_submit()
    flow.submit_failed(sub, notice="submit.failed")
    assert flow.notice == "submit.failed" and not flow.submitting
    flow.edit("a_contact")
    flow.set_value("phone", "0812 0000 1111")
    assert flow.next() and flow.step == Step.REVIEW
    assert flow.begin_submit().submission_id != sub.submission_id


def test_double_submit_gives_one_submission(catalogue):
    """While a submission is on its way a second tap gets nothing to send."""
    flow = make_flow(catalogue)
    flow.choose_path("info")
    assert flow.begin_submit() is not None
    assert flow.begin_submit() is None


def test_late_answers_of_a_previous_citizen_are_dropped(catalogue):
    """A receipt arriving after an idle reset never shows to the next citizen."""
    flow = make_flow(catalogue)
    flow.choose_path("info")
    sub = flow.begin_submit()
    flow.reset()
    assert flow.submitted(sub, object()) is False and flow.step == Step.WELCOME


def test_idle_asks_then_resets_everything(catalogue):
    """After the quiet time: ask; after the countdown: welcome, nothing kept."""
    flow = make_flow(catalogue, idle_seconds=60, countdown_seconds=15, language="id")
    flow.touch(0)
    flow.set_language("en")
    at_service(flow, "NEW")
    fill(flow, full_name="Budi")
    assert flow.tick(59) is None
    assert flow.tick(60) == IdleEvent.ASK and flow.seconds_left(61) == 14
    assert flow.tick(74) is None
    assert flow.tick(75) == IdleEvent.RESET
    assert flow.step == Step.WELCOME and flow.values == {} and flow.language == "id"


def test_a_touch_during_the_countdown_keeps_the_citizen(catalogue):
    """Tapping 'still here' stops the countdown and keeps what was typed."""
    flow = make_flow(catalogue, idle_seconds=60, countdown_seconds=15)
    flow.touch(0)
    flow.choose_path("complaint")
    flow.agree()
    fill(flow, category="other")
    assert flow.tick(60) == IdleEvent.ASK
    flow.touch(70)
    assert not flow.asking and flow.tick(100) is None and flow.value("category") == "other"


def _at_done(flow: CitizenFlow):
    flow.touch(0)
    flow.choose_path("info")
    sub = flow.begin_submit()
    assert flow.submitted(sub, object())
    return sub


def test_done_with_the_slip_printed_clears_without_asking(catalogue):
    """The record is kept and the slip is in the citizen's hand: after the quiet time the
    screen clears at once, with no "still there?" question."""
    flow = make_flow(catalogue, idle_seconds=60, countdown_seconds=15)
    sub = _at_done(flow)
    assert flow.tick(30) is None                       # still printing: never cleared
    flow.printed(sub, ok=True)
    assert flow.tick(59) is None
    assert flow.tick(60) == IdleEvent.RESET and flow.step == Step.WELCOME


def test_done_while_printing_or_when_the_print_failed_asks_first(catalogue):
    """No slip came out: the code on screen is all the citizen has, so ask before clearing."""
    flow = make_flow(catalogue, idle_seconds=60, countdown_seconds=15)
    sub = _at_done(flow)
    assert flow.tick(60) == IdleEvent.ASK               # the printer has not answered yet
    flow.printed(sub, ok=False, reason="paper out")
    flow.touch(61)
    assert flow.tick(121) == IdleEvent.ASK
    assert flow.tick(136) == IdleEvent.RESET


def test_welcome_in_another_language_returns_to_default_when_idle(catalogue):
    """A walk-away on welcome after switching to English resets the language quietly."""
    flow = make_flow(catalogue, idle_seconds=60)
    flow.touch(0)
    assert flow.tick(100) is None
    flow.set_language("en")
    assert flow.tick(200) == IdleEvent.RESET and flow.language == "id"


def test_intents_on_the_wrong_screen_are_refused(catalogue):
    """Choosing a service on welcome is a programming error, not a silent jump."""
    flow = make_flow(catalogue)
    with pytest.raises(FlowError):
        flow.choose_service("NEW")


def test_back_walks_the_path_in_reverse(catalogue):
    """Back from the first form page goes to services, then consent, then welcome."""
    flow = make_flow(catalogue)
    at_service(flow, "RENEW")
    flow.back()
    assert flow.step == Step.SERVICES
    flow.back()
    assert flow.step == Step.CONSENT
    flow.back()
    assert flow.step == Step.WELCOME


def test_flow_form_is_accepted_by_the_registrar(catalogue, fresh_db, config, clock):
    """What the flow hands over is exactly what Registrar.submit_application accepts."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    to_review(flow, ADULT)
    sub = flow.begin_submit()
    registrar = Registrar(fresh_db, config, catalogue, clock)
    receipt = registrar.submit_application(sub.form, submission_id=sub.submission_id)
    again = registrar.submit_application(sub.form, submission_id=sub.submission_id)
    assert receipt.ticket.code == again.ticket.code == "A-001"
    assert len(fresh_db.records()) == 1


def test_secondary_answer_is_offered_where_there_is_one(catalogue):
    """Consent offers 'I do not agree'; the LOST police page offers 'no police report'."""
    from kiosk.citizen.flow import Secondary

    flow = make_flow(catalogue)
    assert flow.secondary() is None
    flow.choose_path("service")
    assert flow.secondary() == Secondary.REFUSE
    flow.agree()
    flow.choose_service("LOST")
    assert flow.secondary() == Secondary.NO_POLICE_REPORT
    fill(flow, police_report_no="SKTLK/1/X/2019", police_report_date="20-10-2019")
    flow.next()
    assert flow.secondary() is None


def test_invalid_submission_goes_back_to_the_page_with_the_error(catalogue):
    """A registrar refusal lands on the page of the offending field, errors shown."""
    from kiosk.citizen.validation import Err

    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    to_review(flow, ADULT)
    sub = flow.begin_submit()
    flow.submit_failed(sub, errors={"phone": Err("phone.short")})
    assert flow.step == Step.APPLICATION and flow.page().name == "a_contact"
    assert flow.errors["phone"].key == "phone.short"
    flow.set_value("phone", "081234567891")
    assert flow.next() and flow.step == Step.REVIEW


CHILD = {"child": "yes", "full_name": "Nur Aisyah", "nik": "7571014101150002",
         "birth_date": "01-01-2015", "sex": "F", "parent_name": "Siti Rahma",
         "parent_nik": "7571014101900003", "parent_phone": "081234567890", "phone": ""}


def adult_with_ten_years(catalogue) -> CitizenFlow:
    flow = CitizenFlow(catalogue=catalogue, services_on_site=ALL_ON_SITE,
                       today=lambda: dt.date(2024, 2, 29))
    at_service(flow, "NEW")
    to_review(flow, {**ADULT, "years": "10"})
    assert flow.form()["years"] == "10"
    return flow


def test_a_child_gets_five_years_chosen_after_an_adult_chose_ten(catalogue):
    """Back from 10 years to 'for my child': the passport page offers 5 years, chosen."""
    flow = adult_with_ten_years(catalogue)
    while flow.page() is None or flow.page().name != "a_who":
        flow.back()
    to_review(flow, CHILD)
    assert flow.form()["years"] == "5" and flow.fee().book == 350_000


def test_a_child_edited_from_review_is_told_why_ten_years_went(catalogue):
    """Changed to a child from review, the passport page says 10 years is for adults."""
    flow = adult_with_ten_years(catalogue)
    flow.edit("a_who")
    fill(flow, **CHILD)
    assert flow.next() and flow.page().name == "a_passport"
    assert not flow.next() and flow.errors["years"].key == "years.not_allowed"
