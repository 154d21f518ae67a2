"""What an application or a complaint must hold: whole-form checks over the field validators.

Forms arrive as the strings a citizen typed (plus choices); the result is either a
clean payload for the record, or a dict of field name -> Err to show beside each field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kiosk.citizen import validation as v
from kiosk.citizen.pages import age_error, field_validators
from kiosk.event.catalogue import PASSPORT_TYPES, SERVICES_WITH_PASSPORT, Catalogue
from kiosk.queue.tickets import PRIORITY_KINDS

DAMAGE_CAUSES = ("scribbled", "wet", "folded", "torn", "holed", "burnt", "disaster", "other")
COMPLAINT_CATEGORIES = ("slow_service", "officer_conduct", "illegal_fees", "wrong_information",
                        "facilities", "other")
IDENTITY_MODES = ("identified", "confidential", "anonymous")

Errors = dict[str, v.Err]


def _take(errors: Errors, field: str, result: v.Result) -> Any:
    if isinstance(result, v.Err):
        errors[field] = result
        return None
    return result.value


def _typed(errors: Errors, form: Mapping[str, Any], check: Mapping[str, Any],
           field: str) -> Any:
    """The field's own check (the one its form page uses), its error kept by name."""
    return _take(errors, field, check[field](form.get(field)))


def _choice(errors: Errors, form: Mapping[str, Any], field: str, choices: tuple[str, ...],
            *, key: str) -> str | None:
    value = form.get(field) or ""
    if value not in choices:
        errors[field] = v.Err(key)
        return None
    return value


def validate_application(form: Mapping[str, Any], *, today: dt.date,
                         catalogue: Catalogue) -> tuple[dict[str, Any] | None, Errors]:
    """Check a passport application; returns (payload, {}) or (None, errors by field)."""
    errors: Errors = {}
    check = field_validators(today)
    service = _choice(errors, form, "service", SERVICES_WITH_PASSPORT, key="service.empty")
    child = bool(form.get("child"))
    full_name = _typed(errors, form, check, "full_name")
    nik = _typed(errors, form, check, "nik")
    birth_place = _typed(errors, form, check, "birth_place")
    birth = _typed(errors, form, check, "birth_date")
    sex = _take(errors, "sex", v.sex(form.get("sex")))
    email = _typed(errors, form, check, "email")
    if nik and birth and sex and "nik" not in errors:
        mismatch = v.nik_agrees(nik, birth_date=birth, sex=sex)
        if mismatch:
            errors["nik"] = mismatch
    payload: dict[str, Any] = {"service": service, "child": child}
    wrong_age = age_error(birth, child=child, today=today) if birth else None
    if wrong_age:
        errors["child"] = wrong_age
    if child:
        payload["parent_name"] = _typed(errors, form, check, "parent_name")
        payload["parent_nik"] = _typed(errors, form, check, "parent_nik")
        payload["parent_phone"] = _typed(errors, form, check, "parent_phone")
        phone = None
        if form.get("phone"):
            phone = _typed(errors, form, check, "phone")
    else:
        phone = _typed(errors, form, check, "phone")
    passport_type = _choice(errors, form, "passport_type", PASSPORT_TYPES,
                            key="passport_type.empty")
    years_raw = str(form.get("years") or "")
    years = int(years_raw) if years_raw in ("5", "10") else None
    if years is None:
        errors["years"] = v.Err("years.empty")
    elif years not in catalogue.allowed_years(today, adult=not child):
        errors["years"] = v.Err("years.not_allowed")
    priority = form.get("priority") or ""
    if priority not in ("",) + PRIORITY_KINDS:
        errors["priority"] = v.Err("priority.unknown")
    if service == "LOST":
        payload["police_report_no"] = _typed(errors, form, check, "police_report_no")
        payload["police_report_date"] = _typed(errors, form, check, "police_report_date")
        payload["force_majeure"] = bool(form.get("force_majeure"))
    if service == "DAMAGED":
        cause = _choice(errors, form, "damage_cause", DAMAGE_CAUSES, key="damage_cause.empty")
        payload["damage_cause"] = cause
        payload["force_majeure"] = cause == "disaster"
    if errors:
        return None, errors
    payload.update({
        "full_name": full_name, "nik": nik, "birth_place": birth_place,
        "birth_date": birth.isoformat(), "sex": sex, "phone": phone or "", "email": email,
        "passport_type": passport_type, "years": years, "priority": priority,
    })
    if payload.get("police_report_date"):
        payload["police_report_date"] = payload["police_report_date"].isoformat()
    return payload, {}


def validate_complaint(form: Mapping[str, Any], *,
                       today: dt.date) -> tuple[dict[str, Any] | None, Errors]:
    """Check a complaint; contact details are optional only when anonymous."""
    errors: Errors = {}
    category = _choice(errors, form, "category", COMPLAINT_CATEGORIES, key="category.empty")
    identity = _choice(errors, form, "identity", IDENTITY_MODES, key="identity.empty")
    unit = _take(errors, "unit", v.free_text(form.get("unit"), max_len=120))
    check = field_validators(today)
    what = _typed(errors, form, check, "what_happened")
    when = _typed(errors, form, check, "event_date")
    place = _typed(errors, form, check, "place")
    payload: dict[str, Any] = {"category": category, "identity": identity}
    if identity in ("identified", "confidential"):
        payload["full_name"] = _typed(errors, form, check, "full_name")
        payload["phone"] = _typed(errors, form, check, "phone")
        payload["email"] = _typed(errors, form, check, "email")
    elif identity == "anonymous":
        # An anonymous reporter may still leave a way to be answered, and nothing else.
        if form.get("phone"):
            payload["phone"] = _typed(errors, form, check, "phone")
        if form.get("email"):
            payload["email"] = _typed(errors, form, check, "email")
    if errors:
        return None, errors
    payload.update({"unit": unit, "what_happened": what, "event_date": when.isoformat(),
                    "place": place})
    return payload, {}


def mask_nik(nik: str) -> str:
    """First 4 and last 4 digits: 7571********0003."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:] if len(nik) >= 8 else "*" * len(nik)
