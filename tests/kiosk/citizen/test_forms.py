"""The registrar's whole-form check against the page checks, and the payloads it makes."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.citizen import validation
from kiosk.citizen.flow import CitizenFlow
from kiosk.citizen.forms import validate_application, validate_complaint
from kiosk.citizen.pages import check_page, complaint_pages
from kiosk.event.catalogue import SERVICES_WITH_PASSPORT, load_catalogue
from kiosk.records.canonical import canonical_json
from tests.helpers.factories import adult_form, complaint_form

TODAY = dt.date(2019, 10, 23)
CATALOGUE = load_catalogue()      # one for every example (hypothesis runs many)


def page_errors(flow: CitizenFlow, today: dt.date) -> dict:
    """What the citizen is told page by page, over every page of this citizen's path."""
    errors: dict = {}
    for page in flow.pages():
        errors.update(check_page(page, flow.values, today=today))
    return errors


def test_registrar_refuses_a_unit_the_complaint_page_does_not_offer():
    """The unit page offers five units; the registrar must refuse any other text there."""
    form = complaint_form(unit="Loket 3")
    unit_page = next(p for p in complaint_pages("identified") if p.field("unit"))
    page = check_page(unit_page, form, today=TODAY)
    payload, errors = validate_complaint(form, today=TODAY)
    assert page["unit"].key == "unit.empty"
    assert payload is None and errors["unit"] == page["unit"]


def test_registrar_accepts_every_unit_the_page_offers():
    """Each unit tile on the page is a unit the registrar records as is."""
    unit_page = next(p for p in complaint_pages("identified") if p.field("unit"))
    for choice in unit_page.field("unit").choices:
        payload, errors = validate_complaint(complaint_form(unit=choice.value), today=TODAY)
        assert errors == {} and payload["unit"] == choice.value


# -- the same errors, field by field, for any values -------------------------------------------
# Values a citizen could leave in the flow: good ones, near misses, blanks, and junk. Each
# example draws how often a field goes wrong (never, now and then, often), so that clean forms,
# forms with one error and forms full of them all come up; half the examples hold one
# consistent person, so the NIK and age cross checks pass as often as they fire.
GOOD = {
    "full_name": ["Budi Santoso", "Nur'aini"], "parent_name": ["Siti Rahma"],
    "birth_place": ["Gorontalo", "Kota Gorontalo"],
    "nik": ["7571010101900003", "7571014101900003", "7571014101150002", "7571012902000003"],
    "parent_nik": ["7571014101900003"],
    "birth_date": ["01-01-1990", "01-01-2015", "29-02-2000"],
    "police_report_date": ["20-10-2019", "29-02-2024", "2019-10-20"],
    "event_date": ["20-10-2019", "28-02-2019", "29-02-2024", "01-01-2028"],
    "phone": ["0812 3456 7890", "+6281355550001"], "parent_phone": ["081234567890"],
    "email": ["", "budi@example.co.id"], "police_report_no": ["SKTLK/123/X/2019/SPKT"],
    "what_happened": ["Antrean tidak bergerak."], "place": ["", "Gorontalo"],
    "child": ["no", "yes"], "sex": ["M", "F"], "force_majeure": ["no", "yes"],
    "damage_cause": ["wet", "disaster", "burnt"], "passport_type": ["ordinary", "electronic"],
    "years": ["5", "10"], "priority": ["none", "elderly", "small_child"],
    "category": ["slow_service", "illegal_fees", "other"],
    "unit": ["passport", "cashier", "other"],
    "identity": ["identified", "confidential", "anonymous"],
}
ODD = {
    "full_name": ["Budi2", "", "  ", "A" * 101], "parent_name": ["", "X1"],
    "birth_place": ["", "x" * 61],
    "nik": ["7571010101150002", "123", "", "9971011708450001", "7571012902010003"],
    "parent_nik": ["", "12"],
    "phone": ["", "  ", "0435881234", "0812"], "parent_phone": ["", "0812"],
    "email": ["budi@", "  "], "police_report_no": ["", "LP#12"],
    "what_happened": ["", "   ", "x" * 2001], "place": ["  ", "x" * 121],
}
ODD_DATES = ["01-01-1899", "31-02-2019", "01-01-2099", "29-02-2023", "", "kemarin", "1-1-1999"]
ODD_CHOICES = ["", "maybe", "Paspor", "m", " yes", "15", "none "]
TODAYS = [TODAY, dt.date(2024, 2, 29), dt.date(2025, 1, 1), dt.date(2032, 12, 31)]
PEOPLE = [
    {"nik": "7571010101900003", "birth_date": "01-01-1990", "sex": "M", "child": "no"},
    {"nik": "7571014101900003", "birth_date": "01-01-1990", "sex": "F", "child": "no"},
    {"nik": "7571014101150002", "birth_date": "01-01-2015", "sex": "F", "child": "yes"},
    {"nik": "7571012902000003", "birth_date": "29-02-2000", "sex": "M", "child": "no"},
]


