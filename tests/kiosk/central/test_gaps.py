"""Gaps: the missing seq ranges of a kiosk and its high-water mark, from what the office holds."""

from __future__ import annotations

import pytest

from kiosk.central.gaps import kiosk_gaps
from kiosk.export.verify import verify_bundle
from tests.helpers.central import DAY1, DAY2, DAY3, enroll, ingest_file


def ranges(seqs: list[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for seq in sorted(seqs):
        if out and seq == out[-1][1] + 1:
            out[-1][1] = seq
        else:
            out.append([seq, seq])
    return [tuple(r) for r in out]


def test_gaps_name_exactly_the_missing_days_seq_range(sites, office, tmp_path):
    """Three days exported, the middle one left out: `gaps` gives exactly its seq ranges
    (the day's records, and the previous day's export record made that morning)."""
    (site,) = sites(1)
    enroll(office, site)
    for day in (DAY1, DAY2, DAY3):
        site.rehearse(day)
    exported = {day: site.export(day, tmp_path / "stick") for day in (DAY1, DAY2, DAY3)}
    for day in (DAY1, DAY3):
        ingest_file(office, exported[day])
    left_out = [i["seq"] for i in verify_bundle(
        exported[DAY2], kiosk_keys={site.kiosk_id: site.public_key}).manifest["records"]["items"]]
    with office.db.read() as conn:
        gaps = kiosk_gaps(conn, site.kiosk_id)
    assert gaps.missing == ranges(left_out) and len(left_out) > 20
    assert gaps.high_water_mark == min(left_out) - 1
    ingest_file(office, exported[DAY2])
    with office.db.read() as conn:
        gaps = kiosk_gaps(conn, site.kiosk_id)
    assert gaps.missing == [] and gaps.high_water_mark == gaps.max_seq


@pytest.mark.parametrize("same_day", [True, False], ids=["evening", "next-morning"])
def test_days_exported_by_stick_alone_leave_no_gap(sites, office, tmp_path, same_day):
    """Every day exported (the same evening, or the next morning) and imported, nothing by
    network: each export's own record travels in a bundle (its own, or the next day's), so
    `gaps` names no missing seq and the mark is the highest seq held."""
    (site,) = sites(1)
    enroll(office, site)
    for day in (DAY1, DAY2, DAY3):
        site.rehearse(day)
        ingest_file(office, site.export(day, tmp_path / "stick", same_day=same_day))
    with office.db.read() as conn:
        gaps = kiosk_gaps(conn, site.kiosk_id)
    assert gaps.missing == [] and gaps.high_water_mark == gaps.max_seq
    held = max(r.seq for r in site.store.records())
    assert gaps.max_seq == held - (0 if same_day else 1)   # the last morning's export record
