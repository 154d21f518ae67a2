"""What the kiosk tells a citizen it cannot serve here and now, said once for the screen and
the slip.

The police step (a lost passport without a police report), a referral to the office (a
service this event does not serve) and the information screen (what to bring, what it
costs, where to apply) show these sentences; the slip printed from each
(kiosk/slips/content.py) carries the same ones, so what a citizen read on the screen and
what they take home cannot drift apart (tests/ui/citizen/test_guidance_on_slips.py holds
them together). Every function returns text in the Translator's language.

Sources: a lost passport is first reported to the police, who give a "surat keterangan
hilang"; a lost or damaged passport is replaced after an interview with an immigration
officer, written up as a Berita Acara Pemeriksaan (BAP) (Ditjen Imigrasi; docs: DOMAIN).
"""

from __future__ import annotations

from kiosk.citizen.schema import PASSPORT_TYPE_NAMES
from kiosk.event.catalogue import Catalogue
from kiosk.event.fees import ServiceFees
from kiosk.i18n import N_, Translator

WHAT_TO_BRING = N_("What to bring")
FEES = N_("Fees ({regulation})")
PLEASE_GO_TO = N_("Please go to")
POLICE_TITLE = N_("First report the loss to the police")
POLICE_STEPS = (
    N_("1. Go to the nearest police station (Polsek or Polres) and report the lost passport."),
    N_("2. The police give you a letter: surat keterangan hilang."),
    N_("3. Come back with that letter and the documents below. An officer will ask you how "
       "the passport was lost (BAP)."),
)
NOT_AT_THIS_EVENT = N_("This service is not offered at this event.")
OFFICER_SENT_YOU = N_("An officer asked you to apply at the office.")
# What a service needs besides documents: the police first, then the officer's interview.
POLICE_FIRST = N_("A lost passport must first be reported to the police. Bring the police "
                  "report (surat keterangan hilang).")
INTERVIEW = {
    "LOST": N_("An officer interviews you about how the passport was lost (Berita Acara "
               "Pemeriksaan, BAP)."),
    "DAMAGED": N_("An officer looks at the damaged passport and asks you how it was damaged "
                  "(Berita Acara Pemeriksaan, BAP)."),
}
SURCHARGE_NOTES = {
    "lost": N_("Plus {amount} for a lost passport; nothing after a natural disaster."),
    "damaged": N_("Plus {amount} for a damaged passport; nothing after a natural disaster."),
}


def police_steps(t: Translator) -> tuple[str, ...]:
    """What to do about a lost passport without a police report, step by step."""
    return tuple(t(step) for step in POLICE_STEPS)


def interview(t: Translator, service: str) -> tuple[str, ...]:
    """The officer's interview a lost or damaged passport needs (BAP); none for the others."""
    return (t(INTERVIEW[service]),) if service in INTERVIEW else ()


def service_notes(t: Translator, service: str) -> tuple[str, ...]:
    """What a service needs besides the documents (LOST: the police, then the interview;
    DAMAGED: the interview); none for the others."""
    police = (t(POLICE_FIRST),) if service == "LOST" else ()
    return police + interview(t, service)


def referral_reasons(t: Translator, service: str, *, on_site: bool) -> tuple[str, ...]:
    """Why a citizen is sent to the office: the service is not offered here (or an officer
    said so), then what that service needs besides documents."""
    first = t(OFFICER_SENT_YOU if on_site else NOT_AT_THIS_EVENT)
    return (first, *service_notes(t, service))


def where_to_apply(t: Translator, *, on_site: bool, place: str) -> str:
    """Here today (take a number) or at the office (`place`, the event's pick-up place)."""
    if on_site:
        return t("Served at this event today: take a queue number at this kiosk.")
    return t("Not served at this event. Apply at: {place}", place=place)


def documents(t: Translator, catalogue: Catalogue, service: str, *,
              child: bool) -> tuple[str, ...]:
    """What to bring for `service`, for an adult or a child (none for COMPLAINT and INFO)."""
    return tuple(t(doc) for doc in catalogue.documents_for(service, child=child))


def fee_rows(t: Translator, fees: ServiceFees) -> tuple[tuple[str, str], ...]:
    """One (label, amount) row per passport kind and validity on offer: ("Ordinary passport,
    5 years", "Rp350.000"). The amount is the book fee; a surcharge is in surcharge_note."""
    return tuple((t.ngettext("{kind}, {years} year", "{kind}, {years} years", book.years,
                             kind=t(PASSPORT_TYPE_NAMES[book.kind]), years=book.years),
                  t.money(book.amount)) for book in fees.books)


def surcharge_note(t: Translator, fees: ServiceFees) -> str:
    """The surcharge on top of the book for a lost or damaged passport ("" for none)."""
    if not fees.surcharge_reason:
        return ""
    return t(SURCHARGE_NOTES[fees.surcharge_reason], amount=t.money(fees.surcharge))