def odd_value(name: str) -> st.SearchStrategy[str]:
    if name in ODD:
        known = ODD[name]
    elif name.endswith("_date"):
        known = ODD_DATES
    else:
        known = ODD_CHOICES
    anything = (st.dates(dt.date(1895, 1, 1), dt.date(2035, 12, 31))
                .map(lambda d: d.strftime("%d-%m-%Y")) if name.endswith("_date")
                else st.text(max_size=12))
    return st.one_of(st.sampled_from(known), anything)


def form_values(names: list[str]) -> st.SearchStrategy[dict[str, str]]:
    @st.composite
    def draw_values(draw) -> dict[str, str]:
        odd_percent = draw(st.sampled_from([0, 5, 20, 60]))
        values = {}
        for name in names:
            odd = draw(st.integers(0, 99)) < odd_percent
            values[name] = draw(odd_value(name) if odd else st.sampled_from(GOOD[name]))
        if draw(st.booleans()):
            values.update((k, x) for k, x in draw(st.sampled_from(PEOPLE)).items()
                          if k in names)
        return values
    return draw_values()


APPLICATION_FIELDS = ["child", "full_name", "birth_place", "nik", "birth_date", "sex",
                      "parent_name", "parent_nik", "parent_phone", "phone", "email",
                      "passport_type", "years", "priority", "police_report_no",
                      "police_report_date", "force_majeure", "damage_cause"]
COMPLAINT_FIELDS = ["category", "unit", "event_date", "what_happened", "place", "identity",
                    "full_name", "phone", "email"]


def flow_on(today: dt.date) -> CitizenFlow:
    ids = (f"id-{n}" for n in itertools.count(1))
    return CitizenFlow(catalogue=CATALOGUE, services_on_site=SERVICES_WITH_PASSPORT,
                       today=lambda: today, new_id=lambda: next(ids))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(SERVICES_WITH_PASSPORT), form_values(APPLICATION_FIELDS),
       st.sampled_from(TODAYS))
def test_application_pages_and_registrar_find_the_same_errors(service, values, today):
    """For any values, the pages of the path and the registrar refuse the same fields alike."""
    flow = flow_on(today)
    flow.choose_path("service")
    flow.agree()
    flow.choose_service(service)
    for name, value in values.items():
        flow.set_value(name, value)
    expected = page_errors(flow, today)
    payload, errors = validate_application(flow.form(), today=today, catalogue=CATALOGUE)
    assert errors == expected
    assert (payload is None) == bool(expected)


@settings(max_examples=300, deadline=None)
@given(form_values(COMPLAINT_FIELDS), st.sampled_from(TODAYS))
def test_complaint_pages_and_registrar_find_the_same_errors(values, today):
    """For any values, the complaint's pages and the registrar refuse the same fields alike."""
    flow = flow_on(today)
    flow.choose_path("complaint")
    flow.agree()
    for name, value in values.items():
        flow.set_value(name, value)
    expected = page_errors(flow, today)
    payload, errors = validate_complaint(flow.form(), today=today)
    assert errors == expected
    assert (payload is None) == bool(expected)


