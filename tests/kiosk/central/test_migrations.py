"""Alembic migrations: they build exactly the declared schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.central.database import Database, DatabaseError
from kiosk.central.schema import include_object_for, metadata


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
