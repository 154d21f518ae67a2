"""The citizen's form declared once: every field, its check or its choice set, and its record.

A field is declared here once: its name (the key in the flow's values, the registrar's form
and the record's payload), its label msgid, kind, keyboard and hint, whether it may stay
blank, its check (a validator of kiosk.citizen.validation) or its choice set, and how it is
recorded. (Which of them are personal data the record type says:
kiosk.records.record.PERSONAL_FIELDS.) The pages (kiosk.citizen.pages) group these fields;
a page's check, the registrar's whole-form check (kiosk.citizen.forms) and the payload all
read them from here, so a page and the registrar cannot disagree.

Choice sets the queue or the fees also need are declared in kiosk.event.catalogue and imported
here (kiosk.citizen sits above kiosk.event and kiosk.queue): the priority kinds, which the
queue orders by, and the kinds of passport, which price the book. Declaring them in kiosk.event
rather than kiosk.queue keeps the store out of what the screens import. The others are the
form's own.

Three shapes of one value: the page holds what was typed or the chosen `Choice.value`
("yes", "none", "5"); the registrar's form holds `Choice.means` for choices (True, "", "5")
and the typed text for the rest; the payload holds what the check made of it (upper-cased
names, E.164 phones, ISO dates) and `FieldSpec.store` of a choice's meaning (5).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from kiosk.citizen import validation as v
from kiosk.event.catalogue import PASSPORT_TYPES, PRIORITY_KINDS
from kiosk.i18n import N_

Errors = dict[str, v.Err]       # field name -> the error shown beside it
_AS_VALUE = object()            # Choice.means left out: the choice means its own value
_REQUIRED = object()            # FieldSpec.absent left out: a form without it has it blank


@dataclass(frozen=True)
class Choice:
    """One answer of a choice field: `value` on the page, `label`/`detail` msgids, and what
    it `means` in the registrar's form and the record (its value unless declared)."""

    value: str
    label: str
    detail: str = ""
    means: Any = _AS_VALUE

    def __post_init__(self) -> None:
        if self.means is _AS_VALUE:
            object.__setattr__(self, "means", self.value)


@dataclass(frozen=True)
class FieldSpec:
    """One field of the form, as declared once (pages may show a relabelled `variant`).

    kind: text | multiline | choice. keyboard: name | code | text | email | digits | date.
    A typed field has `validator` (text -> Result) or, for a date, `dates` (a DateRule,
    answered on the event day); a choice field has `choices`. `optional`: blank is fine (and
    the record keeps "" or, with `omit_blank`, leaves the field out). `store`: the record's
    form of a checked value or a choice's meaning. `absent`: what a registrar's form that
    leaves the field out means (the flow always sends every field of the path).
    `not_offered`: message key for a declared choice that this path does not offer.
    `grouping`: how a typed number is shown, as printed on cards ("nik": 7571 0145 1290 0003,
    "phone": 0812-3456-7890), in the field and on review; display only, the value is kept
    as typed (kiosk.citizen.grouping).
    """

    name: str
    label: str
    kind: str = "text"
    keyboard: str = ""
    hint: str = ""
    choices: tuple[Choice, ...] = ()
    optional: bool = False
    omit_blank: bool = False
    validator: Callable[[object], v.Result] | None = None
    dates: v.DateRule | None = None
    store: Callable[[Any], Any] | None = None
    absent: Any = field(default=_REQUIRED, repr=False)
    not_offered: str = ""
    grouping: str = ""

    def variant(self, **changes: Any) -> FieldSpec:
        """The same field as another page shows it (label, hint, optional, choices offered)."""
        return dataclasses.replace(self, **changes)

    def offering(self, values: tuple[str, ...]) -> FieldSpec:
        """This choice field with only the choices of these values, in declared order."""
        return self.variant(choices=tuple(c for c in self.choices if c.value in values))

    def choice(self, value: object) -> Choice | None:
        """The offered choice with this page value, or None."""
        return next((c for c in self.choices if c.value == value), None)

    def check(self, raw: object, *, today: dt.date) -> v.Result:
        """A typed value's check: Ok(checked value) or Err(message key). Never raises."""
        if self.dates is not None:
            return self.dates(raw, today=today)
        assert self.validator is not None, self.name
        return self.validator(raw)

    def declared(self) -> tuple[Choice, ...]:
        """Every choice of this field as declared, offered on this page or not."""
        return FIELDS[self.name].choices if self.name in FIELDS else self.choices

    def sent(self, raw: str) -> Any:
        """The page's value as the registrar's form carries it: a choice by its meaning (None
        for no declared choice, which the registrar refuses as the page does)."""
        if self.kind != "choice":
            return raw
        return next((c.means for c in self.declared() if c.value == raw), None)

    def received(self, form: Mapping[str, Any]) -> str:
        """The registrar's form value back as the page holds it ("" when there is none)."""
        raw = form[self.name] if self.name in form else self.absent
        if raw is _REQUIRED or raw is None:
            return ""
        if self.kind != "choice":
            return raw if isinstance(raw, str) else ""
        return next((c.value for c in self.declared() if _same(c.means, raw)), "")

    def recorded(self, value: Any) -> Any:
        """The payload's form of a checked value or a choice's meaning."""
        if isinstance(value, dt.date):
            return value.isoformat()
        return self.store(value) if self.store else value


