"""The form's pages ask one question each: a typed answer has its page to itself."""

from __future__ import annotations

import itertools

from kiosk.citizen.pages import application_pages, complaint_pages
from kiosk.citizen.schema import IDENTITY_MODES
from kiosk.event.catalogue import SERVICES_WITH_PASSPORT

# The NIK holds the date of birth and the sex: one answer in three boxes, checked together.
ONE_ANSWER_IN_SEVERAL_BOXES = {"a_nik"}


def every_page():
    for service, child, years in itertools.product(SERVICES_WITH_PASSPORT, (False, True),
                                                   ((5,), (5, 10))):
        yield from application_pages(service, child=child, years=years)
    for mode in IDENTITY_MODES:
        yield from complaint_pages(mode.value)


def test_a_page_with_a_typed_answer_asks_nothing_else():
    """Where the keyboard is needed the page holds that one field: nothing else to find
    behind the keyboard (the NIK page excepted, declared above)."""
    crowded = {page.name: [f.name for f in page.fields] for page in every_page()
               if any(f.kind != "choice" for f in page.fields) and len(page.fields) > 1
               and page.name not in ONE_ANSWER_IN_SEVERAL_BOXES}
    assert crowded == {}


def test_a_page_asks_one_question_or_one_choice_set():
    """Choice pages hold choices only (the passport page: the kind and its validity,
    which together make the fee shown under them)."""
    for page in every_page():
        if page.name in ONE_ANSWER_IN_SEVERAL_BOXES:
            continue
        kinds = {f.kind == "choice" for f in page.fields}
        assert len(kinds) == 1, page.name
        if kinds == {True} and len(page.fields) > 1:
            assert page.name == "a_passport"


def test_lost_asks_the_report_number_its_date_and_the_disaster_on_three_pages():
    """The police letter's number, its date, and whether a disaster took the passport."""
    names = [p.name for p in application_pages("LOST", child=False, years=(5,))]
    assert names[:4] == ["a_police", "a_police_date", "a_disaster", "a_who"]
