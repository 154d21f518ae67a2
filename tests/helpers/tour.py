"""A tour of every screen state a citizen can see, for screenshots and translation checks.

`tour(kiosk, language)` taps through the kiosk and yields a short name at each state;
the caller looks at the window (grab it, walk its texts) before the tour goes on.
"""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.citizen.flow import Step
from kiosk.citizen.registrar import tracking_number
from kiosk.event.config import default_config_text, parse

# LOST and DAMAGED served on site (police report pages, the police step, the damage
# causes), RENEW referred (the referral notice).
TOUR_SERVICES = '["NEW", "LOST", "DAMAGED", "COMPLAINT", "INFO"]'


def tour_config():
    text = default_config_text().replace(
        'services_on_site = ["NEW", "RENEW", "COMPLAINT", "INFO"]',
        f"services_on_site = {TOUR_SERVICES}")
    return parse(text)


def _begin(k, language: str) -> None:
    if k.flow.step == Step.DONE:
        k.clock.advance(2)                   # read the ticket, then Finish
        k.touch.primary()
    assert k.flow.step == Step.WELCOME
    k.touch.tap(f"language:{language}")


def _submit(k) -> None:
    k.touch.primary()
    k.touch.settle(lambda: k.flow.outcome is not None and not k.flow.outcome.printing)


def tour(k, language: str) -> Iterator[str]:
    t = k.touch
    _begin(k, language)
    yield "welcome"
    t.tap("path:service")
    yield "consent"
    t.primary()
    yield "services"
    t.tap("service:NEW")
    yield "app-who"
    t.choose("child", "no")
    t.primary()
    t.type("full_name", "SITI NUR'AINI")
    yield "app-name-keyboard"
    t.primary()
    t.type("birth_place", "GORONTALO")
    yield "app-birth-place"
    t.primary()
    t.type("nik", "75710141019")
    t.type("birth_date", "01-01-1990")
    t.primary()
    yield "app-nik-errors"
    t.type("nik", "00003")
    t.choose("sex", "M")
    t.primary()
    yield "app-nik-sex-mismatch"
    t.choose("sex", "F")
    yield "app-nik-keypad"
    t.primary()
    t.type("phone", "081234567890")
    yield "app-phone-keypad"
    t.primary()
    t.type("email", "siti@contoh.id")
    yield "app-email-keyboard"
    t.primary()
    t.choose("passport_type", "electronic")
    yield "app-passport"
    t.primary()
    yield "app-priority"
    t.primary()
    yield "review-application"
    _submit(k)
    yield "done-ticket"

    _begin(k, language)
    t.tap("path:service")
    t.primary()
    t.tap("service:NEW")
    t.choose("child", "yes")
    yield "app-who-child"
    t.primary()
    t.type("full_name", "AYU")
    t.primary()
    t.type("birth_place", "LIMBOTO")
    t.primary()
    t.type("nik", "7571014101150003")
    t.type("birth_date", "01-01-2015")
    t.choose("sex", "F")
    t.primary()
    t.type("parent_name", "RAHMAWATI")
    yield "app-parent"
    for _ in range(5):
        t.back()
    assert k.flow.step == Step.SERVICES
    t.tap("service:LOST")
    t.type("police_report_no", "SKTLK/123/X/2019")
    yield "app-police"
    t.primary()
    t.type("police_report_date", "20-10-2019")
    yield "app-police-date"
    t.primary()
    yield "app-lost-disaster"
    t.back()
    t.back()
    t.tap("nav:secondary")
    yield "police-step"
    t.back()
    t.back()
    t.tap("service:DAMAGED")
    t.choose("damage_cause", "disaster")
    yield "app-damage"
    t.back()
    t.tap("service:RENEW")
    yield "referral"
    _submit(k)
    yield "done-slip"

    _begin(k, language)
    t.tap("path:complaint")
    yield "consent-complaint"
    t.primary()
    yield "complaint-category"
    t.choose("category", "illegal_fees")
    t.primary()
    t.choose("unit", "cashier")
    yield "complaint-unit"
    t.primary()
    t.type("event_date", "20-10-2019")
    yield "complaint-when"
    t.primary()
    t.type("what_happened", "Diminta uang Rp50.000 di loket")
    yield "complaint-story-keyboard"
    t.primary()
    t.type("place", "Loket 2")
    yield "complaint-place"
    t.primary()
    t.choose("identity", "confidential")
    yield "complaint-identity"
    t.primary()
    t.type("full_name", "RAHMAT")
    yield "complaint-name"
    t.primary()
    t.type("phone", "081355550001")
    yield "complaint-contact"
    t.primary()
    t.primary()                              # e-mail: optional
    yield "review-complaint"
    _submit(k)
    yield "done-complaint"
    filed = k.records("complaint")[-1]

    _begin(k, language)
    t.tap("path:check")
    t.type("tracking_number", tracking_number(filed))
    yield "check-complaint-number"
    t.primary()
    k.touch.settle(lambda: not k.flow.submitting)
    t.type("phone_last4", "0002")
    t.primary()
    k.touch.settle(lambda: not k.flow.submitting)
    yield "check-complaint-wrong-digits"
    t.retype("phone_last4", "0001")
    t.primary()
    k.touch.settle(lambda: not k.flow.submitting)
    yield "check-complaint-found"
    t.back()
    t.back()

    _begin(k, language)
    t.tap("path:info")
    t.tap("info:service:LOST")
    yield "information"
    t.back()
    _begin(k, language)                      # back to welcome: a new citizen
    t.tap("path:service")
    t.tap("nav:secondary")
    yield "information-consent-refused"

    t.tap("info:service:NEW")
    k.idle(k.app.config.kiosk.idle_seconds)
    yield "still-there"
    t.tap("stillThere:stay")
    # The PIN pad that guards leaving belongs to the officer side (tests/ui/officer).
