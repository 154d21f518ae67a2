"""The form's checks: one field against its declaration, and the checks across fields.

Both the pages (kiosk.citizen.pages.check_page) and the registrar's whole-form check
(kiosk.citizen.forms) run these, on the values as the page holds them (strings; a choice by
its page value), so they answer alike. Errors are kiosk.citizen.validation.Err with a
message key shown translated beside the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from kiosk.citizen import validation as v
from kiosk.citizen.schema import FIELDS, YES, Errors, FieldSpec, is_blank

# Under 17 and unmarried is a child: a parent applies, 5-year validity only
# (Permenkumham 18/2022).
CHILD_MAX_AGE = 17
# The priority lane's age (public-service norm; M-Paspor's walk-in exception names over-60s).
ELDERLY_AGE = 60


def check_field(spec: FieldSpec, raw: object, *, today: dt.date) -> v.Err | None:
    """The error of one field's value on the event day `today`, or None.

    A choice must be one this page offers: else ``<name>.empty``, or the field's
    `not_offered` key when it is a declared choice this path does not offer (10 years for
    a child). An optional field may stay blank; any other typed value goes through the
    field's validator or date rule.
    """
    if spec.kind == "choice":
        if spec.choice(raw):
            return None
        if spec.not_offered and any(c.value == raw for c in spec.declared()):
            return v.Err(spec.not_offered)
        return v.Err(f"{spec.name}.empty")
    if spec.optional and is_blank(raw):
        return None
    result = spec.check(raw, today=today)
    return result if isinstance(result, v.Err) else None


# A disagreement between the NIK and another field is an error on both, each naming the
# other, so the person sees both places to look; the sex tile is the likelier slip than
# sixteen digits copied from a card, and its message says to check it first. A change to
# either field takes the pair away (kiosk.citizen.flow.CitizenFlow.set_value).
DISAGREEMENTS: dict[str, dict[str, str]] = {
    "nik.sex_mismatch": {"nik": "nik.sex_mismatch", "sex": "sex.nik_mismatch"},
    "nik.birth_mismatch": {"nik": "nik.birth_mismatch",
                           "birth_date": "birth_date.nik_mismatch"},
}


def birth_agrees(values: Mapping[str, str], errors: Errors, *, today: dt.date) -> Errors:
    """The NIK page's checks across fields, for fields without an error of their own.

    The NIK's DDMMYY (day + 40 for women) must match the birth date and sex entered (the
    NIK layout of Kemendagri, as python-stdnum reads it): else ``nik.sex_mismatch`` on
    `nik` and ``sex.nik_mismatch`` on `sex`, or ``nik.birth_mismatch`` on `nik` and
    ``birth_date.nik_mismatch`` on `birth_date`. Then the age must fit the adult/child
    choice (``child.too_old``, ``child.needed`` on `birth_date`).
    """
    out: Errors = {}
    if "birth_date" in errors:
        return out
    birth = FIELDS["birth_date"].check(values.get("birth_date"), today=today)
    if not isinstance(birth, v.Ok):
        return out
    if "nik" not in errors and "sex" not in errors:
        nik = FIELDS["nik"].check(values.get("nik"), today=today)
        if isinstance(nik, v.Ok):
            mismatch = v.nik_agrees(nik.value, birth_date=birth.value, sex=values["sex"])
            if mismatch:
                out.update({name: v.Err(key)
                            for name, key in DISAGREEMENTS[mismatch.key].items()})
    wrong_age = age_error(birth.value, child=values.get("child") == YES, today=today)
    if wrong_age and "birth_date" not in out:
        out["birth_date"] = wrong_age
    return out


def disagreeing(name: str, errors: Errors) -> list[str]:
    """The fields whose error is a disagreement with `name` (or `name`'s own side of one):
    what a change to `name` settles."""
    out = []
    for pair in DISAGREEMENTS.values():
        if name in pair:
            out += [field for field, key in pair.items()
                    if field in errors and errors[field].key == key]
    return out


def age_error(birth: dt.date, *, child: bool, today: dt.date) -> v.Err | None:
    """A child application for someone 17 or over, or an adult one for someone under 17
    (params: age in whole years on `today`); None when the age fits."""
    age = v.age_on(birth, today)
    if child and age >= CHILD_MAX_AGE:
        return v.Err("child.too_old", {"age": age})
    if not child and age < CHILD_MAX_AGE:
        return v.Err("child.needed", {"age": age})
    return None


def suggested_priority(birth: dt.date | None, today: dt.date) -> str:
    """'elderly' for citizens aged 60 or more on `today`, else "" (no suggestion)."""
    if birth and v.age_on(birth, today) >= ELDERLY_AGE:
        return "elderly"
    return ""
