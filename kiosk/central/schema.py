"""The central database's tables (SQLAlchemy Core), one declaration for both engines.

Alembic migrations (migrations/versions) create exactly these; a test compares the
migrated database with this metadata on SQLite and on PostgreSQL.

- ``records``: every record as the kiosk wrote it, unique on ``uuid`` and on
  (``kiosk_id``, ``seq``); never updated except by retention (``redacted_utc``). One
  reference, (``bundle``, ``kiosk_id``) to the bundle of the same kiosk that brought it:
  a foreign key on SQLite, triggers checking whole statements on PostgreSQL.
- ``quarantine``: the other version of a conflicting record, never merged.
- ``applications``, ``complaints``, ``queue_events``: what the staff pages search,
  derived from records (keyed by ``records.id``; no foreign key: derive.py writes them
  from records it read, and a per-row check costs PostgreSQL a third of an ingest).
  Complaints are derived in the ingest's transaction; applications and queue events just
  after it commits, by a catch-up driven from ``bundles.derived_utc`` (derive.py).
- ``complaint_feed`` + ``feed_counter``: status changes for the kiosks, numbered in
  commit order (docs/sync-protocol.md, section 9).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Stable constraint names, so migrations can name what they change on both engines.
metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

UTC = String(27)          # 2019-10-23T01:30:00.000000Z
DAY = String(10)          # 2019-10-23
UUID = String(36)
SHA256 = String(64)
KIOSK = String(16)

kiosks = Table(
    "kiosks", metadata,
    Column("kiosk_id", KIOSK, primary_key=True),
    Column("public_key", String(44), nullable=False),
    Column("event_code", String(64)),
    Column("number", Integer),
    Column("status", String(12), nullable=False),           # pending, active, revoked
    Column("enrolled_utc", UTC, nullable=False),
    Column("revoked_utc", UTC),
    Column("enroll_code_sha256", SHA256),
    Column("enroll_code_expires_utc", UTC),
    Column("token_sha256", SHA256, unique=True),
    Column("token_issued_utc", UTC),
    Column("last_contact_utc", UTC),
    Column("last_channel", String(8)),
    Column("high_water_mark", BigInteger, nullable=False, server_default="0"),
)

bundles = Table(
    "bundles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("bundle_id", UUID, nullable=False),
    Column("kiosk_id", KIOSK, ForeignKey("kiosks.kiosk_id"), nullable=False),
    Column("format", String(32), nullable=False),
    Column("channel", String(8), nullable=False),             # stick, network
    Column("file_sha256", SHA256, nullable=False, unique=True),
    Column("size_bytes", BigInteger, nullable=False),
    Column("received_utc", UTC, nullable=False),
    Column("created_utc", UTC, nullable=False),
    Column("day", DAY),
    Column("export_number", Integer),
    Column("manifest_sha256", SHA256, nullable=False),
    Column("previous_manifest_sha256", SHA256),
    Column("seq_first", BigInteger, nullable=False),
    Column("seq_last", BigInteger, nullable=False),
    Column("record_count", Integer, nullable=False),
    Column("accepted", Integer, nullable=False),
    Column("duplicate", Integer, nullable=False),
    Column("conflict", Integer, nullable=False),
    Column("archive_name", String(200)),
    # For the desk's catch-up (kiosk/central/derive.py): the manifest's event, and when this
    # bundle's applications and queue events were derived (NULL: not yet; the durable mark).
    Column("event_code", String(64)),
    Column("event_timezone", String(64)),
    Column("derived_utc", UTC),
    Index(None, "kiosk_id", "received_utc"),
    Index(None, "derived_utc"),
    UniqueConstraint("id", "kiosk_id"),        # what records' one foreign key refers to
)

records = Table(
    "records", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("uuid", UUID, nullable=False, unique=True),
    Column("kiosk_id", KIOSK, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("created_utc", UTC, nullable=False),
    Column("payload", Text, nullable=False),
    Column("payload_sha256", SHA256, nullable=False),
    Column("supersedes", UUID),
    Column("redacted_utc", UTC),            # personal fields removed (by the kiosk or here)
    Column("bundle", Integer, nullable=False),
    Column("received_utc", UTC, nullable=False),
    UniqueConstraint("kiosk_id", "seq"),
    # One reference for both: the bundle that brought the record, of the record's own
    # kiosk (bundles.kiosk_id refers to kiosks). SQLite checks this key row by row (its
    # cost is lost in the noise: 50,000 rows took 0.52 s with the check and 0.53 s without,
    # median of 5); PostgreSQL's per-row check was a tenth of an ingest, so there triggers
    # hold the same rule, once per statement (migration 0003).
    ForeignKeyConstraint(["bundle", "kiosk_id"], ["bundles.id", "bundles.kiosk_id"],
                         name="fk_records_bundle_bundles").ddl_if(dialect="sqlite"),
    Index(None, "kind", "created_utc"),
)

quarantine = Table(
    "quarantine", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("reason", String(8), nullable=False),          # uuid (other hash), seq (other uuid)
    Column("existing_record", BigInteger, ForeignKey("records.id"), nullable=False),
    Column("uuid", UUID, nullable=False),
    Column("kiosk_id", KIOSK, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("created_utc", UTC, nullable=False),
    Column("payload", Text, nullable=False),
    Column("payload_sha256", SHA256, nullable=False),
    Column("supersedes", UUID),
    Column("redacted", Boolean, nullable=False),
    Column("bundle", Integer, ForeignKey("bundles.id"), nullable=False),
    Column("received_utc", UTC, nullable=False),
    UniqueConstraint("uuid", "payload_sha256", "kiosk_id", "seq"),
    Index(None, "kiosk_id", "seq"),
)

applications = Table(
    "applications", metadata,
    Column("record", BigInteger, primary_key=True, autoincrement=False),   # records.id
    Column("uuid", UUID, nullable=False, unique=True),
    Column("kiosk_id", KIOSK, nullable=False),
    Column("event_code", String(64), nullable=False),
    Column("day", DAY, nullable=False),                   # the visit, local time of the event
    Column("created_utc", UTC, nullable=False),
    Column("service", String(16), nullable=False),
    Column("name_search", String(200), nullable=False),   # upper case; '' once redacted
    Column("nik_last4", String(4), nullable=False),       # '' once redacted
    Column("ticket_code", String(16)),
    Column("ticket_status", String(12), nullable=False),  # waiting, called, served, no_show
    Column("pickup_date", DAY, nullable=False),
    Index(None, "ticket_code"),
    Index(None, "nik_last4"),
    Index(None, "pickup_date", "ticket_status"),
    Index(None, "created_utc"),
)

queue_events = Table(
    "queue_events", metadata,
    Column("record", BigInteger, primary_key=True, autoincrement=False),   # records.id
    Column("kiosk_id", KIOSK, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("ticket_record", UUID, nullable=False),
    Column("code", String(16), nullable=False),
    Column("event", String(16), nullable=False),
    Index(None, "ticket_record", "seq"),
)

# '%name%' search over a million applications: trigrams, on PostgreSQL only (pg_trgm).
POSTGRESQL_ONLY = {"ix_applications_name_trgm"}
Index("ix_applications_name_trgm", applications.c.name_search, postgresql_using="gin",
      postgresql_ops={"name_search": "gin_trgm_ops"}).ddl_if(dialect="postgresql")
# Held by triggers on PostgreSQL (migration 0003).
SQLITE_ONLY = {"fk_records_bundle_bundles"}


def include_object_for(dialect: str):
    """Alembic's include_object: leave each engine's own objects out on the other."""
    def include(obj, name, type_, reflected, compare_to) -> bool:
        return name not in (SQLITE_ONLY if dialect == "postgresql" else POSTGRESQL_ONLY)
    return include

complaints = Table(
    "complaints", metadata,
    Column("record", BigInteger, primary_key=True, autoincrement=False),   # records.id
    Column("uuid", UUID, nullable=False, unique=True),
    Column("tracking_number", String(32), nullable=False, unique=True),
    Column("kiosk_id", KIOSK, nullable=False),
    Column("event_code", String(64), nullable=False),
    Column("day", DAY, nullable=False),
    Column("created_utc", UTC, nullable=False),
    Column("category", String(32), nullable=False),
    Column("identity", String(16), nullable=False),       # identified, confidential, anonymous
    Column("unit", String(120), nullable=False),
    Column("status", String(12), nullable=False),         # received, in_progress, answered, closed
    Column("due_date", DAY, nullable=False),
    Column("answer", Text),
    Column("answered_utc", UTC),
    Column("closed_utc", UTC),
    Column("updated_utc", UTC, nullable=False),
    Column("contact_check", SHA256),       # SHA-256 of "TRACKING:last 4 phone digits"
    Index(None, "status", "due_date", "record"),
    Index(None, "due_date", "record"),
    Index(None, "created_utc"),
)

feed_counter = Table(
    "feed_counter", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("position", BigInteger, nullable=False),
)

complaint_feed = Table(
    "complaint_feed", metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("kiosk_id", KIOSK, nullable=False),
    Column("complaint_uuid", UUID, nullable=False),
    Column("tracking_number", String(32), nullable=False),
    Column("status", String(12), nullable=False),
    Column("received_utc", UTC, nullable=False),
    Column("due_date", DAY, nullable=False),
    Column("answered_utc", UTC),
    Column("closed_utc", UTC),
    Column("changed_utc", UTC, nullable=False),
    Column("contact_check", SHA256),
    Index(None, "kiosk_id", "position"),
)

staff = Table(
    "staff", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("role", String(24), nullable=False),     # administrator, complaints_officer, counter
    Column("password_hash", String(200), nullable=False),
    Column("created_utc", UTC, nullable=False),
    Column("disabled_utc", UTC),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until_utc", UTC),
)

sessions = Table(
    "sessions", metadata,
    Column("token_sha256", SHA256, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_utc", UTC, nullable=False),
    Column("expires_utc", UTC, nullable=False),
)

audit = Table(
    "audit", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("at_utc", UTC, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(48), nullable=False),
    Column("target", String(80), nullable=False, server_default=""),
    Column("detail", Text, nullable=False, server_default="{}"),   # canonical JSON, no names
    Index(None, "at_utc"),
    Index(None, "target"),
)
