"""The fee table for the information screen: kinds, validities and surcharges by day."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.event.fees import BookFee, fee_table

SEED_DAY = dt.date(2019, 10, 23)


def _books(table, service, *, child):
    return [(b.kind, b.years, b.amount) for b in table.fees(service, child=child).books]


def test_the_seed_day_offers_five_years_under_pp_28_2019(catalogue):
    """23 Oct 2019: 5-year books only, Rp350.000 ordinary and Rp650.000 electronic."""
    table = fee_table(catalogue, SEED_DAY)
    assert table.regulation == "PP 28/2019"
    for child in (False, True):
        assert _books(table, "NEW", child=child) == [("ordinary", 5, 350000),
                                                     ("electronic", 5, 650000)]


def test_ten_years_for_adults_only_and_the_new_regulation(catalogue):
    """From 18 Dec 2024 (PP 45/2024) an adult sees 5 and 10 years; a child 5 years only."""
    table = fee_table(catalogue, dt.date(2025, 6, 2))
    assert table.regulation == "PP 45/2024"
    assert _books(table, "RENEW", child=False) == [
        ("ordinary", 5, 350000), ("ordinary", 10, 650000),
        ("electronic", 5, 650000), ("electronic", 10, 950000)]
    assert _books(table, "RENEW", child=True) == [("ordinary", 5, 350000),
                                                  ("electronic", 5, 650000)]


def test_lost_and_damaged_carry_their_surcharge(catalogue):
    """Lost adds Rp1.000.000, damaged Rp500.000, new and renewal nothing."""
    table = fee_table(catalogue, SEED_DAY)
    lost, damaged = table.fees("LOST", child=False), table.fees("DAMAGED", child=True)
    assert (lost.surcharge, lost.surcharge_reason) == (1000000, "lost")
    assert (damaged.surcharge, damaged.surcharge_reason) == (500000, "damaged")
    for service in ("NEW", "RENEW"):
        row = table.fees(service, child=False)
        assert (row.surcharge, row.surcharge_reason) == (0, "")


def test_every_amount_is_the_catalogue_fee(catalogue):
    """Each book line is what Catalogue.fee charges for that kind and validity on the day."""
    for day in (SEED_DAY, dt.date(2022, 10, 12), dt.date(2024, 12, 17), dt.date(2024, 12, 18)):
        table = fee_table(catalogue, day)
        for row in table.rows:
            for book in row.books:
                fee = catalogue.fee(day, service=row.service, passport_type=book.kind,
                                    years=book.years)
                assert book == BookFee(book.kind, book.years, fee.book)
                assert fee.regulation == table.regulation


def test_services_without_fees_are_not_in_the_table(catalogue):
    """A complaint or an information visit costs nothing: no row."""
    table = fee_table(catalogue, SEED_DAY)
    with pytest.raises(KeyError):
        table.fees("COMPLAINT", child=False)


def test_no_table_before_the_first_schedule(catalogue):
    """A day before any known regulation is an error, not a guess."""
    with pytest.raises(LookupError):
        fee_table(catalogue, dt.date(2010, 1, 1))
