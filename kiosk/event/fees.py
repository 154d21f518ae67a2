"""The fee table the information screen shows: per passport service, for an adult and for a
child, each passport kind and validity on offer on a day with its book fee, and the
surcharge for a lost or damaged passport.

Amounts are rupiah (PNBP) from the catalogue's fee schedule in force that day
(resources/catalogue.toml: PP 28/2019, then PP 45/2024 from 18 December 2024); the
validities on offer follow Catalogue.allowed_years (10 years for adults only, since
Permenkumham 18/2022). The screen formats; it computes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.event.catalogue import PASSPORT_TYPES, SERVICES_WITH_PASSPORT, Catalogue

SURCHARGE_REASONS = {"LOST": "lost", "DAMAGED": "damaged"}


@dataclass(frozen=True)
class BookFee:
    """One line of the table: a passport kind (PASSPORT_TYPES), its validity in years, and
    the book fee in rupiah."""

    kind: str
    years: int
    amount: int


@dataclass(frozen=True)
class ServiceFees:
    """What one service costs an adult or a child on the table's day.

    books: one BookFee per kind and validity on offer, kinds in PASSPORT_TYPES order, then
    by years. surcharge: rupiah on top for a lost or damaged passport (0 for NEW and
    RENEW; none after a natural disaster, which the screen says in words); surcharge_reason:
    "lost", "damaged" or "".
    """

    service: str
    child: bool
    books: tuple[BookFee, ...]
    surcharge: int
    surcharge_reason: str


@dataclass(frozen=True)
class FeeTable:
    """Every passport service's fees, for adults and children, under one regulation."""

    day: dt.date
    regulation: str
    rows: tuple[ServiceFees, ...]

    def fees(self, service: str, *, child: bool) -> ServiceFees:
        """The row of `service` for a child or an adult; KeyError for a service not in the
        table (COMPLAINT and INFO cost nothing)."""
        for row in self.rows:
            if row.service == service and row.child == child:
                return row
        raise KeyError(service)


def fee_table(catalogue: Catalogue, day: dt.date,
              services: Iterable[str] = SERVICES_WITH_PASSPORT) -> FeeTable:
    """The fee table on `day`. Raises LookupError before the first known fee schedule."""
    rows = []
    for service in services:
        for child in (False, True):
            years = catalogue.allowed_years(day, adult=not child)
            books = tuple(
                BookFee(kind, y, catalogue.fee(day, service=service, passport_type=kind,
                                               years=y).book)
                for kind in PASSPORT_TYPES for y in years)
            surcharge = catalogue.fee(day, service=service).surcharge
            rows.append(ServiceFees(service, child, books, surcharge,
                                    SURCHARGE_REASONS.get(service, "") if surcharge else ""))
    return FeeTable(day, catalogue.schedule_on(day).regulation, tuple(rows))