def _same(a: object, b: object) -> bool:
    """Equal and of one type (so True is not 1 and "5" is not 5)."""
    return type(a) is type(b) and a == b


def is_blank(raw: object) -> bool:
    """Nothing typed: no text, or spaces only."""
    return not isinstance(raw, str) or not raw.strip()


def yes_no(*, no: str, yes: str, no_detail: str = "", yes_detail: str = "",
           ) -> tuple[Choice, Choice]:
    """The yes/no choice set ("no" first), meaning False/True in the form and the record."""
    return (Choice(NO, no, no_detail, means=False), Choice(YES, yes, yes_detail, means=True))


YES, NO = "yes", "no"
DATE_HINT = N_("Day-month-year, for example 23-10-1990")
PHONE_HINT = N_("Starts with 08, for example 0812-3456-7890")

# -- choice sets ----------------------------------------------------------------------------
SEXES = (Choice("M", N_("Male")), Choice("F", N_("Female")))
DAMAGE_CAUSES = (
    Choice("scribbled", N_("Scribbled on")), Choice("wet", N_("Wet")),
    Choice("folded", N_("Folded or creased")), Choice("torn", N_("Torn")),
    Choice("holed", N_("Holed")), Choice("burnt", N_("Burnt")),
    Choice("disaster", N_("Flood, fire or other disaster"),
           N_("No damage fee (force majeure); bring a letter from the village office")),
    Choice("other", N_("Other damage")))
DISASTER = "disaster"        # the damage cause that is force majeure (PP 45/2024: no surcharge)
PASSPORT_TYPE_NAMES = {"ordinary": N_("Ordinary passport"),
                       "electronic": N_("Electronic passport")}
_PASSPORT_TYPE_DETAILS = {"ordinary": N_("Printed book"),
                          "electronic": N_("Book with a chip (e-paspor)")}
PASSPORT_KINDS = tuple(Choice(kind, PASSPORT_TYPE_NAMES[kind], _PASSPORT_TYPE_DETAILS[kind])
                       for kind in PASSPORT_TYPES)
# Validity in years: 10 only for applicants 17 or over or married (Permenkumham 18/2022);
# the catalogue says which a path offers (Catalogue.allowed_years).
VALIDITIES = (Choice("5", N_("5 years")), Choice("10", N_("10 years")))
NO_PRIORITY = "none"
_PRIORITY_NAMES = {"elderly": N_("Aged 60 or over"), "disabled": N_("Person with a disability"),
                   "pregnant": N_("Pregnant"), "small_child": N_("With a small child")}
PRIORITIES = (Choice(NO_PRIORITY, N_("No, I can wait in line"), means=""),
              *(Choice(kind, _PRIORITY_NAMES[kind]) for kind in PRIORITY_KINDS))
COMPLAINT_CATEGORIES = (
    Choice("slow_service", N_("Slow service")),
    Choice("officer_conduct", N_("An officer's conduct")),
    Choice("illegal_fees", N_("Illegal fees (pungli)")),
    Choice("wrong_information", N_("Wrong information")),
    Choice("facilities", N_("Facilities")),
    Choice("other", N_("Something else")))
UNITS = (
    Choice("passport", N_("Passport service")),
    Choice("visa_stay", N_("Visas and stay permits")),
    Choice("information", N_("Information desk")),
    Choice("cashier", N_("Payment counter")),
    Choice("other", N_("Other unit")))
