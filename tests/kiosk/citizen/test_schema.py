"""The form declared once: each field once, pages that only regroup it, choice sets once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.citizen.forms import page_values
from kiosk.citizen.pages import application_variants, complaint_pages
from kiosk.citizen.schema import (
    COMPLAINT_CATEGORIES,
    FIELDS,
    IDENTITY_MODES,
    NO_PRIORITY,
    PASSPORT_KINDS,
    PASSPORT_TYPE_NAMES,
    PRIORITIES,
    values_of,
)
from kiosk.event.catalogue import PASSPORT_TYPES
from kiosk.queue import tickets
from kiosk.records.record import PERSONAL_FIELDS

ALL_PAGES = application_variants() + complaint_pages("identified") + complaint_pages("anonymous")


def test_every_field_on_a_page_is_the_declared_one():
    """A page may relabel a field or make it optional, never check or store it otherwise."""
    for page in ALL_PAGES:
        for spec in page.fields:
            declared = FIELDS[spec.name]
            assert (spec.kind, spec.keyboard, spec.validator, spec.dates, spec.store,
                    spec.absent, spec.not_offered) == (
                declared.kind, declared.keyboard, declared.validator, declared.dates,
                declared.store, declared.absent, declared.not_offered
            ), (page.name, spec.name)
            assert set(spec.choices) <= set(declared.choices), (page.name, spec.name)


def test_every_declared_field_has_one_way_to_be_checked():
    """A choice field has choices and no validator; a typed one a validator or a date rule."""
    for spec in FIELDS.values():
        if spec.kind == "choice":
            assert spec.choices and spec.validator is None and spec.dates is None, spec.name
        else:
            assert not spec.choices, spec.name
            assert (spec.validator is None) != (spec.dates is None), spec.name
            assert (spec.keyboard == "date") == (spec.dates is not None), spec.name


def test_every_declared_field_is_on_some_page():
    """Nothing is declared that no page asks."""
    shown = {spec.name for page in ALL_PAGES for spec in page.fields}
    assert shown == set(FIELDS)


def test_priority_kinds_are_the_queues():
    """The priority page offers 'none' and exactly the kinds the queue accepts, in its order."""
    assert values_of(PRIORITIES) == (NO_PRIORITY, *tickets.PRIORITY_KINDS)
    assert FIELDS["priority"].choices == PRIORITIES


def test_passport_kinds_are_the_catalogues():
    """The kinds of passport offered are those the fees are declared for."""
    assert values_of(PASSPORT_KINDS) == PASSPORT_TYPES
    assert tuple(PASSPORT_TYPE_NAMES) == PASSPORT_TYPES


def test_maps_keyed_by_a_choice_set_cover_it():
    """The slip's and the day report's words for a choice exist for every choice, no more."""
    from kiosk.reports.pdf import CATEGORY_KEYS
    from kiosk.slips.content import IDENTITY_LABELS, PRIORITY_LABELS

    assert set(PRIORITY_LABELS) == set(tickets.PRIORITY_KINDS)
    assert set(IDENTITY_LABELS) == set(values_of(IDENTITY_MODES))
    assert set(CATEGORY_KEYS) == set(values_of(COMPLAINT_CATEGORIES))


def test_every_choice_survives_the_trip_to_the_registrar():
    """A choice sent to the registrar by its meaning reads back as the same page value."""
    for spec in FIELDS.values():
        for choice in spec.choices:
            form = {spec.name: spec.sent(choice.value)}
            assert page_values(form)[spec.name] == choice.value, (spec.name, choice.value)


def test_a_choice_not_on_the_list_reaches_the_registrar_as_no_choice():
    """An unanswered or unknown choice is never sent as a meaning the registrar would take."""
    for spec in FIELDS.values():
        if spec.kind == "choice":
            for raw in ("", "maybe", "None"):
                assert page_values({spec.name: spec.sent(raw)})[spec.name] == ""


def test_every_typed_field_but_two_dates_is_personal_data():
    """The record type's personal fields are the form's typed fields, but for the police
    report's date and the event's: a new typed field cannot slip past retention unnoticed."""
    typed = {name for name, spec in FIELDS.items() if spec.kind != "choice"}
    assert set(PERSONAL_FIELDS) == typed - {"police_report_date", "event_date"}


def test_the_flow_and_its_pages_load_no_store():
    """The screens import the flow and the pages: the declaration must not pull in the store."""
    code = ("import sys, kiosk.citizen.flow, kiosk.citizen.schema; "
            "print(sorted(m for m in sys.modules if m.startswith(('kiosk.records', "
            "'kiosk.queue', 'sqlite_utils'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=Path(__file__).parents[3]).stdout.strip()
    assert loaded == "[]"
