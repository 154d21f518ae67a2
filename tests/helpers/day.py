"""A busy event day, simulated minute by minute through the real registrar and queue console.

Citizens with real-looking NIKs, names and phones arrive from 08:00 to 16:00 WITA; three
counters call, serve, recall, mark no-shows and transfer. Seeded, so every run is the same.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field

from kiosk.citizen.registrar import Registrar
from kiosk.event.clock import FakeClock
from kiosk.queue.console import QueueConsole
from kiosk.records.audit import Officer
from tests.helpers.factories import adult_form, complaint_form

GIVEN = ["Budi", "Siti", "Rahmat", "Nur'aini", "Agus", "Dewi", "Fadli", "Sri", "Yusuf", "Rina",
         "Hendra", "Wulan", "Irfan", "Fitri", "Arif", "Lestari"]
FAMILY = ["Santoso", "Hasan", "Mokoginta", "Gobel", "Pakaya", "Daud", "Habibie", "Lamato",
          "Podungge", "Katili", "Nusi", "Ali-Uno"]
CATEGORIES = ["slow_service", "slow_service", "officer_conduct", "illegal_fees",
              "wrong_information", "facilities", "other"]
COUNTERS = {"1": ["NEW", "RENEW"], "2": ["NEW", "RENEW"], "3": ["COMPLAINT"]}


@dataclass
class DayLog:
    """What the simulation put in, to check reports and exports against."""

    names: list[str] = field(default_factory=list)
    niks: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    transfers: int = 0
    complaints: int = 0
    info: int = 0


def citizen(rng: random.Random) -> dict:
    """An adult's form with a NIK that agrees with the birth date and sex."""
    sex = rng.choice("MF")
    birth = dt.date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
    day = birth.day + (40 if sex == "F" else 0)
    nik = f"757101{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 9999):04d}"
    name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    phone = f"0812{rng.randint(10_000_000, 99_999_999)}"
    return {"full_name": name, "nik": nik, "sex": sex, "birth_date": birth.strftime("%d-%m-%Y"),
            "phone": phone, "email": f"{name.split()[0].lower().replace(chr(39), '')}"
                                      f"{rng.randint(1, 99)}@mail.example",
            "birth_place": rng.choice(["Gorontalo", "Limboto", "Manado", "Marisa"])}


def busy_day(registrar: Registrar, queue: QueueConsole, officer: Officer, clock: FakeClock, *,
             seed: int = 23, arrivals: int = 70) -> DayLog:
    rng = random.Random(seed)
    log = DayLog()
    start = clock.now().astimezone(registrar.config.event.tz).replace(hour=8, minute=0,
                                                                      second=0, microsecond=0)
    clock.set(start)
    # Arrival minutes: a morning peak and an after-lunch bump.
    minutes = sorted(int(abs(rng.gauss(mu, sd))) % 480 for mu, sd in
                     [(90, 50)] * (arrivals * 6 // 10) + [(330, 60)] * (arrivals * 4 // 10))
    busy: dict[str, tuple[str, int, bool, str]] = {}  # counter -> (code, done at, shows, service)
    for minute in range(0, 9 * 60):
        clock.set(start + dt.timedelta(minutes=minute))
        for _ in range(minutes.count(minute)):
            _arrive(registrar, rng, log)
        for counter, services in COUNTERS.items():
            if counter in busy:
                code, until, shows, service = busy[counter]
                if minute < until:
                    continue
                if not shows:
                    queue.recall(code, officer=officer)
                    queue.mark_no_show(code, officer=officer)
                    log.no_shows += 1
                elif rng.random() < 0.06 and service == "NEW":
                    queue.transfer(code, "RENEW", officer=officer)
                    log.transfers += 1
                else:
                    queue.mark_served(code, officer=officer)
                    log.served += 1
                del busy[counter]
                continue
            ticket = queue.call_next(counter, services, officer)
            if ticket is not None:
                shows = rng.random() > 0.08
                length = rng.randint(6, 16) if ticket.service != "COMPLAINT" else rng.randint(4, 9)
                busy[counter] = (ticket.code, minute + (length if shows else 3), shows,
                                 ticket.service)
    return log


def _arrive(registrar: Registrar, rng: random.Random, log: DayLog) -> None:
    roll = rng.random()
    sid = str(uuid.UUID(int=rng.getrandbits(128)))
    person = citizen(rng)
    if roll < 0.10:
        registrar.record_visit(kind="info", service="INFO", submission_id=sid)
        log.info += 1
        return
    if roll < 0.22:
        place = f"Jl. {rng.choice(FAMILY)} No. {rng.randint(1, 90)}"
        form = complaint_form(category=rng.choice(CATEGORIES), full_name=person["full_name"],
                              phone=person["phone"], place=place,
                              identity=rng.choice(["identified", "confidential"]))
        registrar.submit_complaint(form, submission_id=sid)
        log.complaints += 1
        log.places.append(place)
    else:
        birth = dt.datetime.strptime(person["birth_date"], "%d-%m-%Y").date()
        elderly = birth.year < 1960
        form = adult_form(service=rng.choice(["NEW", "NEW", "RENEW"]), **person,
                          priority="elderly" if elderly else "")
        registrar.submit_application(form, submission_id=sid)
        log.niks.append(person["nik"])
        log.emails.append(person["email"])
    log.tickets += 1
    log.names.append(person["full_name"])
    log.phones.append(person["phone"])
