"""records: one reference, (bundle, kiosk_id) to bundles (id, kiosk_id), for two foreign keys.

A record refers to the bundle that brought it and to its kiosk. The two keys become one
rule: the bundle of the record's own kiosk (bundles.kiosk_id refers to kiosks, so the
kiosk is still checked, and a record can no longer name another kiosk's bundle). bundles
gets the unique (id, kiosk_id) the rule refers to.

On SQLite the rule is a foreign key. On PostgreSQL, which checks a foreign key row by row
(a tenth of an ingest: bench/central.py), triggers hold it once per statement
(RECORDS_BUNDLE_TRIGGERS below).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The rule of records' foreign key on PostgreSQL, raising what a foreign
# key raises (SQLSTATE 23503, an IntegrityError): every row a statement inserts into
# records names a bundle of its own kiosk, checked once over all of them (a COPY of a
# day's 5,000 records: one join); a record's bundle and kiosk never change; a bundle that
# records name is never deleted nor given another id or kiosk.
RECORDS_BUNDLE_TRIGGERS = (
    """CREATE FUNCTION records_name_their_kiosks_bundle() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM added WHERE NOT EXISTS (SELECT 1 FROM bundles
                   WHERE bundles.id = added.bundle AND bundles.kiosk_id = added.kiosk_id))
        THEN
            RAISE EXCEPTION 'a record names a bundle that is not its kiosk''s'
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER records_bundle_of_its_kiosk AFTER INSERT ON records
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT
    EXECUTE FUNCTION records_name_their_kiosks_bundle()""",
    """CREATE FUNCTION refuse_changing_a_records_bundle() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_TABLE_NAME = 'records' OR EXISTS (SELECT 1 FROM records
                                                 WHERE records.bundle = OLD.id) THEN
            RAISE EXCEPTION 'the bundle a record names does not change'
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END $$""",
    """CREATE TRIGGER records_bundle_unchanged BEFORE UPDATE OF bundle, kiosk_id ON records
    FOR EACH ROW WHEN (OLD.bundle IS DISTINCT FROM NEW.bundle
                       OR OLD.kiosk_id IS DISTINCT FROM NEW.kiosk_id)
    EXECUTE FUNCTION refuse_changing_a_records_bundle()""",
    """CREATE TRIGGER bundles_named_by_records_kept BEFORE DELETE ON bundles
    FOR EACH ROW EXECUTE FUNCTION refuse_changing_a_records_bundle()""",
    """CREATE TRIGGER bundles_named_by_records_unchanged BEFORE UPDATE OF id, kiosk_id
    ON bundles FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id
                                  OR OLD.kiosk_id IS DISTINCT FROM NEW.kiosk_id)
    EXECUTE FUNCTION refuse_changing_a_records_bundle()""",
)
RECORDS_BUNDLE_TRIGGERS_DROP = (
    "DROP TRIGGER bundles_named_by_records_unchanged ON bundles",
    "DROP TRIGGER bundles_named_by_records_kept ON bundles",
    "DROP TRIGGER records_bundle_unchanged ON records",
    "DROP TRIGGER records_bundle_of_its_kiosk ON records",
    "DROP FUNCTION refuse_changing_a_records_bundle()",
    "DROP FUNCTION records_name_their_kiosks_bundle()",
)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f("uq_bundles_id_kiosk_id"),
                                          ["id", "kiosk_id"])
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_records_bundle_bundles"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_records_kiosk_id_kiosks"), type_="foreignkey")
        if not postgresql:
            batch_op.create_foreign_key(batch_op.f("fk_records_bundle_bundles"), "bundles",
                                        ["bundle", "kiosk_id"], ["id", "kiosk_id"])
    if postgresql:
        for statement in RECORDS_BUNDLE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        for statement in RECORDS_BUNDLE_TRIGGERS_DROP:
            op.execute(statement)
    with op.batch_alter_table("records", schema=None) as batch_op:
        if not postgresql:
            batch_op.drop_constraint(batch_op.f("fk_records_bundle_bundles"),
                                     type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_records_kiosk_id_kiosks"), "kiosks",
                                    ["kiosk_id"], ["kiosk_id"])
        batch_op.create_foreign_key(batch_op.f("fk_records_bundle_bundles"), "bundles",
                                    ["bundle"], ["id"])
    with op.batch_alter_table("bundles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_bundles_id_kiosk_id"), type_="unique")
