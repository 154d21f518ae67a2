"""The desk's catch-up mark: bundles.event_code, event_timezone and derived_utc.

Applications and queue events are derived after the ingest commits (kiosk/central/derive.py);
a bundle whose rows are not yet derived has derived_utc NULL. Bundles received before this
revision were derived in their ingest's transaction: they are marked derived when received.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_code", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("event_timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("derived_utc", sa.String(length=27), nullable=True))
        batch_op.create_index(batch_op.f("ix_bundles_derived_utc"), ["derived_utc"],
                              unique=False)
    op.execute("UPDATE bundles SET derived_utc = received_utc")


def downgrade() -> None:
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bundles_derived_utc"))
        batch_op.drop_column("derived_utc")
        batch_op.drop_column("event_timezone")
        batch_op.drop_column("event_code")
