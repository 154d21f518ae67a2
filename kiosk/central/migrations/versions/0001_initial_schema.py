"""The initial schema: kiosks, bundles, records, quarantine, the desk's tables, staff, audit.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at_utc", sa.String(length=27), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("target", sa.String(length=80), server_default="", nullable=False),
        sa.Column("detail", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_at_utc"), ["at_utc"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_target"), ["target"], unique=False)

    op.create_table(
        "complaint_feed",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("complaint_uuid", sa.String(length=36), nullable=False),
        sa.Column("tracking_number", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("received_utc", sa.String(length=27), nullable=False),
        sa.Column("due_date", sa.String(length=10), nullable=False),
        sa.Column("answered_utc", sa.String(length=27), nullable=True),
        sa.Column("closed_utc", sa.String(length=27), nullable=True),
        sa.Column("changed_utc", sa.String(length=27), nullable=False),
        sa.Column("contact_check", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_complaint_feed")),
    )
    with op.batch_alter_table("complaint_feed", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_feed_kiosk_id_position"),
            ["kiosk_id", "position"],
            unique=False,
        )

    op.create_table(
        "feed_counter",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_counter")),
    )
    op.create_table(
        "kiosks",
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.String(length=44), nullable=False),
        sa.Column("event_code", sa.String(length=64), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("enrolled_utc", sa.String(length=27), nullable=False),
        sa.Column("revoked_utc", sa.String(length=27), nullable=True),
        sa.Column("enroll_code_sha256", sa.String(length=64), nullable=True),
        sa.Column("enroll_code_expires_utc", sa.String(length=27), nullable=True),
        sa.Column("token_sha256", sa.String(length=64), nullable=True),
        sa.Column("token_issued_utc", sa.String(length=27), nullable=True),
        sa.Column("last_contact_utc", sa.String(length=27), nullable=True),
        sa.Column("last_channel", sa.String(length=8), nullable=True),
        sa.Column("high_water_mark", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("kiosk_id", name=op.f("pk_kiosks")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_kiosks_token_sha256")),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_utc", sa.String(length=27), nullable=False),
        sa.Column("disabled_utc", sa.String(length=27), nullable=True),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until_utc", sa.String(length=27), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_username")),
    )
    op.create_table(
        "bundles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("received_utc", sa.String(length=27), nullable=False),
        sa.Column("created_utc", sa.String(length=27), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=True),
        sa.Column("export_number", sa.Integer(), nullable=True),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("previous_manifest_sha256", sa.String(length=64), nullable=True),
        sa.Column("seq_first", sa.BigInteger(), nullable=False),
        sa.Column("seq_last", sa.BigInteger(), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("duplicate", sa.Integer(), nullable=False),
        sa.Column("conflict", sa.Integer(), nullable=False),
        sa.Column("archive_name", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["kiosk_id"], ["kiosks.kiosk_id"], name=op.f("fk_bundles_kiosk_id_kiosks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bundles")),
        sa.UniqueConstraint("file_sha256", name=op.f("uq_bundles_file_sha256")),
    )
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bundles_kiosk_id_received_utc"),
            ["kiosk_id", "received_utc"],
            unique=False,
        )

    op.create_table(
        "sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_utc", sa.String(length=27), nullable=False),
        sa.Column("expires_utc", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_sessions_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_sessions")),
    )
    op.create_table(
        "records",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("created_utc", sa.String(length=27), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("supersedes", sa.String(length=36), nullable=True),
        sa.Column("redacted_utc", sa.String(length=27), nullable=True),
        sa.Column("bundle", sa.Integer(), nullable=False),
        sa.Column("received_utc", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(["bundle"], ["bundles.id"], name=op.f("fk_records_bundle_bundles")),
        sa.ForeignKeyConstraint(
            ["kiosk_id"], ["kiosks.kiosk_id"], name=op.f("fk_records_kiosk_id_kiosks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
        sa.UniqueConstraint("kiosk_id", "seq", name=op.f("uq_records_kiosk_id_seq")),
        sa.UniqueConstraint("uuid", name=op.f("uq_records_uuid")),
    )
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_records_kind_created_utc"), ["kind", "created_utc"], unique=False
        )

    op.create_table(
        "applications",
        sa.Column("record", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("event_code", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("created_utc", sa.String(length=27), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("name_search", sa.String(length=200), nullable=False),
        sa.Column("nik_last4", sa.String(length=4), nullable=False),
        sa.Column("ticket_code", sa.String(length=16), nullable=True),
        sa.Column("ticket_status", sa.String(length=12), nullable=False),
        sa.Column("pickup_date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("record", name=op.f("pk_applications")),
        sa.UniqueConstraint("uuid", name=op.f("uq_applications_uuid")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_created_utc"), ["created_utc"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_applications_nik_last4"), ["nik_last4"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_applications_pickup_date_ticket_status"),
            ["pickup_date", "ticket_status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_applications_ticket_code"), ["ticket_code"], unique=False
        )

    op.create_table(
        "complaints",
        sa.Column("record", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("tracking_number", sa.String(length=32), nullable=False),
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("event_code", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("created_utc", sa.String(length=27), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("identity", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("due_date", sa.String(length=10), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_utc", sa.String(length=27), nullable=True),
        sa.Column("closed_utc", sa.String(length=27), nullable=True),
        sa.Column("updated_utc", sa.String(length=27), nullable=False),
        sa.Column("contact_check", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("record", name=op.f("pk_complaints")),
        sa.UniqueConstraint("tracking_number", name=op.f("uq_complaints_tracking_number")),
        sa.UniqueConstraint("uuid", name=op.f("uq_complaints_uuid")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaints_created_utc"), ["created_utc"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_complaints_status_due_date_record"),
            ["status", "due_date", "record"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_complaints_due_date_record"), ["due_date", "record"], unique=False
        )

    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reason", sa.String(length=8), nullable=False),
        sa.Column("existing_record", sa.BigInteger(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("created_utc", sa.String(length=27), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("supersedes", sa.String(length=36), nullable=True),
        sa.Column("redacted", sa.Boolean(), nullable=False),
        sa.Column("bundle", sa.Integer(), nullable=False),
        sa.Column("received_utc", sa.String(length=27), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle"], ["bundles.id"], name=op.f("fk_quarantine_bundle_bundles")
        ),
        sa.ForeignKeyConstraint(
            ["existing_record"], ["records.id"], name=op.f("fk_quarantine_existing_record_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
        sa.UniqueConstraint(
            "uuid",
            "payload_sha256",
            "kiosk_id",
            "seq",
            name=op.f("uq_quarantine_uuid_payload_sha256_kiosk_id_seq"),
        ),
    )
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quarantine_kiosk_id_seq"), ["kiosk_id", "seq"], unique=False
        )

    op.create_table(
        "queue_events",
        sa.Column("record", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kiosk_id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("ticket_record", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("record", name=op.f("pk_queue_events")),
    )
    with op.batch_alter_table("queue_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_queue_events_ticket_record_seq"), ["ticket_record", "seq"], unique=False
        )

    # Name search ("%budi san%") over a million applications: a trigram index on PostgreSQL
    # (pg_trgm is a trusted extension since PostgreSQL 13: the database owner may create it).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_applications_name_trgm ON applications"
            " USING gin (name_search gin_trgm_ops)"
        )
    counter = sa.table(
        "feed_counter", sa.column("id", sa.Integer), sa.column("position", sa.BigInteger)
    )
    op.bulk_insert(counter, [{"id": 1, "position": 0}])


def downgrade() -> None:
    with op.batch_alter_table("queue_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_queue_events_ticket_record_seq"))

    op.drop_table("queue_events")
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarantine_kiosk_id_seq"))

    op.drop_table("quarantine")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_status_due_date_record"))
        batch_op.drop_index(batch_op.f("ix_complaints_created_utc"))
        batch_op.drop_index(batch_op.f("ix_complaints_due_date_record"))

    op.drop_table("complaints")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_ticket_code"))
        batch_op.drop_index(batch_op.f("ix_applications_pickup_date_ticket_status"))
        batch_op.drop_index(batch_op.f("ix_applications_nik_last4"))
        batch_op.drop_index(batch_op.f("ix_applications_created_utc"))

    op.drop_table("applications")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_kind_created_utc"))

    op.drop_table("records")
    op.drop_table("sessions")
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bundles_kiosk_id_received_utc"))

    op.drop_table("bundles")
    op.drop_table("staff")
    op.drop_table("kiosks")
    op.drop_table("feed_counter")
    with op.batch_alter_table("complaint_feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_feed_kiosk_id_position"))

    op.drop_table("complaint_feed")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_target"))
        batch_op.drop_index(batch_op.f("ix_audit_at_utc"))

    op.drop_table("audit")
