"""The complaints desk: received -> in progress -> answered -> closed, every change audited.

The answer is due a number of working days after the complaint was made (central.toml
office.complaint_answer_working_days; SP4N-LAPOR! follows up within 5 working days);
past that, an open complaint is overdue. A confidential complaint's identity is shown
only to complaints officers, and each time it is shown the audit log says who saw it.
Every status change goes to the kiosks' feed (kiosk.central.feed) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update

from kiosk.central.audit import AuditEntry, audit_page, write_audit
from kiosk.central.derive import parse_payload
from kiosk.central.feed import publish
from kiosk.central.schema import complaints, records
from kiosk.central.shared import utc_now_iso
from kiosk.central.staff import StaffMember

STATUSES = ("received", "in_progress", "answered", "closed")
OPEN = ("received", "in_progress")
NEXT = {"received": ("in_progress", "answered"), "in_progress": ("answered",),
        "answered": ("closed", "in_progress"), "closed": ()}
ANSWER_MAX = 4000
PAGE = 50


class ComplaintError(ValueError):
    """A change the desk cannot make: `key` is the message (English, translated on the page)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(key.format(**params) if params else key)


@dataclass(frozen=True)
class Complaint:
    tracking_number: str
    uuid: str
    kiosk_id: str
    event_code: str
    day: str
    created_utc: str
    category: str
    identity: str
    unit: str
    status: str
    due_date: str
    answered_utc: str | None
    closed_utc: str | None
    overdue: bool


@dataclass(frozen=True)
class ComplaintDetail:
    complaint: Complaint
    answer: str | None
    what_happened: str | None
    place: str | None
    event_date: str | None
    identity_hidden: bool
    full_name: str | None
    phone: str | None
    email: str | None
    redacted: bool
    history: list[AuditEntry]


def _complaint(r, today: dt.date) -> Complaint:
    return Complaint(r.tracking_number, r.uuid, r.kiosk_id, r.event_code, r.day, r.created_utc,
                     r.category, r.identity, r.unit, r.status, r.due_date, r.answered_utc,
                     r.closed_utc, r.status in OPEN and r.due_date < today.isoformat())


def list_complaints(conn: Connection, *, today: dt.date, status: str | None = None,
                    overdue: bool = False, page: int = 0,
                    limit: int = PAGE) -> list[Complaint]:
    """Open ones by due date (oldest due first); a status filter; `overdue` only late ones."""
    q = select(complaints)
    if status in STATUSES:
        q = q.where(complaints.c.status == status)
    if overdue:
        q = q.where(complaints.c.status.in_(OPEN), complaints.c.due_date < today.isoformat())
    q = q.order_by(complaints.c.due_date, complaints.c.record).limit(limit).offset(page * limit)
    return [_complaint(r, today) for r in conn.execute(q)]


def complaint_counts(conn: Connection, *, today: dt.date) -> dict[str, int]:
    """How many complaints are in each status, and how many open ones are overdue (one pass
    over the (status, due_date) index)."""
    counts = dict.fromkeys(STATUSES, 0)
    counts["overdue"] = 0
    late = func.count().filter(complaints.c.due_date < today.isoformat())
    for status, n, n_late in conn.execute(select(complaints.c.status, func.count(), late)
                                          .group_by(complaints.c.status)):
        counts[status] = n
        if status in OPEN:
            counts["overdue"] += n_late
    return counts


def get_complaint(conn: Connection, tracking: str, *, viewer: StaffMember,
                  now: dt.datetime, today: dt.date) -> ComplaintDetail | None:
    """The complaint as `viewer` may see it; opening a confidential identity is audited."""
    row = conn.execute(select(complaints, records.c.payload, records.c.redacted_utc)
                       .join_from(complaints, records, records.c.id == complaints.c.record)
                       .where(complaints.c.tracking_number == tracking)).first()
    if row is None:
        return None
    p = parse_payload(row.payload)
    hidden = row.identity == "confidential" and not viewer.can("confidential_identity")
    if row.identity == "confidential" and not hidden and p.get("full_name"):
        write_audit(conn, actor=viewer.username, action="complaint.identity_viewed",
                    target=tracking, now=now)
    show = not hidden
    return ComplaintDetail(
        _complaint(row, today), row.answer, p.get("what_happened"), p.get("place"),
        p.get("event_date"), hidden, p.get("full_name") if show else None,
        p.get("phone") if show else None, p.get("email") if show else None,
        row.redacted_utc is not None, audit_page(conn, target=tracking, limit=50))


def change_complaint(conn: Connection, tracking: str, *, actor: StaffMember, now: dt.datetime,
                     status: str | None = None, answer: str | None = None) -> None:
    """Move a complaint on and/or write its answer. An answer is needed to mark it answered.

    Raises ComplaintError (not found, not allowed, a step that does not follow)."""
    if not actor.can("answer_complaints"):
        raise ComplaintError("Your role cannot change complaints.")
    row = conn.execute(select(complaints).where(complaints.c.tracking_number == tracking)
                       ).first()
    if row is None:
        raise ComplaintError("No complaint {tracking}.", tracking=tracking)
    stamp = utc_now_iso(now)
    values: dict = {}
    text = (answer or "").strip()
    if answer is not None and text != (row.answer or ""):
        if row.status == "closed":
            raise ComplaintError("A closed complaint cannot be changed.")
        if len(text) > ANSWER_MAX:
            raise ComplaintError("The answer is longer than {n} characters.", n=ANSWER_MAX)
        values["answer"] = text or None
        write_audit(conn, actor=actor.username, action="complaint.answer", target=tracking,
                    now=now, characters=len(text))
    if status and status != row.status:
        if status not in NEXT.get(row.status, ()):
            raise ComplaintError("A complaint that is {old} cannot become {new}.",
                                 old=row.status, new=status)
        if status == "answered" and not (values.get("answer") or
                                         ("answer" not in values and row.answer)):
            raise ComplaintError("Write the answer before marking the complaint answered.")
        values["status"] = status
        if status == "answered":
            values["answered_utc"] = stamp
        if status == "closed":
            values["closed_utc"] = stamp
        write_audit(conn, actor=actor.username, action="complaint.status", target=tracking,
                    now=now, old=row.status, new=status)
    if not values:
        return
    values["updated_utc"] = stamp
    conn.execute(update(complaints).where(complaints.c.record == row.record).values(**values))
    if "status" in values:
        publish(conn, [row.uuid], now=now)
