"""The registrar's whole-form check: every page of the citizen's path, then the record's payload.

A form arrives as kiosk.citizen.pages.registrar_form makes it (typed text as typed, choices by
their meaning: ``child`` True/False, ``priority`` "" for none). It is read back into page
values through the declaration (kiosk.citizen.schema), the path's pages are chosen from it as
the flow chooses them (service, child or adult, identity), and every page's own check runs
(kiosk.citizen.pages.check_page). So the errors are exactly those the citizen would have met
page by page, keyed by field; a clean form becomes the payload: each field of the path as the
declaration records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kiosk.citizen import validation as v
from kiosk.citizen.pages import (
    PageSpec,
    application_pages,
    check_pages,
    complaint_pages,
    force_majeure,
)
from kiosk.citizen.schema import FIELDS, YES, Errors, is_blank
from kiosk.event.catalogue import SERVICES_WITH_PASSPORT, Catalogue

Payload = dict[str, Any]


def page_values(form: Mapping[str, Any]) -> dict[str, str]:
    """Every declared field of a registrar's form as a page holds it ("" for none)."""
    return {name: spec.received(form) for name, spec in FIELDS.items()}


def validate_application(form: Mapping[str, Any], *, today: dt.date,
                         catalogue: Catalogue) -> tuple[Payload | None, Errors]:
    """Check a passport application; returns (payload, {}) or (None, errors by field).

    `form`: the registrar's form of an application, with ``service`` one of
    SERVICES_WITH_PASSPORT (else ``service.empty``). Left out, ``child`` means an adult,
    ``priority`` none and ``force_majeure`` no. `today`: the event day, for the date rules,
    the age checks and the validities on offer (Catalogue.allowed_years). The payload's
    ``force_majeure`` for LOST and DAMAGED says whether the surcharge is waived (PP 45/2024).
    """
    errors: Errors = {}
    service = form.get("service")
    if service not in SERVICES_WITH_PASSPORT:
        errors["service"] = v.Err("service.empty")
        service = ""
    values = page_values(form)
    child = values["child"] == YES
    pages = application_pages(service, child=child,
                              years=catalogue.allowed_years(today, adult=not child))
    errors.update(check_pages(pages, values, today=today))
    if errors:
        return None, errors
    payload = {"service": service, **_payload(pages, values, today=today)}
    if service in ("LOST", "DAMAGED"):
        payload["force_majeure"] = force_majeure(service, values)
    return payload, {}


def validate_complaint(form: Mapping[str, Any], *,
                       today: dt.date) -> tuple[Payload | None, Errors]:
    """Check a complaint; returns (payload, {}) or (None, errors by field).

    Identified and confidential reporters give a name and a phone; an anonymous one gives
    neither (a phone or e-mail only if they want an answer), and nothing blank is kept.
    """
    values = page_values(form)
    pages = complaint_pages(values["identity"])
    errors = check_pages(pages, values, today=today)
    if errors:
        return None, errors
    return _payload(pages, values, today=today), {}


def _payload(pages: list[PageSpec], values: Mapping[str, str], *, today: dt.date) -> Payload:
    """Each field of these pages as recorded; call only when they passed their checks."""
    out: Payload = {}
    for page in pages:
        for spec in page.fields:
            raw = values.get(spec.name, "")
            if spec.optional and is_blank(raw):
                if not spec.omit_blank:
                    out[spec.name] = ""
                continue
            if spec.kind == "choice":
                chosen = spec.choice(raw)
                assert chosen is not None, spec.name
                out[spec.name] = spec.recorded(chosen.means)
            else:
                checked = spec.check(raw, today=today)
                assert isinstance(checked, v.Ok), spec.name
                out[spec.name] = spec.recorded(checked.value)
    return out


def mask_nik(nik: str) -> str:
    """First 4 and last 4 digits: 7571********0003."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:] if len(nik) >= 8 else "*" * len(nik)
