"""The citizen's form pages: ordered groups of the declared fields, per path, and one page's check.

The fields themselves (label, check, choice set) are declared once in kiosk.citizen.schema;
a page names them, maybe relabelled for a child or an anonymous reporter. The path decides the
pages: LOST adds the police report, DAMAGED the damage; a child adds the parent; an anonymous
complaint asks no name. The flow checks a page with `check_page` as soon as the citizen
presses Next; the registrar (kiosk.citizen.forms) runs the same check over every page of the
path, so the two cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.citizen import validation as v
from kiosk.citizen.checks import birth_agrees, check_field, suggested_priority
from kiosk.citizen.grouping import grouped
from kiosk.citizen.schema import (
    ANONYMOUS,
    DISASTER,
    FIELDS,
    NO,
    NO_PRIORITY,
    YES,
    Errors,
    FieldSpec,
)
from kiosk.event.catalogue import SERVICES_WITH_PASSPORT, Catalogue, Fee
from kiosk.i18n import N_

CrossCheck = Callable[..., Errors]      # (values, errors so far, *, today) -> more errors


@dataclass(frozen=True)
class PageSpec:
    """One page: its name (stable, used by the screens), title msgid, fields in order, and
    the checks across its fields."""

    name: str
    title: str
    fields: tuple[FieldSpec, ...]
    cross: tuple[CrossCheck, ...] = ()

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


F = FIELDS

# -- application pages ----------------------------------------------------------------------
# One question a page: a typed answer has its page to itself, so the field being typed into
# and its keyboard are all the screen needs to show, even on a small panel. The one page
# with three boxes is the NIK's: the NIK holds the date of birth and the sex, so the three
# are one answer, checked against each other where the citizen can see all three.
POLICE = PageSpec("a_police", N_("The police report of the loss"), (F["police_report_no"],))
POLICE_DATE = PageSpec("a_police_date", N_("The police report of the loss"), (
    F["police_report_date"],))
LOST_HOW = PageSpec("a_disaster", N_("How was the passport lost?"), (F["force_majeure"],))
DAMAGE = PageSpec("a_damage", N_("How was the passport damaged?"), (F["damage_cause"],))
WHO = PageSpec("a_who", N_("Who is the passport for?"), (F["child"],))
NAME = PageSpec("a_name", N_("Your name"), (F["full_name"],))
NAME_CHILD = PageSpec("a_name", N_("The child's name"), (
    F["full_name"].variant(label=N_("Child's full name as on the family card (KK)")),))
BIRTH_PLACE = PageSpec("a_birth_place", N_("Your place of birth"), (F["birth_place"],))
BIRTH_PLACE_CHILD = PageSpec("a_birth_place", N_("The child's place of birth"), (
    F["birth_place"].variant(label=N_("Child's place of birth"),
                             hint=N_("Town or regency, as on the birth certificate")),))
IDENTITY = PageSpec("a_nik", N_("Your NIK and date of birth"), (
    F["nik"], F["birth_date"], F["sex"]), cross=(birth_agrees,))
IDENTITY_CHILD = PageSpec("a_nik", N_("The child's NIK and date of birth"), (
    F["nik"].variant(label=N_("Child's NIK (16 digits on the family card)")),
    F["birth_date"].variant(label=N_("Child's date of birth")),
    F["sex"].variant(label=N_("Child's sex")),
), cross=(birth_agrees,))
_PARENT = N_("The parent who applies for the child")
PARENT = (PageSpec("a_parent", _PARENT, (F["parent_name"],)),
          PageSpec("a_parent_nik", _PARENT, (F["parent_nik"],)),
          PageSpec("a_parent_phone", _PARENT, (F["parent_phone"],)))
CONTACT = (PageSpec("a_contact", N_("How can we reach you?"), (F["phone"],)),
           PageSpec("a_email", N_("How can we reach you?"), (F["email"],)))
_CHILD_CONTACT = N_("The child's own contact (optional)")
CONTACT_CHILD = (
    PageSpec("a_contact", _CHILD_CONTACT, (
        F["phone"].variant(label=N_("Child's mobile number (optional)"), optional=True),)),
    PageSpec("a_email", _CHILD_CONTACT, (F["email"],)))
PRIORITY = PageSpec("a_priority", N_("Do you need to be served first?"), (F["priority"],))

# -- complaint pages ------------------------------------------------------------------------
C_CATEGORY = PageSpec("c_category", N_("What is your complaint about?"), (F["category"],))
C_UNIT = PageSpec("c_unit", N_("Which service or unit was it?"), (F["unit"],))
C_WHEN = PageSpec("c_when", N_("When did it happen?"), (F["event_date"],))
C_STORY = PageSpec("c_story", N_("What happened?"), (F["what_happened"],))
C_PLACE = PageSpec("c_place", N_("Where did it happen?"), (F["place"],))
C_IDENTITY = PageSpec("c_identity", N_("How should we treat your name?"), (F["identity"],))
_ANSWER = N_("How can we answer you?")
C_CONTACT = (PageSpec("c_name", _ANSWER, (F["full_name"],)),
             PageSpec("c_contact", _ANSWER, (F["phone"],)),
             PageSpec("c_email", _ANSWER, (F["email"],)))
# Anonymous: no name, and nothing of a contact left blank is kept.
_ANSWER_ANONYMOUS = N_("A way to answer you (optional)")
C_CONTACT_ANONYMOUS = (
    PageSpec("c_contact", _ANSWER_ANONYMOUS, (
        F["phone"].variant(label=N_("Mobile number (optional)"), optional=True,
                           omit_blank=True),)),
    PageSpec("c_email", _ANSWER_ANONYMOUS, (F["email"].variant(omit_blank=True),)))


def application_pages(service: str, *, child: bool, years: tuple[int, ...]) -> list[PageSpec]:
    """The pages of one application, in order: service-specific first, then the applicant.

    `years`: the validities on offer for this applicant (Catalogue.allowed_years).
    """
    pages: list[PageSpec] = []
    if service == "LOST":
        pages += [POLICE, POLICE_DATE, LOST_HOW]
    if service == "DAMAGED":
        pages.append(DAMAGE)
    pages += [WHO, NAME_CHILD if child else NAME, BIRTH_PLACE_CHILD if child else BIRTH_PLACE,
              IDENTITY_CHILD if child else IDENTITY]
    if child:
        pages += PARENT
    pages += CONTACT_CHILD if child else CONTACT
    validity = F["years"].offering(tuple(str(y) for y in years))
    pages.append(PageSpec("a_passport", N_("Which passport?"), (F["passport_type"], validity)))
    pages.append(PRIORITY)
    return pages


def application_variants() -> list[PageSpec]:
    """Every application page once, in form order (adult variants, both validities)."""
    seen: dict[str, PageSpec] = {}
    for service in ("LOST", "DAMAGED"):
        for child in (False, True):
            for page in application_pages(service, child=child, years=(5, 10)):
                seen.setdefault(page.name, page)
    return list(seen.values())


def complaint_pages(identity: str) -> list[PageSpec]:
    """The pages of one complaint; `identity` (a page value) decides the contact page."""
    contact = C_CONTACT_ANONYMOUS if identity == ANONYMOUS else C_CONTACT
    return [C_CATEGORY, C_UNIT, C_WHEN, C_STORY, C_PLACE, C_IDENTITY, *contact]


def check_page(page: PageSpec, values: Mapping[str, str], *, today: dt.date) -> Errors:
    """Errors by field for one page (empty when the citizen may go on).

    `values` as the page holds them; each field is checked against its declaration
    (kiosk.citizen.checks.check_field), then the page's checks across fields run.
    """
    errors: Errors = {}
    for spec in page.fields:
        error = check_field(spec, values.get(spec.name, ""), today=today)
        if error:
            errors[spec.name] = error
    for cross in page.cross:
        errors.update(cross(values, errors, today=today))
    return errors


def check_pages(pages: list[PageSpec], values: Mapping[str, str], *, today: dt.date) -> Errors:
    """Errors by field over every page of a path, as the citizen meets them page by page."""
    errors: Errors = {}
    for page in pages:
        errors.update(check_page(page, values, today=today))
    return errors


def page_of(pages: list[PageSpec], field: str) -> int:
    """Index of the page that shows `field`."""
    for index, page in enumerate(pages):
        if page.field(field):
            return index
    return 0


def shown_value(spec: FieldSpec, raw: str, translate: Callable[..., str], *,
                format_date: Callable[[dt.date], str], today: dt.date) -> str:
    """How a value reads on the review screen: choices in words, dates spelt out, numbers
    grouped as in the field (kiosk.citizen.grouping), names as they will be recorded."""
    if spec.kind == "choice":
        chosen = spec.choice(raw)
        return translate(chosen.label) if chosen else ""
    if spec.keyboard == "date":
        parsed = v.date(raw, today=today, earliest=dt.date(1900, 1, 1))
        return format_date(parsed.value) if isinstance(parsed, v.Ok) else raw
    if spec.grouping:
        return grouped(spec.grouping, raw.strip())
    if spec.keyboard == "name":
        checked = spec.check(raw, today=today)
        return checked.value if isinstance(checked, v.Ok) else " ".join(raw.split()).upper()
    return raw.strip()


def force_majeure(service: str, values: Mapping[str, str]) -> bool:
    """Lost or damaged by flood, fire or other disaster: no surcharge (PP 45/2024).

    LOST asks it (`force_majeure`); DAMAGED reads it from the damage cause.
    """
    if service == "LOST":
        return values.get("force_majeure") == YES
    if service == "DAMAGED":
        return values.get("damage_cause") == DISASTER
    return False


def application_fee(catalogue: Catalogue, today: dt.date, service: str,
                    values: Mapping[str, str]) -> Fee | None:
    """The fee as chosen so far: None until the kind of passport and its validity are."""
    kind = values.get("passport_type", "")
    validity = FIELDS["years"].choice(values.get("years", ""))
    if service not in SERVICES_WITH_PASSPORT or not FIELDS["passport_type"].choice(kind) \
            or validity is None:
        return None
    return catalogue.fee(today, service=service, passport_type=kind,
                         years=FIELDS["years"].recorded(validity.means),
                         force_majeure=force_majeure(service, values))


def preselect(page: PageSpec, values: dict[str, str], *, today: dt.date) -> None:
    """Fill in the obvious answer of a page's choices (one option; 'no'; suggested priority)
    where none of its offered choices is chosen (a 10-year choice kept from an adult answer
    is not one a child is offered)."""
    for spec in page.fields:
        if spec.kind != "choice" or spec.choice(values.get(spec.name)):
            continue
        if len(spec.choices) == 1:
            values[spec.name] = spec.choices[0].value
        elif spec.name == "force_majeure":
            values[spec.name] = NO
        elif spec.name == "priority":
            values[spec.name] = _suggested_priority(values, today)


def _suggested_priority(values: Mapping[str, str], today: dt.date) -> str:
    birth = FIELDS["birth_date"].check(values.get("birth_date"), today=today)
    if values.get("child") != YES and isinstance(birth, v.Ok):
        return suggested_priority(birth.value, today) or NO_PRIORITY
    return NO_PRIORITY


def registrar_form(pages: list[PageSpec], values: Mapping[str, str], *, complaint: bool,
                   service: str) -> dict[str, Any]:
    """What the registrar gets: the fields of these pages only, each as
    `FieldSpec.sent` carries it (choices by their meaning); applications add the service."""
    out: dict[str, Any] = {spec.name: spec.sent(values.get(spec.name, ""))
                           for page in pages for spec in page.fields}
    if not complaint:
        out["service"] = service
    return out
