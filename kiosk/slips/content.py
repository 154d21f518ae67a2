"""What a slip says: a Slip of already-translated lines, built from a Receipt, for any back end.

Personal data on a slip: the masked NIK (first 4 and last 4 digits) and, on an application
slip, the applicant's name (so a parent holding several children's slips, and the officer at
the counter, can tell them apart). Never the full NIK, phone, e-mail or birth date. A
complaint slip never names the reporter (confidential and anonymous complaints exist).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kiosk.citizen import guidance
from kiosk.citizen.forms import mask_nik
from kiosk.citizen.registrar import Receipt
from kiosk.citizen.schema import PASSPORT_TYPE_NAMES
from kiosk.event.catalogue import SERVICES_WITH_PASSPORT, Catalogue
from kiosk.event.clock import zone_name as event_zone_name
from kiosk.event.config import Config
from kiosk.event.fees import fee_table
from kiosk.i18n import N_, Translator
from kiosk.records.store import parse_utc_iso

PRIORITY_LABELS = {
    "elderly": N_("Priority lane: elderly (60+)"),
    "disabled": N_("Priority lane: person with a disability"),
    "pregnant": N_("Priority lane: pregnant"),
    "small_child": N_("Priority lane: with a small child"),
}
IDENTITY_LABELS = {
    "identified": N_("Your name is given to the unit concerned"),
    "confidential": N_("Your name is kept from the unit concerned"),
    "anonymous": N_("Anonymous: no name kept"),
}


@dataclass(frozen=True)
class Fact:
    """A label and its value; `big` values are printed larger (code-like, dates that matter)."""

    label: str
    value: str
    big: bool = False
    strong: bool = True   # bold value; plain for long prose such as an address


@dataclass(frozen=True)
class Section:
    """A heading and its items: sentences (bulleted or not) or label/amount rows."""

    heading: str
    items: tuple[str | Fact, ...]
    bullets: bool = True


@dataclass(frozen=True)
class Slip:
    """A slip's translated text in print order; back ends only lay it out."""

    language: str
    header: tuple[str, ...]
    title: str
    code: str | None
    subtitle: tuple[str, ...]
    facts: tuple[Fact, ...]
    sections: tuple[Section, ...]
    token: str
    qr_caption: str
    footer: tuple[str, ...] = field(default=())

    def text(self) -> str:
        """All the words on the slip, one item a line (for tests, logs of layout, ESC/POS)."""
        lines = [*self.header, self.title, self.code or "", *self.subtitle]
        for f in self.facts:
            lines += [f.label, f.value]
        for s in self.sections:
            lines.append(s.heading)
            for item in s.items:
                lines += [item.label, item.value] if isinstance(item, Fact) else [item]
        return "\n".join([*lines, self.qr_caption, *self.footer])


def zone_name(config: Config, when: dt.datetime) -> str:
    """WITA for Gorontalo (kiosk/event/clock.py zone_name)."""
    return event_zone_name(config.event.timezone, when)


def service_kind(receipt: Receipt) -> str:
    """The service code a receipt is about (COMPLAINT for complaints)."""
    if receipt.record.kind == "complaint":
        return "COMPLAINT"
    return str(receipt.record.payload.get("service") or "INFO")


def build_slip(receipt: Receipt, *, config: Config, catalogue: Catalogue, t: Translator,
               token: str, reprinted_at: dt.datetime | None = None) -> Slip:
    """Everything the slip says, translated, in the order it is printed."""
    kind = receipt.record.kind
    service = service_kind(receipt)
    when = receipt.local_time
    header = (config.event.office, f"{config.event.name} · {config.event.venue}")
    subtitle: list[str] = [t(catalogue.service(service).name)]
    if receipt.ticket is not None and receipt.ticket.priority in PRIORITY_LABELS:
        subtitle.append(t(PRIORITY_LABELS[receipt.ticket.priority]))
    if reprinted_at is not None:
        when_text = f"{t.short_date(reprinted_at.date())}, {t.time(reprinted_at)}"
        subtitle.append(t("Reprinted {when}", when=when_text))
    builder = {"application": _application, "complaint": _complaint, "info": _info,
               "referral": _referral}[kind]
    title, facts, sections = builder(receipt, service, config=config, catalogue=catalogue, t=t)
    facts = [Fact(t("Issued on"), t.date(when.date())),
             Fact(t("Issued at"), f"{t.time(when)} {zone_name(config, when)}"), *facts]
    privacy = (
        t("This slip shows only part of your NIK. The QR code holds no personal data. "
          "Your data is protected under Law 27/2022 on Personal Data Protection.")
        if kind == "application" else
        t("The QR code holds no personal data. Your data is protected under Law 27/2022 "
          "on Personal Data Protection."))
    footer = (
        privacy,
        t("Kiosk {kiosk} · record {seq}", kiosk=config.kiosk.number, seq=receipt.record.seq),
    )
    return Slip(
        language=t.language, header=header, title=title,
        code=receipt.ticket.code if receipt.ticket else None, subtitle=tuple(subtitle),
        facts=tuple(facts), sections=tuple(sections), token=token,
        qr_caption=t("Officers scan this code to check the slip."), footer=footer,
    )


