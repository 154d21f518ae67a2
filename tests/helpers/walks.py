"""Citizen steps for UI tests, tapped with the on-screen keyboard (no widget setters)."""

from __future__ import annotations

from kiosk.citizen.flow import Step

ADULT = {"full_name": "BUDI SANTOSO", "birth_place": "GORONTALO",
         "nik": "7571010101900003", "birth_date": "01-01-1990", "sex": "M",
         "phone": "081234567890"}


def start_application(k, service: str) -> None:
    t = k.touch
    t.tap("path:service")
    t.primary()                      # I agree
    t.tap(f"service:{service}")


def who_and_name(k, *, child: bool, name: str, place: str) -> None:
    """The 'who' page (adult or child), the name and the place of birth; ends on the NIK
    page."""
    t = k.touch
    t.choose("child", "yes" if child else "no")
    t.primary()
    t.type("full_name", name)
    t.primary()
    t.type("birth_place", place)
    t.primary()


def nik_page(k, nik: str, birth_date: str, sex: str) -> None:
    """NIK, date of birth and sex typed and chosen, then Next."""
    t = k.touch
    t.type("nik", nik)
    t.type("birth_date", birth_date)
    t.choose("sex", sex)
    t.primary()


def fill_adult(k, person: dict = ADULT, *, email: str = "") -> None:
    """From the 'who' page to the review, as an adult with an ordinary 5-year passport."""
    t = k.touch
    who_and_name(k, child=False, name=person["full_name"], place=person["birth_place"])
    nik_page(k, person["nik"], person["birth_date"], person["sex"])
    t.type("phone", person["phone"])
    t.primary()
    if email:
        t.type("email", email)
    t.primary()
    t.choose("passport_type", "ordinary")
    t.primary()
    t.primary()                      # priority: preselected
    assert k.flow.step == Step.REVIEW, k.flow.errors


def submit(k) -> None:
    k.touch.primary()
    k.touch.settle(lambda: k.flow.outcome is not None and not k.flow.outcome.printing)


def start_complaint(k) -> None:
    k.touch.tap("path:complaint")
    k.touch.primary()


def to_story(k, category: str = "slow_service", unit: str = "passport") -> None:
    """Complaint category, then unit, then date; ends on the 'what happened' page."""
    t = k.touch
    t.choose("category", category)
    t.primary()
    t.choose("unit", unit)
    t.primary()
    t.type("event_date", "20-10-2019")
    t.primary()


def fill_complaint(k, identity: str, *, name: str = "RAHMAWATI", phone: str = "081355550001"):
    t = k.touch
    to_story(k)
    t.type("what_happened", "Antrean tidak bergerak dua jam.")
    t.primary()
    t.primary()                      # where: optional
    t.choose("identity", identity)
    t.primary()
    if identity != "anonymous":
        t.type("full_name", name)
        t.primary()
    if phone:
        t.type("phone", phone)
    t.primary()
    t.primary()                      # e-mail: optional
    assert k.flow.step == Step.REVIEW, k.flow.errors
