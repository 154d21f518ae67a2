"""The citizen's form pages: which fields each page holds, and checking one page at a time.

Labels are English msgids (translated where shown). The touchscreen draws these specs;
the flow checks a page with the same field validators the registrar uses, so an
error appears beside its field as soon as the citizen presses Next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.citizen import validation as v
from kiosk.event.catalogue import SERVICES_WITH_PASSPORT, Catalogue, Fee
from kiosk.i18n import N_

# Field name -> error, as kiosk.citizen.forms has it. (That module is imported only where
# needed: it pulls in the store and sqlite-utils, which the UI thread never uses.)
Errors = dict[str, v.Err]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "text"          # text | multiline | choice
    keyboard: str = ""          # name | code | text | email | digits | date
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class PageSpec:
    name: str
    title: str
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


YES_NO = (Choice("no", N_("No")), Choice("yes", N_("Yes")))

SEX = FieldSpec("sex", N_("Sex"), "choice", choices=(
    Choice("M", N_("Male")), Choice("F", N_("Female"))))
DATE_HINT = N_("Day-month-year, for example 23-10-1990")

# -- application pages ----------------------------------------------------------------------
POLICE = PageSpec("a_police", N_("The police report of the loss"), (
    FieldSpec("police_report_no", N_("Police report number"), keyboard="code",
              hint=N_("As printed on the letter, for example SKTLK/123/X/2019/SPKT")),
    FieldSpec("police_report_date", N_("Date of the police report"), keyboard="date",
              hint=DATE_HINT),
    FieldSpec("force_majeure", N_("Was it lost in a flood, fire or other disaster?"), "choice",
              choices=YES_NO),
))
DAMAGE = PageSpec("a_damage", N_("How was the passport damaged?"), (
    FieldSpec("damage_cause", N_("Cause of the damage"), "choice", choices=(
        Choice("scribbled", N_("Scribbled on")), Choice("wet", N_("Wet")),
        Choice("folded", N_("Folded or creased")), Choice("torn", N_("Torn")),
        Choice("holed", N_("Holed")), Choice("burnt", N_("Burnt")),
        Choice("disaster", N_("Flood, fire or other disaster"),
               N_("No damage fee (force majeure); bring a letter from the village office")),
        Choice("other", N_("Other damage")))),
))
WHO = PageSpec("a_who", N_("Who is the passport for?"), (
    FieldSpec("child", N_("Applicant"), "choice", choices=(
        Choice("no", N_("For me"), N_("I am 17 or older, or married")),
        Choice("yes", N_("For my child"), N_("Under 17 and not married; both parents come")))),
))
NAME = PageSpec("a_name", N_("Your name and place of birth"), (
    FieldSpec("full_name", N_("Full name as on your e-KTP"), keyboard="name"),
    FieldSpec("birth_place", N_("Place of birth"), keyboard="name",
              hint=N_("Town or regency, as on your e-KTP")),
))
NAME_CHILD = PageSpec("a_name", N_("The child's name and place of birth"), (
    FieldSpec("full_name", N_("Child's full name as on the family card (KK)"), keyboard="name"),
    FieldSpec("birth_place", N_("Child's place of birth"), keyboard="name",
              hint=N_("Town or regency, as on the birth certificate")),
))
IDENTITY = PageSpec("a_nik", N_("Your NIK and date of birth"), (
    FieldSpec("nik", N_("NIK (16 digits on your e-KTP)"), keyboard="digits"),
    FieldSpec("birth_date", N_("Date of birth"), keyboard="date", hint=DATE_HINT),
    SEX,
))
PHONE_HINT = N_("Starts with 08, for example 0812 3456 7890")
IDENTITY_CHILD = PageSpec("a_nik", N_("The child's NIK and date of birth"), (
    FieldSpec("nik", N_("Child's NIK (16 digits on the family card)"), keyboard="digits"),
    FieldSpec("birth_date", N_("Child's date of birth"), keyboard="date", hint=DATE_HINT),
    FieldSpec("sex", N_("Child's sex"), "choice", choices=SEX.choices),
))
PARENT = PageSpec("a_parent", N_("The parent who applies for the child"), (
    FieldSpec("parent_name", N_("Parent's full name as on the e-KTP"), keyboard="name"),
    FieldSpec("parent_nik", N_("Parent's NIK (16 digits)"), keyboard="digits"),
    FieldSpec("parent_phone", N_("Parent's mobile number"), keyboard="digits",
              hint=PHONE_HINT),
))
CONTACT = PageSpec("a_contact", N_("How can we reach you?"), (
    FieldSpec("phone", N_("Mobile number"), keyboard="digits", hint=PHONE_HINT),
    FieldSpec("email", N_("E-mail (optional)"), keyboard="email", optional=True),
))
CONTACT_CHILD = PageSpec("a_contact", N_("The child's own contact (optional)"), (
    FieldSpec("phone", N_("Child's mobile number (optional)"), keyboard="digits",
              hint=PHONE_HINT, optional=True),
    FieldSpec("email", N_("E-mail (optional)"), keyboard="email", optional=True),
))
PASSPORT_TYPE = FieldSpec("passport_type", N_("Kind of passport"), "choice", choices=(
    Choice("ordinary", N_("Ordinary passport"), N_("Printed book")),
    Choice("electronic", N_("Electronic passport"), N_("Book with a chip (e-paspor)"))))
YEARS = {5: Choice("5", N_("5 years")), 10: Choice("10", N_("10 years"))}
PRIORITY = PageSpec("a_priority", N_("Do you need to be served first?"), (
    FieldSpec("priority", N_("Priority service"), "choice", choices=(
        Choice("none", N_("No, I can wait in line")),
        Choice("elderly", N_("Aged 60 or over")),
        Choice("disabled", N_("Person with a disability")),
        Choice("pregnant", N_("Pregnant")),
        Choice("small_child", N_("With a small child")))),
))

# -- complaint pages ------------------------------------------------------------------------
C_CATEGORY = PageSpec("c_category", N_("What is your complaint about?"), (
    FieldSpec("category", N_("Kind of problem"), "choice", choices=(
        Choice("slow_service", N_("Slow service")),
        Choice("officer_conduct", N_("An officer's conduct")),
        Choice("illegal_fees", N_("Illegal fees (pungli)")),
        Choice("wrong_information", N_("Wrong information")),
        Choice("facilities", N_("Facilities")),
        Choice("other", N_("Something else")))),
))
C_UNIT = PageSpec("c_unit", N_("Which service, and when?"), (
    FieldSpec("unit", N_("Service or unit concerned"), "choice", choices=(
        Choice("passport", N_("Passport service")),
        Choice("visa_stay", N_("Visas and stay permits")),
        Choice("information", N_("Information desk")),
        Choice("cashier", N_("Payment counter")),
        Choice("other", N_("Other unit")))),
    FieldSpec("event_date", N_("When did it happen?"), keyboard="date", hint=DATE_HINT),
))
C_STORY = PageSpec("c_story", N_("What happened?"), (
    FieldSpec("what_happened", N_("Tell us in your own words"), "multiline", keyboard="text"),
    FieldSpec("place", N_("Where did it happen? (optional)"), keyboard="text", optional=True),
))
C_IDENTITY = PageSpec("c_identity", N_("How should we treat your name?"), (
    FieldSpec("identity", N_("Your identity"), "choice", choices=(
        Choice("identified", N_("Identified"),
               N_("Your name goes with the complaint; the unit concerned can see it.")),
        Choice("confidential", N_("Confidential"),
               N_("We keep your name, but the unit concerned never sees who complained.")),
        Choice("anonymous", N_("Anonymous"),
               N_("No name is kept. Leave a number only if you want an answer.")))),
))
C_CONTACT = PageSpec("c_contact", N_("How can we answer you?"), (
    FieldSpec("full_name", N_("Full name as on your e-KTP"), keyboard="name"),
    FieldSpec("phone", N_("Mobile number"), keyboard="digits", hint=PHONE_HINT),
    FieldSpec("email", N_("E-mail (optional)"), keyboard="email", optional=True),
))
C_CONTACT_ANONYMOUS = PageSpec("c_contact", N_("A way to answer you (optional)"), (
    FieldSpec("phone", N_("Mobile number (optional)"), keyboard="digits", hint=PHONE_HINT,
              optional=True),
    FieldSpec("email", N_("E-mail (optional)"), keyboard="email", optional=True),
))


def application_pages(service: str, *, child: bool, years: tuple[int, ...]) -> list[PageSpec]:
    """The pages of one application, in order: service-specific first, then the applicant."""
    pages: list[PageSpec] = []
    if service == "LOST":
        pages.append(POLICE)
    if service == "DAMAGED":
        pages.append(DAMAGE)
    pages += [WHO, NAME_CHILD if child else NAME, IDENTITY_CHILD if child else IDENTITY]
    if child:
        pages.append(PARENT)
    pages.append(CONTACT_CHILD if child else CONTACT)
    years_field = FieldSpec("years", N_("Valid for"), "choice",
                            choices=tuple(YEARS[y] for y in years))
    pages.append(PageSpec("a_passport", N_("Which passport?"), (PASSPORT_TYPE, years_field)))
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
    contact = C_CONTACT_ANONYMOUS if identity == "anonymous" else C_CONTACT
    return [C_CATEGORY, C_UNIT, C_STORY, C_IDENTITY, contact]


CHILD_MAX_AGE = 17
ELDERLY_AGE = 60


def field_validators(today: dt.date) -> dict[str, Callable[[object], v.Result]]:
    """The check for each typed field, by name: the pages and the registrar's whole-form
    check (kiosk/citizen/forms.py) use the same ones."""
    return {
        "full_name": v.name, "parent_name": v.name,
        "nik": v.nik, "parent_nik": v.nik,
        "phone": v.phone, "parent_phone": v.phone, "email": v.email,
        "birth_place": lambda x: v.free_text(x, max_len=60),
        "birth_date": lambda x: v.date(x, today=today),
        "police_report_no": v.police_report,
        "police_report_date": lambda x: v.date(x, today=today, earliest=dt.date(2000, 1, 1)),
        "event_date": lambda x: v.date(x, today=today,
                                       earliest=today.replace(year=today.year - 5)),
        "what_happened": lambda x: v.free_text(x, max_len=2000),
        "place": lambda x: v.free_text(x, max_len=120, required=False),
    }


def check_page(page: PageSpec, values: Mapping[str, str], *, today: dt.date) -> Errors:
    """Errors by field for one page (empty when the citizen may go on)."""
    errors: Errors = {}
    validators = field_validators(today)
    for spec in page.fields:
        raw = values.get(spec.name, "")
        if spec.kind == "choice":
            if raw not in {c.value for c in spec.choices}:
                errors[spec.name] = v.Err(f"{spec.name}.empty")
            continue
        if spec.optional and not str(raw).strip():
            continue
        result = validators[spec.name](raw)
        if isinstance(result, v.Err):
            errors[spec.name] = result
    if page.name == "a_nik":
        errors.update(_cross_check_birth(values, errors, today=today))
    return errors


def _cross_check_birth(values: Mapping[str, str], errors: Errors, *, today: dt.date) -> Errors:
    """NIK against birth date and sex; age against the adult/child choice."""
    out: Errors = {}
    birth = v.date(values.get("birth_date"), today=today)
    if not isinstance(birth, v.Ok) or "birth_date" in errors:
        return out
    if "nik" not in errors and "sex" not in errors:
        mismatch = v.nik_agrees(v.nik(values["nik"]).value, birth_date=birth.value,
                                sex=values["sex"])
        if mismatch:
            out["nik"] = mismatch
    wrong_age = age_error(birth.value, child=values.get("child") == "yes", today=today)
    if wrong_age:
        out["birth_date"] = wrong_age
    return out


def age_error(birth: dt.date, *, child: bool, today: dt.date) -> v.Err | None:
    """A child application for an adult, or an adult one for a child."""
    age = v.age_on(birth, today)
    if child and age >= CHILD_MAX_AGE:
        return v.Err("child.too_old", {"age": age})
    if not child and age < CHILD_MAX_AGE:
        return v.Err("child.needed", {"age": age})
    return None


def suggested_priority(birth: dt.date | None, today: dt.date) -> str:
    """'elderly' for citizens aged 60 or more, else no suggestion."""
    if birth and v.age_on(birth, today) >= ELDERLY_AGE:
        return "elderly"
    return ""


def page_of(pages: list[PageSpec], field: str) -> int:
    """Index of the page that shows `field`."""
    for index, page in enumerate(pages):
        if page.field(field):
            return index
    return 0


def shown_value(spec: FieldSpec, raw: str, translate: Callable[..., str], *,
                format_date: Callable[[dt.date], str], today: dt.date) -> str:
    """How a value reads on the review screen: choices in words, dates spelt out, names upper."""
    if spec.kind == "choice":
        chosen = next((c for c in spec.choices if c.value == raw), None)
        return translate(chosen.label) if chosen else ""
    if spec.keyboard == "date":
        parsed = v.date(raw, today=today, earliest=dt.date(1900, 1, 1))
        return format_date(parsed.value) if isinstance(parsed, v.Ok) else raw
    if spec.keyboard == "name":
        return " ".join(raw.split()).upper()
    return raw.strip()


def application_fee(catalogue: Catalogue, today: dt.date, service: str,
                    values: Mapping[str, str]) -> Fee | None:
    """The fee as chosen so far: None until the kind of passport and its validity are."""
    kind, years = values.get("passport_type", ""), values.get("years", "")
    if service not in SERVICES_WITH_PASSPORT or not kind \
            or years not in ("5", "10"):
        return None
    majeure = (values.get("force_majeure") == "yes" if service == "LOST"
               else values.get("damage_cause") == "disaster")
    return catalogue.fee(today, service=service, passport_type=kind, years=int(years),
                         force_majeure=majeure)


def preselect(page: PageSpec, values: dict[str, str], *, today: dt.date) -> None:
    """Fill in the obvious answer of a page's choices (one option; 'no'; suggested priority)."""
    for spec in page.fields:
        if spec.kind != "choice" or values.get(spec.name):
            continue
        if len(spec.choices) == 1:
            values[spec.name] = spec.choices[0].value
        elif spec.name == "force_majeure":
            values[spec.name] = "no"
        elif spec.name == "priority":
            values[spec.name] = _suggested_priority(values, today)


def _suggested_priority(values: Mapping[str, str], today: dt.date) -> str:
    birth = v.date(values.get("birth_date"), today=today)
    if values.get("child") != "yes" and isinstance(birth, v.Ok):
        return suggested_priority(birth.value, today) or "none"
    return "none"


def registrar_form(pages: list[PageSpec], values: Mapping[str, str], *, complaint: bool,
                   service: str) -> dict[str, Any]:
    """What the registrar gets: the fields of these pages only, yes/no and 'none' mapped."""
    out: dict[str, Any] = {spec.name: values.get(spec.name, "")
                           for page in pages for spec in page.fields}
    if complaint:
        return out
    out["service"] = service
    out["child"] = out.get("child") == "yes"
    out["priority"] = "" if out.get("priority") in ("", "none") else out["priority"]
    if "force_majeure" in out:
        out["force_majeure"] = out["force_majeure"] == "yes"
    return out