def _queue_facts(receipt: Receipt, t: Translator) -> list[Fact]:
    """Where the ticket stands now: a slip printed again after a call says so (a reprint
    of a served ticket once said "you are next")."""
    ticket = receipt.ticket
    status = ticket.status if ticket is not None else "waiting"
    if status == "waiting":
        wait = (t("You are next") if receipt.people_ahead == 0
                else t.minutes(receipt.wait_minutes))
        return [Fact(t("People ahead of you"), str(receipt.people_ahead)),
                Fact(t("Estimated wait"), wait)]
    assert ticket is not None
    counter = ticket.counter or "?"
    if status == "called":
        text = t("Called to counter {counter}: please go there now", counter=counter)
    elif status == "served":
        text = t("Served at counter {counter} at {time}", counter=counter,
                 time=_local_time(ticket.done_utc, receipt, t))
    else:   # no_show
        text = t("Called at {time} but you were not there: please ask an officer",
                 time=_local_time(ticket.called_utc, receipt, t))
    return [Fact(t("Status"), text)]


def _local_time(utc: str | None, receipt: Receipt, t: Translator) -> str:
    if not utc:
        return "?"
    return t.time(parse_utc_iso(utc).astimezone(receipt.local_time.tzinfo))


def _waiting(receipt: Receipt) -> bool:
    return receipt.ticket is None or receipt.ticket.status == "waiting"


def _passport_label(t: Translator, passport_type: str, years: int) -> str:
    return t.ngettext("{kind}, {years} year", "{kind}, {years} years", years,
                      kind=t(PASSPORT_TYPE_NAMES[passport_type]), years=years)


def _surcharge_label(t: Translator, service: str) -> str:
    return (t("Surcharge for a lost passport") if service == "LOST"
            else t("Surcharge for a damaged passport"))


def _application(receipt: Receipt, service: str, *, config: Config, catalogue: Catalogue,
                 t: Translator) -> tuple[str, list[Fact], list[Section]]:
    p = receipt.record.payload
    day = receipt.local_time.date()
    passport_type, years = p.get("passport_type", "ordinary"), int(p.get("years", 5))
    fee = catalogue.fee(day, service=service, passport_type=passport_type, years=years,
                        force_majeure=bool(p.get("force_majeure")))
    facts = _queue_facts(receipt, t)
    if p.get("full_name"):
        facts.append(Fact(t("Applicant"), str(p["full_name"])))
    if p.get("nik"):
        facts.append(Fact(t("NIK"), mask_nik(str(p["nik"]))))
    facts.append(Fact(t("Passport type"), _passport_label(t, passport_type, years)))
    facts.append(Fact(t("Fee ({regulation})", regulation=fee.regulation), t.money(fee.total),
                      big=True))
    if fee.surcharge or service in ("LOST", "DAMAGED"):
        facts.append(Fact(t("Of which"), t("passport {book} + {what} {surcharge}",
                                           book=t.money(fee.book),
                                           what=_surcharge_label(t, service).lower(),
                                           surcharge=t.money(fee.surcharge)),
                          strong=False))
    if receipt.pickup_date is not None:
        facts.append(Fact(t("Pick up your passport on"), t.date(receipt.pickup_date), big=True))
        facts.append(Fact(t("Pick up at"), config.event.pickup_place, strong=False))
    docs = guidance.documents(t, catalogue, service, child=bool(p.get("child")))
    sections = []
    if receipt.ticket is None or receipt.ticket.status != "served":
        sections.append(Section(t("Have these ready when your number is called"), docs))
        if interview := guidance.interview(t, service):      # BAP: an interview, no paper
            sections.append(Section(t("At the counter"), interview, bullets=False))
    if _waiting(receipt):
        sections.append(Section(t("Please stay near the booth"), (
            t("Your number is shown on the screen and called out. "
              "If you miss your turn, ask an officer."),), bullets=False))
    return t("Your queue number"), facts, sections


