"""Synthetic citizens for `kiosk simulate`: who they are, and how they tap through the kiosk.

Everything is drawn from one random.Random(seed), so a rehearsal can be repeated exactly.
Citizens make the mistakes real ones make (a short NIK, a wrong phone noticed on review),
switch language halfway, refuse consent, or walk away and let the screen clear itself.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from kiosk.citizen.flow import Step
from ui.rehearsal.driver import TouchDriver

FIRST = ("BUDI", "SITI", "AGUS", "DEWI", "RAHMAT", "NUR", "ANDI", "FITRI", "YUSUF", "MAYA",
         "ARIF", "LINA", "HENDRA", "SRI", "IRFAN", "WULAN")
LAST = ("SANTOSO", "RAHMAWATI", "HASAN", "PAKAYA", "MOHAMAD", "LATIF", "DAUD", "USMAN",
        "HULIMA", "KATILI", "NENTO", "BADU")
PLACES = ("GORONTALO", "LIMBOTO", "MARISA", "KWANDANG", "TILAMUTA", "SUWAWA", "MANADO")
# How long before the visit a complaint's event or a lost passport's police report was:
# relative to the simulated day, so a rehearsal runs on any day (a fixed date drifts out
# of the five-year window complaints accept).
DAYS_BEFORE_VISIT = 3
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
STORIES = ("Antrean tidak bergerak lama.", "Petugas tidak ramah.", "Informasi di loket salah.",
           "Waiting two hours, nobody called.", "Diminta biaya tambahan.")


@dataclass
class Persona:
    number: int
    language: str
    path: str                  # application | complaint | info | refuse
    today: dt.date             # the simulated day the citizen walks up
    service: str = "NEW"
    child: bool = False
    sex: str = "M"
    name: str = ""
    place: str = ""
    birth: dt.date = dt.date(1990, 1, 1)
    serial: int = 1
    phone: str = ""
    parent: dict = field(default_factory=dict)
    identity: str = "identified"
    police_report: bool = True
    typo_nik: bool = False
    fix_on_review: bool = False
    switch_language: bool = False
    walk_away_at: int = 0      # 0: finishes; else walks away after this many taps

    @property
    def days_ago(self) -> dt.date:
        """When the complaint's event, or the loss reported to the police, happened."""
        return self.today - dt.timedelta(days=DAYS_BEFORE_VISIT)

    @property
    def police_report_no(self) -> str:
        """A police report number in the SPKT style: serial, Roman month, year."""
        d = self.days_ago
        return f"SKTLK/{self.serial}/{ROMAN_MONTHS[d.month - 1]}/{d.year}/SPKT"

    @property
    def nik(self) -> str:
        return make_nik(self.birth, self.sex, self.serial)


def make_nik(birth: dt.date, sex: str, serial: int) -> str:
    """A valid Kota Gorontalo NIK (7571..) for this birth date and sex."""
    day = birth.day + (40 if sex == "F" else 0)
    return f"757101{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def _birth(rng: random.Random, today: dt.date, low: int, high: int) -> dt.date:
    age_days = rng.randint(low * 366, high * 365)
    return today - dt.timedelta(days=age_days)


# The third digit of a mobile number (08x): 080 and 084 are no operator's (libphonenumber).
_MOBILE_THIRD = "1123556789"


def _phone(rng: random.Random) -> str:
    """A 12-digit mobile number 08…: ten random digits, the first one an operator's."""
    digits = [str(rng.randint(0, 9)) for _ in range(10)]
    digits[0] = _MOBILE_THIRD[int(digits[0])]      # as many draws as before: same citizens
    return "08" + "".join(digits)


def make_persona(rng: random.Random, number: int, today: dt.date) -> Persona:
    p = Persona(number=number, language="en" if rng.random() < 0.3 else "id",
                path=rng.choices(("application", "complaint", "info", "refuse"),
                                 weights=(60, 15, 18, 7))[0], today=today)
    p.service = rng.choices(("NEW", "RENEW", "LOST", "DAMAGED"), weights=(45, 35, 10, 10))[0]
    p.child = p.path == "application" and rng.random() < 0.15
    p.sex = rng.choice("MF")
    p.name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    p.place = rng.choice(PLACES)
    p.birth = _birth(rng, today, 2, 16) if p.child else _birth(rng, today, 18, 75)
    p.serial = rng.randint(1, 9999)
    p.phone = _phone(rng)
    if p.child:
        parent_birth = _birth(rng, today, 25, 50)
        p.parent = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "nik": make_nik(parent_birth, "F", rng.randint(1, 9999)),
                    "phone": _phone(rng)}
    p.identity = rng.choice(("identified", "confidential", "anonymous"))
    p.police_report = rng.random() < 0.6
    p.typo_nik = rng.random() < 0.25
    p.fix_on_review = rng.random() < 0.12
    p.switch_language = rng.random() < 0.1
    if rng.random() < 0.08:
        p.walk_away_at = rng.randint(2, 25)
    return p


class WalkedAway(Exception):
    """The citizen left; the kiosk must clear the screen on its own."""


