"""Retention and sync agree (docs/data-retention.md): a record whose personal fields went
after a USB export still syncs and the office counts it a duplicate of the full copy from
the stick; a record the office acknowledged may lose its personal fields on schedule even
if it was never exported; one the office has not confirmed never does."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from kiosk.central.schema import records as central_table
from tests.helpers.central import ingest_file
from tests.helpers.sync import DAY1, assert_central_equals_kiosk, code_for, enroll_at


def _after_retention(kiosk) -> None:
    kiosk.clock.advance(86400 * (kiosk.config.retention_days + 1))


def test_a_record_redacted_after_export_syncs_as_a_duplicate(office, live, kiosk, tmp_path):
    """Exported, imported from the stick, then redacted at the kiosk: the network copy
    (redacted, same hash) is a duplicate; the office keeps the full copy."""
    code = code_for(office, kiosk)          # the office trusts the kiosk's key
    stick = tmp_path / "stick"
    stick.mkdir()
    bundle = kiosk.booth.exporter().export_day(
        stick, day=DAY1, central_key=office.keys.central.public_key()).path
    imported = ingest_file(office, bundle)
    _after_retention(kiosk)
    redacted = kiosk.booth.retention().run()
    assert redacted.redacted > 0
    store = kiosk.booth.store
    sample = store.record(next(r.uuid for r in store.records() if r.seq == redacted.seqs[0]))
    assert sample.redacted and "nik" not in sample.payload and "full_name" not in sample.payload
    kiosk.booth.enroll(live, code)
    result = kiosk.booth.syncer().run()
    assert result.ok and result.duplicate == imported.accepted and result.conflict == 0
    assert_central_equals_kiosk(office, kiosk)
    with office.db.read() as conn:
        row = conn.execute(select(central_table.c.payload, central_table.c.redacted_utc)
                           .where(central_table.c.uuid == sample.uuid)).one()
    full = json.loads(row.payload)
    assert row.redacted_utc is None and (full.get("full_name") or full.get("nik"))


def test_a_record_the_office_acknowledged_may_lose_its_personal_fields(office, live, kiosk):
    """Never exported: before sync retention waits for the office; after the office's
    signed acknowledgement the same records are due and are redacted."""
    _after_retention(kiosk)
    before = kiosk.booth.retention().summary()
    assert before.due == 0 and before.waiting_for_export == before.records > 0
    enroll_at(office, kiosk, live)
    assert kiosk.booth.syncer().run().ok
    after = kiosk.booth.retention().summary()
    assert after.due == before.records and after.waiting_for_export == 0
    done = kiosk.booth.retention().run()
    assert done.redacted == before.records
    # the retention run's own audit record follows to the office like any other
    assert kiosk.booth.syncer().run().ok
    assert_central_equals_kiosk(office, kiosk)


def test_a_record_sent_again_after_the_office_lost_it_waits_for_retention(office, live,
                                                                         kiosk, tmp_path):
    """Queued again because the office's mark went down: retention leaves it alone until
    the office confirms it again."""
    from kiosk.records import outbox

    enroll_at(office, kiosk, live)
    assert kiosk.booth.syncer().run().ok
    store = kiosk.booth.store
    outbox.requeue(store, missing=[(1, 5)], above=10**9, now=dt.datetime.now(dt.UTC))
    _after_retention(kiosk)
    summary = kiosk.booth.retention().summary()
    personal_first_five = sum(1 for r in store.records(until_seq=5)
                              if r.kind in ("application", "complaint"))
    assert summary.waiting_for_export == personal_first_five
