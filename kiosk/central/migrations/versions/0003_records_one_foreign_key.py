"""records: one foreign key, (bundle, kiosk_id) to bundles (id, kiosk_id), for the two.

A record refers to the bundle that brought it and to its kiosk. The two keys become one:
the bundle of the record's own kiosk (bundles.kiosk_id refers to kiosks, so the kiosk is
still checked, and a record can no longer name another kiosk's bundle). PostgreSQL checks
each foreign key of each row an ingest inserts; one check instead of two is about a tenth
of an ingest (bench/central.py). bundles gets the unique (id, kiosk_id) the key refers to.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_bundles_id_kiosk_id"),
                                          ["id", "kiosk_id"])
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_records_bundle_bundles"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_records_kiosk_id_kiosks"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_records_bundle_bundles"), "bundles",
                                    ["bundle", "kiosk_id"], ["id", "kiosk_id"])


def downgrade() -> None:
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_records_bundle_bundles"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_records_kiosk_id_kiosks"), "kiosks",
                                    ["kiosk_id"], ["kiosk_id"])
        batch_op.create_foreign_key(batch_op.f("fk_records_bundle_bundles"), "bundles",
                                    ["bundle"], ["id"])
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_bundles_id_kiosk_id"), type_="unique")