# -- payloads: the bytes of a record do not change ---------------------------------------------
APPLICATIONS = {
    "adult": (adult_form(email="Budi@Example.co.id", priority="elderly", years="5"),
              '{"birth_date":"1990-01-01","birth_place":"Gorontalo","child":false,'
              '"email":"budi@example.co.id","full_name":"BUDI SANTOSO",'
              '"nik":"7571010101900003","passport_type":"ordinary","phone":"+6281234567890",'
              '"priority":"elderly","service":"NEW","sex":"M","years":5}'),
    "child": (adult_form(full_name="Nur Aisyah", nik="7571014101150002",
                         birth_date="01-01-2015", sex="F", child=True, phone="",
                         parent_name="Siti Rahma", parent_nik="7571014101900003",
                         parent_phone="081234567890", service="RENEW"),
              '{"birth_date":"2015-01-01","birth_place":"Gorontalo","child":true,"email":"",'
              '"full_name":"NUR AISYAH","nik":"7571014101150002","parent_name":"SITI RAHMA",'
              '"parent_nik":"7571014101900003","parent_phone":"+6281234567890",'
              '"passport_type":"ordinary","phone":"","priority":"","service":"RENEW",'
              '"sex":"F","years":5}'),
    "lost": (adult_form(service="LOST", police_report_no="sktlk/123/x/2019/spkt",
                        police_report_date="20-10-2019", force_majeure=True,
                        passport_type="electronic"),
             '{"birth_date":"1990-01-01","birth_place":"Gorontalo","child":false,"email":"",'
             '"force_majeure":true,"full_name":"BUDI SANTOSO","nik":"7571010101900003",'
             '"passport_type":"electronic","phone":"+6281234567890",'
             '"police_report_date":"2019-10-20","police_report_no":"SKTLK/123/X/2019/SPKT",'
             '"priority":"","service":"LOST","sex":"M","years":5}'),
    "damaged": (adult_form(service="DAMAGED", damage_cause="disaster"),
                '{"birth_date":"1990-01-01","birth_place":"Gorontalo","child":false,'
                '"damage_cause":"disaster","email":"","force_majeure":true,'
                '"full_name":"BUDI SANTOSO","nik":"7571010101900003",'
                '"passport_type":"ordinary","phone":"+6281234567890","priority":"",'
                '"service":"DAMAGED","sex":"M","years":5}'),
}
COMPLAINTS = {
    "identified": (complaint_form(unit="passport", email="a@b.id"),
                   '{"category":"slow_service","email":"a@b.id","event_date":"2019-10-20",'
                   '"full_name":"RAHMAWATI","identity":"identified","phone":"+6281355550001",'
                   '"place":"Kantor Imigrasi Gorontalo","unit":"passport",'
                   '"what_happened":"Antrean tidak bergerak selama dua jam."}'),
    "anonymous with a phone": (
        complaint_form(unit="cashier", identity="anonymous", full_name="X", email=""),
        '{"category":"slow_service","event_date":"2019-10-20","identity":"anonymous",'
        '"phone":"+6281355550001","place":"Kantor Imigrasi Gorontalo","unit":"cashier",'
        '"what_happened":"Antrean tidak bergerak selama dua jam."}'),
    "anonymous, nothing left": (
        complaint_form(unit="other", identity="anonymous", phone="", email="", place=""),
        '{"category":"slow_service","event_date":"2019-10-20","identity":"anonymous",'
        '"place":"","unit":"other","what_happened":"Antrean tidak bergerak selama dua jam."}'),
}


def test_application_payloads_keep_their_bytes():
    """Adult, child, lost and damaged applications give the same canonical JSON as before."""
    for name, (form, expected) in APPLICATIONS.items():
        payload, errors = validate_application(form, today=TODAY, catalogue=CATALOGUE)
        assert errors == {}, name
        assert canonical_json(payload) == expected, name


def test_complaint_payloads_keep_their_bytes():
    """Identified and anonymous complaints give the same canonical JSON as before."""
    for name, (form, expected) in COMPLAINTS.items():
        payload, errors = validate_complaint(form, today=TODAY)
        assert errors == {}, name
        assert canonical_json(payload) == expected, name


def test_a_complaint_on_a_leap_day_is_answered():
    """On 29 February the complaint's date page answers (five years back is 28 Feb)."""
    leap_day = dt.date(2024, 2, 29)
    unit_page = next(p for p in complaint_pages("identified") if p.field("event_date"))
    values = {"unit": "passport"}
    for typed, key in (("28-02-2019", None), ("27-02-2019", "date.too_old"),
                       ("29-02-2024", None), ("01-03-2024", "date.future")):
        errors = check_page(unit_page, values | {"event_date": typed}, today=leap_day)
        assert (errors["event_date"].key if errors else None) == key, typed
    payload, errors = validate_complaint(complaint_form(unit="passport",
                                                        event_date="28-02-2019"),
                                         today=leap_day)
    assert errors == {} and payload["event_date"] == "2019-02-28"


def test_a_registrar_form_may_leave_out_child_priority_and_force_majeure():
    """Left out (callers other than the flow), they mean an adult, no priority and no."""
    form = adult_form(service="LOST", police_report_no="SKTLK/1/X/2019",
                      police_report_date="20-10-2019")
    del form["priority"]
    assert "child" not in form and "force_majeure" not in form
    payload, errors = validate_application(form, today=TODAY, catalogue=CATALOGUE)
    assert errors == {}
    assert (payload["child"], payload["priority"], payload["force_majeure"]) == (False, "", False)


def test_a_choice_sent_in_another_shape_is_refused():
    """The registrar takes a choice by its meaning only: 'yes' for child is no answer."""
    payload, errors = validate_application(adult_form(child="yes", priority="none"),
                                           today=TODAY, catalogue=CATALOGUE)
    assert payload is None
    assert errors == {"child": validation.Err("child.empty"),
                      "priority": validation.Err("priority.empty")}


def test_ten_years_for_a_child_is_not_allowed_on_the_page_or_at_the_registrar():
    """A child keeps no 10-year choice from an earlier adult answer: both say why."""
    child = {"child": True, "full_name": "Nur Aisyah", "nik": "7571014101150002",
             "birth_date": "01-01-2015", "sex": "F", "phone": "", "parent_name": "Siti Rahma",
             "parent_nik": "7571014101900003", "parent_phone": "081234567890", "years": "10"}
    payload, errors = validate_application(adult_form(**child), today=dt.date(2024, 2, 29),
                                           catalogue=CATALOGUE)
    assert payload is None and errors == {"years": validation.Err("years.not_allowed")}
