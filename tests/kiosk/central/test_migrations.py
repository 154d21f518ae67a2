"""Alembic migrations: they build exactly the declared schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, inspect, select

from kiosk.central.database import Database, DatabaseError
from kiosk.central.schema import bundles, include_object_for, metadata, quarantine, records
from tests.helpers.central import DAY1, enroll, ingest_file


def test_the_migrated_database_matches_the_schema(office):
    """No difference between `db upgrade` and kiosk/central/schema.py (autogenerate is empty)."""
    with office.db.read() as conn:
        context = MigrationContext.configure(conn, opts={
            "include_object": include_object_for(conn.dialect.name)})
        diff = compare_metadata(context, metadata)
    assert diff == []
    current, head = office.db.revisions()
    assert current == head


def test_the_name_search_index_exists_on_postgresql(office):
    """PostgreSQL gets a trigram index for '%name%' searches; SQLite does without."""
    with office.db.read() as conn:
        names = {i["name"] for i in inspect(conn).get_indexes("applications")}
    assert ("ix_applications_name_trgm" in names) == office.db.is_postgresql


def test_an_empty_or_old_database_is_named_with_what_to_run(tmp_path):
    """Serving an empty database says to run init or db upgrade, never a traceback."""
    db = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    try:
        db.require_current()
    except DatabaseError as exc:
        assert "kiosk-central init" in str(exc)
    else:
        raise AssertionError("an empty database passed")
    finally:
        db.dispose()
    assert (tmp_path / "empty.sqlite3").stat().st_mode & 0o077 == 0


def _migrate(db: Database, how, revision: str) -> None:
    with db.migrating() as conn:
        how(db._alembic(conn), revision)


def test_records_of_an_office_before_the_one_foreign_key_are_kept(office, sites, tmp_path):
    """An office at revision 0002 (records with two foreign keys) holding a day: `db
    upgrade` keeps every record and bundle and gives exactly the declared schema."""
    _migrate(office.db, command.downgrade, "0002")
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    ingest_file(office, site.export(DAY1, tmp_path / "stick"))
    with office.db.write() as conn:        # a conflict kept: a row referring to a record
        rec = conn.execute(select(records).limit(1)).one()
        conn.execute(insert(quarantine).values(
            reason="uuid", existing_record=rec.id, uuid=rec.uuid, kiosk_id=rec.kiosk_id,
            seq=rec.seq, kind=rec.kind, created_utc=rec.created_utc, payload="{}",
            payload_sha256="b" * 64, supersedes=None, redacted=False, bundle=rec.bundle,
            received_utc=rec.received_utc))

    def held():
        with office.db.read() as conn:
            return [sorted(map(tuple, conn.execute(select(t)).all()))
                    for t in (records, bundles, quarantine)]

    before = held()
    assert len(before[0]) > 20 and len(before[2]) == 1
    assert office.db.upgrade()[0] == "0002"
    assert held() == before
    test_the_migrated_database_matches_the_schema(office)
