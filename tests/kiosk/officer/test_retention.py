"""Retention: personal fields leave exported (or synced) records past the retention days."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kiosk.export.verify import read_bundle
from kiosk.officer.retention import apply_retention, personal_data_summary
from kiosk.records.record import PERSONAL_FIELDS
from tests.helpers.factories import adult_form, complaint_form

DAY = dt.date(2019, 10, 23)
NIK = "7571014101900003"


@pytest.fixture
def day(registrar):
    """Three applications, a complaint and an information visit."""
    people = [("7571010101900003", "M", "Budi Santoso"), (NIK, "F", "Siti Nur'aini"),
              ("7571010101900011", "M", "Rahmat Gobel")]
    for i, (nik, sex, name) in enumerate(people):
        registrar.submit_application(adult_form(nik=nik, sex=sex, full_name=name),
                                     submission_id=str(uuid.UUID(int=i + 1)))
    registrar.submit_complaint(complaint_form(), submission_id=str(uuid.UUID(int=10)))
    registrar.record_visit(kind="info", service="INFO", submission_id=str(uuid.UUID(int=11)))


def month_later(clock):
    clock.advance(31 * 24 * 3600)


def test_summary_counts_personal_data_and_what_is_due(day, fresh_db, config, clock, exporter,
                                                      central, stick):
    """Four records hold personal data; none is due until exported and 30 days old."""
    summary = personal_data_summary(fresh_db, config, clock.now())
    assert (summary.records, summary.due, summary.waiting_for_export) == (4, 0, 0)
    assert summary.oldest_utc.startswith("2019-10-23") and summary.retention_days == 30
    month_later(clock)
    assert personal_data_summary(fresh_db, config, clock.now()).waiting_for_export == 4
    exporter.export_day(stick, day=DAY, central_key=central[2])
    summary = personal_data_summary(fresh_db, config, clock.now())
    assert (summary.due, summary.waiting_for_export) == (4, 0)


def test_exported_old_records_lose_personal_fields_only(day, fresh_db, config, clock, exporter,
                                                        central, stick):
    """Personal fields go, redacted_fields says which, the original hash and tickets stay."""
    exporter.export_day(stick, day=DAY, central_key=central[2])
    before = {r.seq: r for r in fresh_db.records()}
    tickets_before = fresh_db.conn.execute("SELECT * FROM tickets ORDER BY id").fetchall()
    month_later(clock)
    result = apply_retention(fresh_db, config, clock.now())
    assert result.redacted == 4
    for seq in result.seqs:
        old, new = before[seq], fresh_db.records(since_seq=seq - 1, until_seq=seq)[0]
        assert not set(new.payload) & set(PERSONAL_FIELDS)
        assert new.payload["redacted_fields"] == sorted(set(old.payload) & set(PERSONAL_FIELDS))
        assert new.sha256 == old.sha256 and new.uuid == old.uuid
        kept = {k: v for k, v in old.payload.items() if k not in PERSONAL_FIELDS}
        assert {k: v for k, v in new.payload.items() if k != "redacted_fields"} == kept
    marked = fresh_db.conn.execute(
        "SELECT COUNT(*) FROM records WHERE redacted_utc IS NOT NULL").fetchone()[0]
    assert marked == 4
    tickets_after = fresh_db.conn.execute("SELECT * FROM tickets ORDER BY id").fetchall()
    assert [tuple(r) for r in tickets_after] == [tuple(r) for r in tickets_before]
    assert personal_data_summary(fresh_db, config, clock.now()).records == 0
    audit = fresh_db.records(kind="officer_action")[-1].payload
    assert audit["action"] == "retention" and audit["details"]["redacted"] == 4


def test_the_removed_data_is_gone_from_the_database_files(day, fresh_db, config, clock, exporter,
                                                          central, stick):
    """After retention the NIK is in neither the database file nor its WAL."""
    exporter.export_day(stick, day=DAY, central_key=central[2])
    month_later(clock)
    apply_retention(fresh_db, config, clock.now())
    files = [fresh_db.path, fresh_db.path.with_name(fresh_db.path.name + "-wal")]
    raw = b"".join(p.read_bytes() for p in files if p.exists())
    assert NIK.encode() not in raw and b"NUR'AINI" not in raw


def test_not_exported_means_not_removed(day, fresh_db, config, clock):
    """Old but never exported nor synced: nothing is removed."""
    month_later(clock)
    assert apply_retention(fresh_db, config, clock.now()).redacted == 0
    assert NIK in fresh_db.records(kind="application")[1].payload_json


def test_synced_records_are_removed_too(day, fresh_db, config, clock):
    """A record no longer in the outbox was confirmed synced: it may lose its fields."""
    first = fresh_db.records(kind="application")[0]
    fresh_db.conn.execute("DELETE FROM outbox WHERE seq=?", (first.seq,))
    month_later(clock)
    assert apply_retention(fresh_db, config, clock.now()).seqs == (first.seq,)


def test_too_recent_records_stay(day, fresh_db, config, clock, exporter, central, stick):
    """Exported today: kept until the retention days have passed."""
    exporter.export_day(stick, day=DAY, central_key=central[2])
    clock.advance(29 * 24 * 3600)
    assert apply_retention(fresh_db, config, clock.now()).redacted == 0


def test_dry_run_changes_nothing(day, fresh_db, config, clock, exporter, central, stick):
    """A dry run says how many and leaves every byte as it was."""
    exporter.export_day(stick, day=DAY, central_key=central[2])
    month_later(clock)
    before = [r.payload_json for r in fresh_db.records()]
    result = apply_retention(fresh_db, config, clock.now(), dry_run=True)
    assert result.redacted == 4 and result.dry_run
    assert [r.payload_json for r in fresh_db.records()] == before


def test_a_redacted_day_exports_and_verifies(day, fresh_db, config, clock, exporter, central,
                                             stick, trusted):
    """Re-exporting after retention marks the lines redacted; verification still passes."""
    exporter.export_day(stick, day=DAY, central_key=central[2])
    month_later(clock)
    apply_retention(fresh_db, config, clock.now())
    again = exporter.export_day(stick, day=DAY, central_key=central[2])
    bundle = read_bundle(again.path, central_key=central[0], kiosk_keys=trusted)
    redacted = [r for r in bundle.records if r.redacted]
    assert len(redacted) == 4 == bundle.manifest["records"]["redacted"]
    assert all(NIK not in r.payload_json for r in bundle.records)


def test_the_screen_api_names_the_officer(day, fresh_db, config, clock, exporter, central, stick,
                                          officer):
    """Retention(store, config, clock): summary, then a run audited under the officer."""
    from kiosk.officer.retention import Retention

    exporter.export_day(stick, day=DAY, central_key=central[2])
    month_later(clock)
    retention = Retention(fresh_db, config, clock)
    assert retention.summary().due == 4
    assert retention.run(officer=officer).redacted == 4
    audit = fresh_db.records(kind="officer_action")[-1].payload
    assert (audit["action"], audit["officer_id"]) == ("retention", officer.id)
    assert retention.summary().records == 0
