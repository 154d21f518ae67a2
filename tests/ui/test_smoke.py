"""Smoke: one adult new-passport citizen from welcome to the ticket, by taps."""

from kiosk.flow import Step


def test_adult_new_passport(kiosk):
    """Tapping through welcome, consent, service, form and review gives ticket A-001."""
    t = kiosk.touch
    t.tap("path:service")
    t.primary()
    t.tap("service:NEW")
    t.choose("child", "no")
    t.primary()
    t.type("full_name", "BUDI SANTOSO")
    t.type("birth_place", "GORONTALO")
    t.primary()
    t.type("nik", "7571010101900003")
    t.type("birth_date", "01-01-1990")
    t.choose("sex", "M")
    t.primary()
    t.type("phone", "081234567890")
    t.primary()
    t.choose("passport_type", "ordinary")
    t.primary()
    t.primary()
    assert kiosk.flow.step == Step.REVIEW
    t.primary()
    t.settle(lambda: kiosk.flow.outcome is not None and not kiosk.flow.outcome.printing)
    assert kiosk.flow.step == Step.DONE
    assert t.find("ticketCode").text() == "A-001"
