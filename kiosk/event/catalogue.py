"""The service catalogue: services (which of them queue), documents to bring, and fees
chosen by effective date (resources/catalogue.toml)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import resources_dir
from kiosk.textfile import read_text

PASSPORT_TYPES = ("ordinary", "electronic")
# Who is called first (public-service norm; M-Paspor's walk-in exception names over-60s,
# people with disabilities and under-5s): the queue orders by it, the form offers it.
PRIORITY_KINDS = ("elderly", "disabled", "pregnant", "small_child")
SERVICES_WITH_PASSPORT = ("NEW", "RENEW", "LOST", "DAMAGED")


@dataclass(frozen=True)
class Service:
    """One service of the catalogue: its code, ticket letter, English name and summary,
    whether it asks personal data, whether it queues."""

    code: str
    letter: str
    name: str          # English source text, translated at display time
    summary: str
    personal_data: bool
    queues: bool = True  # takes a queue ticket that an officer calls (INFO does not)


@dataclass(frozen=True)
class FeeSchedule:
    """The fees (rupiah) of one regulation, from its effective date."""

    regulation: str
    effective: dt.date
    amounts: dict[str, int]


@dataclass(frozen=True)
class Fee:
    """What a citizen pays for one passport on one date, and under which regulation."""

    regulation: str
    book: int
    surcharge: int
    express: int

    @property
    def total(self) -> int:
        """What the citizen pays in all (rupiah)."""
        return self.book + self.surcharge + self.express


class Catalogue:
    """The service catalogue read from resources/catalogue.toml."""

    def __init__(self, raw: dict) -> None:
        self.services: dict[str, Service] = {
            code: Service(code, s["letter"], s["name"], s["summary"], s["personal_data"],
                          s.get("queues", True))
            for code, s in raw["services"].items()
        }
        self.documents: dict[str, str] = dict(raw["documents"])
        self.requirements: dict[str, dict[str, list[str]]] = raw["requirements"]
        self.schedules = sorted(
            (FeeSchedule(s["regulation"], s["effective"],
                         {k: v for k, v in s.items() if k not in ("regulation", "effective")})
             for s in raw["fee_schedules"]),
            key=lambda s: s.effective,
        )
        self.ten_year_since: dt.date = raw["ten_year_validity_since"]
        for reqs in self.requirements.values():
            for ids in reqs.values():
                unknown = set(ids) - set(self.documents)
                if unknown:
                    raise ValueError(f"catalogue names unknown documents: {sorted(unknown)}")

    def service(self, code: str) -> Service:
        """The Service for `code` (KeyError for an unknown code)."""
        return self.services[code]

    def letter_of(self, code: str) -> str:
        """The ticket letter of service `code`."""
        return self.services[code].letter

    def queueing(self, codes: Iterable[str]) -> tuple[str, ...]:
        """The services of `codes` that queue (``queues`` in the catalogue; INFO does not:
        an information visit ends at the kiosk with its slip), in the order given. Unknown
        codes are left out."""
        return tuple(c for c in codes if c in self.services and self.services[c].queues)

    def documents_for(self, service: str, *, child: bool = False) -> list[str]:
        """English names of the documents to bring, in order (empty for COMPLAINT and INFO)."""
        reqs = self.requirements.get(service)
        if not reqs:
            return []
        return [self.documents[d] for d in reqs["child" if child else "adult"]]

    def schedule_on(self, day: dt.date) -> FeeSchedule:
        """The fee schedule in force on `day`; LookupError before the first."""
        chosen = None
        for schedule in self.schedules:
            if schedule.effective <= day:
                chosen = schedule
        if chosen is None:
            raise LookupError(f"no fee schedule in force on {day.isoformat()}")
        return chosen

    def allowed_years(self, day: dt.date, *, adult: bool) -> tuple[int, ...]:
        """Validities on offer: 10 years only for adults (17+ or married) and since 2022."""
        if adult and day >= self.ten_year_since:
            return (5, 10)
        return (5,)

    def fee(self, day: dt.date, *, service: str, passport_type: str = "ordinary",
            years: int = 5, express: bool = False, force_majeure: bool = False) -> Fee:
        """The fee of one passport on `day`, in rupiah (ValueError for an unknown passport
        type; LookupError before the first schedule)."""
        if passport_type not in PASSPORT_TYPES:
            raise ValueError(f"unknown passport type {passport_type!r}")
        schedule = self.schedule_on(day)
        amounts = schedule.amounts
        surcharge = 0
        if service == "LOST":
            surcharge = amounts["force_majeure_surcharge" if force_majeure else "lost_surcharge"]
        elif service == "DAMAGED":
            surcharge = amounts["force_majeure_surcharge" if force_majeure
                                else "damaged_surcharge"]
        return Fee(
            regulation=schedule.regulation,
            book=amounts[f"{passport_type}_{years}y"],
            surcharge=surcharge,
            express=amounts["express"] if express else 0,
        )

    def visible_strings(self) -> list[str]:
        """Every English string the catalogue puts on a screen or slip (for translation checks)."""
        out = [s.name for s in self.services.values()] + [s.summary for s in self.services.values()]
        return out + list(self.documents.values())


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read the catalogue (resources/catalogue.toml unless `path`)."""
    path = path or resources_dir() / "catalogue.toml"
    return Catalogue(tomllib.loads(read_text(path)))
