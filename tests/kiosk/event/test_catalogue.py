"""The catalogue: documents per service, fees chosen by effective date, 10-year rules."""

from __future__ import annotations

import datetime as dt

import pytest

D = dt.date


def test_fees_follow_the_regulation_in_force(catalogue):
    """PP 28/2019 before 18 Dec 2024, PP 45/2024 from that day."""
    before = catalogue.fee(D(2024, 12, 17), service="NEW", passport_type="electronic", years=10)
    after = catalogue.fee(D(2024, 12, 18), service="NEW", passport_type="electronic", years=10)
    assert (before.regulation, before.total) == ("PP 28/2019", 650000)
    assert (after.regulation, after.total) == ("PP 45/2024", 950000)


def test_seed_story_fee_2019(catalogue):
    """An ordinary passport on 23 Oct 2019 cost Rp350.000."""
    assert catalogue.fee(D(2019, 10, 23), service="NEW").total == 350000


def test_lost_and_damaged_surcharges(catalogue):
    """Lost adds Rp1.000.000, damaged Rp500.000, force majeure nothing."""
    day = D(2025, 6, 2)
    assert catalogue.fee(day, service="LOST").total == 350000 + 1000000
    assert catalogue.fee(day, service="DAMAGED").total == 350000 + 500000
    assert catalogue.fee(day, service="DAMAGED", force_majeure=True).total == 350000


def test_no_fee_before_the_first_schedule(catalogue):
    """A date before any known regulation is an error, not a guess."""
    with pytest.raises(LookupError):
        catalogue.fee(D(2010, 1, 1), service="NEW")


def test_ten_years_only_for_adults_and_since_2022(catalogue):
    """Children get 5 years; adults 5 or 10 once 10-year passports existed."""
    assert catalogue.allowed_years(D(2025, 1, 1), adult=True) == (5, 10)
    assert catalogue.allowed_years(D(2025, 1, 1), adult=False) == (5,)
    assert catalogue.allowed_years(D(2019, 10, 23), adult=True) == (5,)


def test_documents_differ_for_children_and_lost(catalogue):
    """A child brings the parents' papers; a lost passport needs the police report."""
    child = catalogue.documents_for("NEW", child=True)
    assert "Both parents come along" in child
    assert any("Police report" in d for d in catalogue.documents_for("LOST"))
    assert catalogue.documents_for("INFO") == []


def test_what_to_bring_holds_nothing_done_at_the_office(catalogue):
    """The officer's examination (BAP) is an interview at the office, not a paper to bring:
    no list of things to bring names it; the guidance of LOST and DAMAGED says it instead."""
    from kiosk.citizen import guidance

    for service in ("NEW", "RENEW", "LOST", "DAMAGED"):
        for child in (False, True):
            listed = catalogue.documents_for(service, child=child)
            assert [d for d in listed if "BAP" in d or "examin" in d.lower()] == [], service
    assert set(guidance.INTERVIEW) == {"LOST", "DAMAGED"}
    assert all("(Berita Acara Pemeriksaan, BAP)" in text for text in guidance.INTERVIEW.values())


def test_fees_are_not_in_code():
    """No rupiah amount of the fee table appears in the Python sources."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "kiosk"
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for amount in ("350000", "650000", "950000", "350_000", "650_000"):
            assert amount not in text, f"{path} holds a fee {amount}"
