"""The store's schema, as an ordered list of migrations: version N is MIGRATIONS[:N] applied.

`PRAGMA user_version` holds how many have run (kiosk/records/store.py applies the rest,
each in its own transaction). Append new migrations at the end; never edit one that has
shipped.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []


def migration(fn: Callable[[sqlite_utils.Database], None]):
    MIGRATIONS.append(fn)
    return fn


@migration
def _m1_initial(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["records"].create(
        {"seq": int, "uuid": str, "kiosk_id": str, "kind": str, "created_utc": str,
         "payload": str, "sha256": str, "supersedes": str},
        pk="seq", not_null={"uuid", "kiosk_id", "kind", "created_utc", "payload", "sha256"},
    )
    db["records"].create_index(["uuid"], unique=True)
    db["records"].create_index(["kind", "created_utc"])
    db["tickets"].create(
        {"id": int, "day": str, "code": str, "letter": str, "number": int, "service": str,
         "priority": str, "record_uuid": str, "issued_utc": str, "status": str,
         "counter": str, "called_utc": str, "done_utc": str, "language": str},
        pk="id", not_null={"day", "code", "letter", "number", "service", "record_uuid",
                           "issued_utc", "status"},
        defaults={"status": "waiting", "priority": ""},
    )
    db["tickets"].create_index(["day", "code"], unique=True)
    db["tickets"].create_index(["day", "letter", "number"], unique=True)
    db["tickets"].create_index(["day", "status", "service"])
    db["outbox"].create({"seq": int, "queued_utc": str}, pk="seq",
                        foreign_keys=[("seq", "records", "seq")])


@migration
def _m2_officer_side(db: sqlite_utils.Database) -> None:
    """Officers (PIN hashes), export bookkeeping, redaction mark, display order of calls."""
    db["officers"].create(
        {"id": int, "name": str, "pin_hash": str, "created_utc": str, "removed_utc": str},
        pk="id", not_null={"name", "pin_hash", "created_utc"},
    )
    db["officers"].create_index(["name"], unique=True)
    db["exports"].create(
        {"number": int, "bundle_id": str, "file_name": str, "day": str, "created_utc": str,
         "seq_first": int, "seq_last": int, "record_count": int, "manifest_sha256": str,
         "previous_manifest_sha256": str, "target": str},
        pk="number", not_null={"bundle_id", "file_name", "created_utc", "manifest_sha256",
                               "previous_manifest_sha256"},
    )
    # The first confirmed export of each record: what retention may redact.
    db["exported_records"].create({"seq": int, "export_number": int}, pk="seq",
                                  foreign_keys=[("seq", "records", "seq"),
                                                ("export_number", "exports", "number")])
    db["records"].add_column("redacted_utc", str)
    db["records"].create_index(["created_utc"])
    db["tickets"].add_column("announced_utc", str)


@migration
def _m3_sync(db: sqlite_utils.Database) -> None:
    """Network sync (kiosk/sync): a record the office answered `conflict` stays in the outbox,
    parked with the office's reason (so retention never takes it for delivered); the
    complaint answers the office sends back, one row per tracking number."""
    db["outbox"].add_column("parked_utc", str)
    db["outbox"].add_column("parked_reason", str)
    db["complaint_answers"].create(
        {"tracking_number": str, "complaint_uuid": str, "status": str, "received_utc": str,
         "due_date": str, "answered_utc": str, "closed_utc": str, "changed_utc": str,
         "contact_check": str, "identity": str, "position": int},
        pk="tracking_number", not_null={"complaint_uuid", "status", "position"},
    )
    db["complaint_answers"].create_index(["complaint_uuid"])