def _complaint(receipt: Receipt, service: str, *, config: Config, catalogue: Catalogue,
               t: Translator) -> tuple[str, list[Fact], list[Section]]:
    p = receipt.record.payload
    facts = _queue_facts(receipt, t)
    if receipt.tracking_number:
        facts.append(Fact(t("Complaint tracking number"), receipt.tracking_number, big=True))
    if receipt.answer_due is not None:
        facts.append(Fact(t("You get an answer by"), t.date(receipt.answer_due), big=True))
    identity = p.get("identity")
    if identity in IDENTITY_LABELS:
        facts.append(Fact(t("Your identity"), t(IDENTITY_LABELS[identity]), strong=False))
    sections = [Section(t("Keep this slip"), (
        t("Quote the tracking number when you ask about your complaint at the office."),),
        bullets=False)]
    return t("Your queue number"), facts, sections


def _fee_lines(day: dt.date, service: str, catalogue: Catalogue,
               t: Translator) -> list[str | Fact]:
    """The information screen's fee rows for an adult (kiosk.citizen.guidance), then the
    surcharge and the children's limit."""
    fees = fee_table(catalogue, day, services=(service,)).fees(service, child=False)
    lines: list[str | Fact] = [Fact(label, amount)
                               for label, amount in guidance.fee_rows(t, fees)]
    if note := guidance.surcharge_note(t, fees):
        lines.append(note)
    lines.append(t("Children under 17 get at most 5 years."))
    return lines


def _requirement_sections(day: dt.date, service: str, catalogue: Catalogue,
                          t: Translator) -> list[Section]:
    if service not in SERVICES_WITH_PASSPORT:
        return []
    regulation = catalogue.schedule_on(day).regulation
    return [
        Section(t(guidance.FEES, regulation=regulation),
                tuple(_fee_lines(day, service, catalogue, t)), bullets=False),
        Section(t(guidance.WHAT_TO_BRING),
                guidance.documents(t, catalogue, service, child=False)),
        Section(t("For a child under 17, bring instead"),
                guidance.documents(t, catalogue, service, child=True)),
    ]


def _info(receipt: Receipt, service: str, *, config: Config, catalogue: Catalogue,
          t: Translator) -> tuple[str, list[Fact], list[Section]]:
    """An information slip: what the information screen said (where to apply, what the
    service needs, fees, what to bring) or, after "no police report", the police step."""
    day = receipt.local_time.date()
    police = receipt.record.payload.get("reason") == "no_police_report"
    where = guidance.where_to_apply(t, on_site=config.event.is_on_site(service),
                                    place=config.event.pickup_place)
    sections = []
    if police:
        sections.append(Section(t(guidance.POLICE_TITLE), guidance.police_steps(t),
                                bullets=False))
    sections += _requirement_sections(day, service, catalogue, t)
    notes = () if police else guidance.service_notes(t, service)
    sections.append(Section(t("Where to apply"), (where, *notes), bullets=False))
    return t("Information"), [], sections


def _referral(receipt: Receipt, service: str, *, config: Config, catalogue: Catalogue,
              t: Translator) -> tuple[str, list[Fact], list[Section]]:
    """A referral slip: what the referral screen said (why, where, what to bring), with the
    fees and when to come."""
    day = receipt.local_time.date()
    facts = [Fact(t(guidance.PLEASE_GO_TO), config.event.pickup_place, strong=False),
             Fact(t("When to come"), t("On a working day, during office hours"))]
    why = guidance.referral_reasons(t, service, on_site=config.event.is_on_site(service))
    sections = [Section(t("Why you are referred"), why)]
    sections += _requirement_sections(day, service, catalogue, t)
    return t("Referral to the office"), facts, sections