# SP4N-LAPOR! lets a reporter stay confidential or anonymous (Perpres 76/2013).
IDENTITY_MODES = (
    Choice("identified", N_("Identified"),
           N_("Your name goes with the complaint; the unit concerned can see it.")),
    Choice("confidential", N_("Confidential"),
           N_("We keep your name, but the unit concerned never sees who complained.")),
    Choice("anonymous", N_("Anonymous"),
           N_("No name is kept. Leave a number only if you want an answer.")))
ANONYMOUS = "anonymous"

# -- every field once ------------------------------------------------------------------------
_FIELDS = (
    # application: what the service needs first
    FieldSpec("police_report_no", N_("Police report number"), keyboard="code",
              hint=N_("As printed on the letter, for example SKTLK/123/X/2019/SPKT"),
              validator=v.police_report),
    FieldSpec("police_report_date", N_("Date of the police report"), keyboard="date",
              hint=DATE_HINT, dates=v.DateRule(earliest=dt.date(2000, 1, 1))),
    FieldSpec("force_majeure", N_("Was it lost in a flood, fire or other disaster?"), "choice",
              choices=yes_no(no=N_("No"), yes=N_("Yes")), absent=False),
    FieldSpec("damage_cause", N_("Cause of the damage"), "choice", choices=DAMAGE_CAUSES),
    # application: who, and the applicant
    FieldSpec("child", N_("Applicant"), "choice", absent=False, choices=yes_no(
        no=N_("For me"), no_detail=N_("I am 17 or older, or married"),
        yes=N_("For my child"), yes_detail=N_("Under 17 and not married; both parents come"))),
    FieldSpec("full_name", N_("Full name as on your e-KTP"), keyboard="name",
              validator=v.name),
    FieldSpec("birth_place", N_("Place of birth"), keyboard="name",
              hint=N_("Town or regency, as on your e-KTP"),
              validator=v.place),
    FieldSpec("nik", N_("NIK (16 digits on your e-KTP)"), keyboard="digits",
              validator=v.nik, grouping="nik"),
    FieldSpec("birth_date", N_("Date of birth"), keyboard="date", hint=DATE_HINT,
              dates=v.DateRule()),
    FieldSpec("sex", N_("Sex"), "choice", choices=SEXES),
    FieldSpec("parent_name", N_("Parent's full name as on the e-KTP"), keyboard="name",
              validator=v.name),
    FieldSpec("parent_nik", N_("Parent's NIK (16 digits)"), keyboard="digits",
              validator=v.nik, grouping="nik"),
    FieldSpec("parent_phone", N_("Parent's mobile number"), keyboard="digits",
              hint=PHONE_HINT, validator=v.phone, grouping="phone"),
    FieldSpec("phone", N_("Mobile number"), keyboard="digits", hint=PHONE_HINT,
              validator=v.phone, grouping="phone"),
    FieldSpec("email", N_("E-mail (optional)"), keyboard="email", optional=True,
              validator=v.email),
    FieldSpec("passport_type", N_("Kind of passport"), "choice", choices=PASSPORT_KINDS),
    FieldSpec("years", N_("Valid for"), "choice", choices=VALIDITIES, store=int,
              not_offered="years.not_allowed"),
    FieldSpec("priority", N_("Priority service"), "choice", choices=PRIORITIES, absent=""),
    # complaint (SP4N-LAPOR!: category, unit, date, chronology, place, identity choice)
    FieldSpec("category", N_("Kind of problem"), "choice", choices=COMPLAINT_CATEGORIES),
    FieldSpec("unit", N_("Service or unit concerned"), "choice", choices=UNITS),
    # Complaints are taken about what happened in the last five years (a kiosk rule).
    FieldSpec("event_date", N_("When did it happen?"), keyboard="date", hint=DATE_HINT,
              dates=v.DateRule(years_back=5)),
    FieldSpec("what_happened", N_("Tell us in your own words"), "multiline", keyboard="text",
              validator=partial(v.free_text, max_len=2000)),
    FieldSpec("place", N_("Where did it happen? (optional)"), keyboard="text", optional=True,
              validator=partial(v.free_text, max_len=120, required=False)),
    FieldSpec("identity", N_("Your identity"), "choice", choices=IDENTITY_MODES),
)
FIELDS: dict[str, FieldSpec] = {spec.name: spec for spec in _FIELDS}


def values_of(choices: tuple[Choice, ...]) -> tuple[str, ...]:
    """The page values of a choice set, in declared order."""
    return tuple(c.value for c in choices)
