"""A record names the bundle of its own kiosk that brought it: held by the database itself
(a foreign key on SQLite, statement triggers on PostgreSQL, migration 0003)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.central.schema import bundles, records
from tests.helpers.central import DAY1, enroll, ingest_file


@pytest.fixture
def two_days(office, sites, tmp_path):
    """Two kiosks, each with a day stored: (ours, theirs) as (site, bundles row)."""
    held = []
    for site in sites(2):
        enroll(office, site)
        site.rehearse(DAY1)
        ingest_file(office, site.export(DAY1, tmp_path / "stick"))
        with office.db.read() as conn:
            held.append((site, conn.execute(select(bundles).where(
                bundles.c.kiosk_id == site.kiosk_id)).one()))
    return held


def test_a_record_cannot_name_another_kiosks_bundle(office, two_days):
    """A record's bundle is one of its own kiosk's (and the kiosk an enrolled one)."""
    (a, ours), (b, theirs) = two_days
    with office.db.read() as conn:
        row = conn.execute(select(records).where(records.c.kiosk_id == a.kiosk_id)
                           .order_by(records.c.id.desc()).limit(1)).one()
        top = conn.execute(select(records.c.id).order_by(records.c.id.desc()).limit(1)
                           ).scalar_one()
    fields = dict(row._mapping, id=top + 1, uuid="0f0f0f0f-0000-4000-8000-00000000000b",
                  seq=row.seq + 1)
    for wrong in ({"kiosk_id": b.kiosk_id}, {"kiosk_id": "k00000000"},
                  {"bundle": theirs.id}, {"bundle": theirs.id + 7}):
        with pytest.raises(IntegrityError), office.db.write() as conn:
            conn.execute(insert(records).values(**fields | wrong))
    with office.db.write() as conn:                 # the same row, right: stored
        conn.execute(insert(records).values(**fields))
    assert ours.kiosk_id == a.kiosk_id


def test_a_records_bundle_is_never_moved_nor_deleted_under_it(office, two_days):
    """A record cannot be moved to another kiosk's bundle, and a bundle that records name
    cannot be deleted; a bundle no record names can."""
    (a, ours), (_b, theirs) = two_days
    with pytest.raises(IntegrityError), office.db.write() as conn:
        conn.execute(update(records).where(records.c.kiosk_id == a.kiosk_id)
                     .values(bundle=theirs.id))
    with pytest.raises(IntegrityError), office.db.write() as conn:
        conn.execute(delete(bundles).where(bundles.c.id == ours.id))
    with office.db.write() as conn:                 # named by no record: it may go
        fields = {k: v for k, v in ours._mapping.items() if k != "id"}
        spare = conn.execute(insert(bundles).values({**fields, "file_sha256": "c" * 64})
                             .returning(bundles.c.id)).scalar_one()
        conn.execute(delete(bundles).where(bundles.c.id == spare))
    with office.db.read() as conn:
        assert conn.execute(select(records.c.bundle).where(records.c.kiosk_id == a.kiosk_id)
                            ).scalars().all() == [ours.id] * len(a.day_records(DAY1))
