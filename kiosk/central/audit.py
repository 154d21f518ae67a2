"""The audit log: who did what, when, to which record or account; never personal data.

Every change a person makes at the office lands here in the same transaction as the
change: complaint status and answers, sign-ins and lock-outs, staff accounts, kiosk
enrollment and revocation, stick imports, CSV exports, and each opening of a
confidential complaint's identity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from kiosk.central.schema import audit
from kiosk.central.shared import canonical_json, utc_now_iso

# Every action written here; the staff pages show each one translated (central.po).
ACTIONS = ("kiosk.enroll", "kiosk.new_code", "kiosk.reenroll", "kiosk.revoke", "kiosk.token",
           "staff.add", "staff.disable", "signin", "signin.failed", "signin.lockout",
           "signin.locked", "signout", "complaint.answer", "complaint.status",
           "complaint.identity_viewed", "bundle.import", "export.applications", "retention")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at_utc: str
    actor: str
    action: str
    target: str
    detail: str


def write_audit(conn: Connection, *, actor: str, action: str, now: dt.datetime,
                target: str = "", **detail: Any) -> None:
    """One entry; `detail` values are codes, counts and ids (canonical JSON), never names."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(insert(audit).values(at_utc=utc_now_iso(now), actor=actor[:80],
                                      action=action, target=target[:80],
                                      detail=canonical_json(detail)))


def audit_page(conn: Connection, *, target: str | None = None, limit: int = 100,
               before_id: int | None = None) -> list[AuditEntry]:
    """Newest first; `before_id` pages back."""
    q = select(audit).order_by(audit.c.id.desc()).limit(limit)
    if target:
        q = q.where(audit.c.target == target)
    if before_id:
        q = q.where(audit.c.id < before_id)
    return [AuditEntry(r.id, r.at_utc, r.actor, r.action, r.target, r.detail)
            for r in conn.execute(q)]


def audit_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(audit)).scalar_one()
