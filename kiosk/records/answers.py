"""Complaint answers from the central office, kept on the kiosk.

The office sends each status change of this kiosk's complaints through its forward-only
feed (docs/sync-protocol.md, section 9); the sync client stores them here, one row per
tracking number holding its latest state, and the feed's cursor with them in the same
transaction (so a crash between the two never skips an item). The citizen's "Cek
pengaduan" screen and the officer's slip check read them back.

Nothing here is personal: status, dates, the identity mode, and `contact_check`, the
SHA-256 of ``TRACKING_NUMBER:DDDD`` (the last four digits of the phone the complainant
gave), which lets the kiosk check those digits without holding the number.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.records.store import Store

log = logging.getLogger(__name__)

STATUSES = ("received", "in_progress", "answered", "closed")
IDENTITIES = ("identified", "confidential", "anonymous")
CURSOR = "sync.feed_cursor"            # meta key: the feed position stored last
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ComplaintAnswer:
    """The office's latest word on one complaint of this kiosk.

    status: one of STATUSES; received_utc, answered_utc, closed_utc, changed_utc: UTC
    times as the office writes them (None when not yet); due_date: "YYYY-MM-DD", the day
    the answer is due (office's working days); contact_check: hex SHA-256 or None (no
    phone given); identity: one of IDENTITIES, or None when the office did not say.
    """

    tracking_number: str
    complaint_uuid: str
    status: str
    received_utc: str | None
    due_date: str | None
    answered_utc: str | None
    closed_utc: str | None
    changed_utc: str | None
    contact_check: str | None
    identity: str | None
    position: int


def contact_check(tracking_number: str, phone: str | None) -> str | None:
    """SHA-256 hex of "TRACKING:DDDD", DDDD the last four digits of `phone`; None when it has
    fewer than four digits (the rule of docs/sync-protocol.md section 9)."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    if len(digits) < 4:
        return None
    return hashlib.sha256(f"{tracking_number}:{digits[-4:]}".encode()).hexdigest()


def digits_match(check: str | None, tracking_number: str, last4: str) -> bool:
    """Whether `last4` are the last four phone digits behind `check` (constant time)."""
    if not check or len(last4) != 4 or not last4.isdigit():
        return False
    return hmac.compare_digest(check, contact_check(tracking_number, last4) or "")


def feed_cursor(store: Store) -> int:
    """The feed position to ask after (0 before the first item)."""
    value = store.meta(CURSOR)
    return int(value) if value and value.isdigit() else 0


def _item(raw: Any) -> ComplaintAnswer | None:
    """A feed item checked field by field; None (and a log line) when it is malformed."""
    if not isinstance(raw, Mapping):
        return None

    def text(name: str, pattern: re.Pattern | None = None, *, null: bool = True):
        value = raw.get(name)
        if value is None and null:
            return None
        if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
            raise ValueError(name)
        return value

    try:
        position = raw.get("position")
        if type(position) is not int or position < 1:
            raise ValueError("position")
        status = text("status", null=False)
        if status not in STATUSES:
            raise ValueError("status")
        identity = text("identity")
        answer = ComplaintAnswer(
            tracking_number=text("tracking_number", null=False)[:40],
            complaint_uuid=text("complaint_uuid", null=False)[:40], status=status,
            received_utc=text("received_utc", _UTC), due_date=text("due_date", _DAY),
            answered_utc=text("answered_utc", _UTC), closed_utc=text("closed_utc", _UTC),
            changed_utc=text("changed_utc", _UTC),
            contact_check=text("contact_check", _HEX64),
            identity=identity if identity in IDENTITIES else None, position=position)
    except ValueError as exc:
        log.warning("complaint feed item skipped: field %s malformed", exc)
        return None
    return answer


def store_feed_page(store: Store, items: Iterable[Any], cursor: int) -> int:
    """Keep a page of the feed (oldest first) and then its cursor, in one transaction.

    An item replaces the row of its tracking number when its position is newer. A cursor
    never goes down. Returns how many rows changed."""
    answers = [a for a in (_item(i) for i in items) if a is not None]
    changed = 0
    with store.transaction(marker=False):
        for a in answers:
            changed += store.conn.execute(
                "INSERT INTO complaint_answers(tracking_number, complaint_uuid, status,"
                " received_utc, due_date, answered_utc, closed_utc, changed_utc, contact_check,"
                " identity, position) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(tracking_number) DO UPDATE SET"
                " complaint_uuid=excluded.complaint_uuid, status=excluded.status,"
                " received_utc=excluded.received_utc,"
                " due_date=excluded.due_date, answered_utc=excluded.answered_utc,"
                " closed_utc=excluded.closed_utc, changed_utc=excluded.changed_utc,"
                " contact_check=excluded.contact_check,"
                " identity=COALESCE(excluded.identity, complaint_answers.identity),"
                " position=excluded.position WHERE excluded.position > complaint_answers.position",
                (a.tracking_number, a.complaint_uuid, a.status, a.received_utc, a.due_date,
                 a.answered_utc, a.closed_utc, a.changed_utc, a.contact_check, a.identity,
                 a.position)).rowcount
        if cursor > feed_cursor(store):
            store.set_meta(CURSOR, str(cursor))
    return changed


def answer_for(store: Store, tracking_number: str) -> ComplaintAnswer | None:
    """The office's latest word on this tracking number, or None when none came yet."""
    row = store.conn.execute(
        "SELECT tracking_number, complaint_uuid, status, received_utc, due_date, answered_utc,"
        " closed_utc, changed_utc, contact_check, identity, position FROM complaint_answers"
        " WHERE tracking_number = ?", (tracking_number,)).fetchone()
    return ComplaintAnswer(*row) if row else None
