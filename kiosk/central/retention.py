"""Retention at the office, configured as on the kiosk (central.toml [retention]).

Records older than ``personal_data_days`` lose their personal fields (the kiosk's list,
kiosk.forms.PERSONAL_FIELDS), as the kiosk removes them (docs/data-retention.md): the
payload keeps everything else plus ``redacted_fields``, the hash stays the original's so
a copy arriving later still counts as a duplicate. A complaint keeps its contact until it
is closed. Archived bundles older than ``archive_days`` are deleted. One audit entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, bindparam, or_, select, update

from kiosk.central.audit import write_audit
from kiosk.central.database import Database
from kiosk.central.derive import parse_payload
from kiosk.central.schema import applications, bundles, complaints, records
from kiosk.central.settings import Settings
from kiosk.central.shared import PERSONAL_FIELDS, canonical_json, utc_now_iso


@dataclass(frozen=True)
class RetentionResult:
    records: int            # records whose personal fields were (or would be) removed
    archives: int           # archived bundle files deleted (or due)
    dry_run: bool


def _due_records(conn: Connection, cutoff: str) -> list[tuple[int, str, str]]:
    closed_or_not_complaint = or_(records.c.kind != "complaint", complaints.c.status == "closed")
    rows = conn.execute(select(records.c.id, records.c.kind, records.c.payload)
                        .outerjoin(complaints, complaints.c.record == records.c.id)
                        .where(records.c.redacted_utc.is_(None),
                               records.c.created_utc < cutoff,
                               records.c.kind.in_(("application", "complaint")),
                               closed_or_not_complaint))
    return [(r.id, r.kind, r.payload) for r in rows
            if any(parse_payload(r.payload).get(f) not in (None, "") for f in PERSONAL_FIELDS)]


def apply_retention(db: Database, settings: Settings, archive: Path, *, now: dt.datetime,
                    actor: str, dry_run: bool = False) -> RetentionResult:
    cutoff = utc_now_iso(now - dt.timedelta(days=settings.personal_data_days))
    archive_cutoff = utc_now_iso(now - dt.timedelta(days=settings.archive_days))
    with db.write() as conn:
        due = _due_records(conn, cutoff)
        old = conn.execute(select(bundles.c.id, bundles.c.archive_name).where(
            bundles.c.received_utc < archive_cutoff, bundles.c.archive_name.is_not(None))).all()
        if dry_run:
            return RetentionResult(len(due), len(old), True)
        stamp = utc_now_iso(now)
        for rid, _kind, text in due:
            payload = parse_payload(text)
            kept = {k: v for k, v in payload.items() if k not in PERSONAL_FIELDS}
            kept["redacted_fields"] = sorted(k for k in payload if k in PERSONAL_FIELDS)
            conn.execute(update(records).where(records.c.id == rid).values(
                payload=canonical_json(kept), redacted_utc=stamp))
        apps = [{"r": rid} for rid, kind, _ in due if kind == "application"]
        if apps:
            conn.execute(update(applications).where(applications.c.record == bindparam("r"))
                         .values(name_search="", nik_last4=""), apps)
        for bid, name in old:
            (archive / name).unlink(missing_ok=True)
            conn.execute(update(bundles).where(bundles.c.id == bid).values(archive_name=None))
        if due or old:
            write_audit(conn, actor=actor, action="retention", now=now, records=len(due),
                        archives=len(old), personal_data_days=settings.personal_data_days)
    if db.dialect == "sqlite" and due:
        with db.engine.connect() as conn:      # no removed text left in the WAL
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return RetentionResult(len(due), len(old), False)