class Citizen:
    """Plays one persona on the kiosk with a TouchDriver; counts taps and mistakes."""

    def __init__(self, persona: Persona, touch: TouchDriver, flow,
                 think: callable = lambda: None) -> None:
        self.p, self.touch, self.flow, self.think = persona, touch, flow, think
        self.taps = 0
        self.mistakes = 0
        self.switched = False

    # every tap goes through here, so a walk-away can happen anywhere
    def tap(self, target) -> None:
        if self.p.walk_away_at and self.taps >= self.p.walk_away_at:
            raise WalkedAway
        self.think()
        self.touch.tap(target)
        self.taps += 1

    def type(self, field: str, text: str) -> None:
        self.tap(self.touch.editor(field))
        for char in text:
            for key in self.touch.window.keyboard.keys_for(char):
                self.tap(key)

    def erase(self, field: str) -> None:
        """Backspace until the field is empty: one tap per character typed (a number's
        group separators go with their digits)."""
        editor = self.touch.editor(field)
        self.tap(editor)
        while editor.text():
            before = editor.text()
            self.tap(self.touch.window.keyboard.key("backspace"))
            if editor.text() == before:
                return              # the cursor is at the start: nothing left to take

    def primary(self) -> None:
        self.tap("nav:primary")

    def choose(self, field: str, value: str) -> None:
        self.tap(f"choice:{field}:{value}")

    def maybe_switch_language(self) -> None:
        if self.p.switch_language and not self.switched:
            self.switched = True
            self.tap("langButton")

    # -- the visit ---------------------------------------------------------------------------
    def visit(self) -> str:
        """Tap through; returns what happened (the kind of record expected, or 'walked_away')."""
        p = self.p
        if self.flow.language != p.language:
            self.tap(f"language:{p.language}")
        if p.path == "info":
            self.tap("path:info")
            self.tap(f"info:service:{p.service}")
            return self.send()
        self.tap("path:complaint" if p.path == "complaint" else "path:service")
        if p.path == "refuse":
            self.tap("nav:secondary")
            return self.send()
        self.primary()
        if p.path == "complaint":
            self.complaint()
        else:
            self.tap(f"service:{p.service}")
            if self.flow.step == Step.REFERRAL:
                return self.send()
            if p.service == "LOST" and not p.police_report:
                self.tap("nav:secondary")
                return self.send()
            self.application()
        if p.fix_on_review:
            self.fix_phone_on_review()
        return self.send()

    def send(self) -> str:
        self.primary()
        self.touch.settle(lambda: self.flow.step == Step.DONE and not self.flow.outcome.printing)
        kind = self.flow.outcome.receipt.record.kind
        self.primary()                       # Finish
        return kind

    def application(self) -> None:
        p = self.p
        if p.service == "LOST":
            self.type("police_report_no", p.police_report_no)
            self.primary()
            self.type("police_report_date", p.days_ago.strftime("%d-%m-%Y"))
            self.primary()
            self.primary()                     # lost in a disaster: no, as preselected
        if p.service == "DAMAGED":
            self.choose("damage_cause", "wet")
            self.primary()
        self.choose("child", "yes" if p.child else "no")
        self.primary()
        self.type("full_name", p.name)
        self.maybe_switch_language()
        self.primary()
        self.type("birth_place", p.place)
        self.primary()
        if p.typo_nik:
            self.type("nik", p.nik[:-3])
        else:
            self.type("nik", p.nik)
        self.type("birth_date", p.birth.strftime("%d-%m-%Y"))
        self.choose("sex", p.sex)
        self.primary()
        if p.typo_nik:
            self.mistakes += 1
            self.type("nik", p.nik[-3:])      # the error says 13 digits: add the last three
            self.primary()
        if p.child:
            self.type("parent_name", p.parent["name"])
            self.primary()
            self.type("parent_nik", p.parent["nik"])
            self.primary()
            self.type("parent_phone", p.parent["phone"])
            self.primary()
            self.primary()                     # the child's own phone: optional
        else:
            self.type("phone", "081200000000" if p.fix_on_review else p.phone)
            self.primary()
        self.primary()                         # e-mail: optional
        self.choose("passport_type", "electronic" if p.serial % 3 == 0 else "ordinary")
        if not p.child and self.touch.exists("choice:years:10"):
            self.choose("years", "10")
        self.primary()
        self.primary()                         # priority as suggested

    def complaint(self) -> None:
        p = self.p
        self.choose("category", "slow_service")
        self.primary()
        self.choose("unit", "passport")
        self.primary()
        self.type("event_date", p.days_ago.strftime("%d-%m-%Y"))
        self.primary()
        self.type("what_happened", STORIES[p.serial % len(STORIES)])
        self.maybe_switch_language()
        self.primary()
        self.primary()                         # where: optional
        self.choose("identity", p.identity)
        self.primary()
        if p.identity != "anonymous":
            self.type("full_name", p.name)
            self.primary()
        self.type("phone", "081200000000" if p.fix_on_review else p.phone)
        self.primary()
        self.primary()                         # e-mail: optional

    def fix_phone_on_review(self) -> None:
        page = "c_contact" if self.p.path == "complaint" else "a_contact"
        if self.p.child:
            return
        self.mistakes += 1
        self.tap(f"review:edit:{page}")
        self.erase("phone")
        self.type("phone", self.p.phone)
        self.primary()
