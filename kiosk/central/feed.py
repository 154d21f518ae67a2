"""The complaint-status feed for kiosks: positions assigned in commit order.

An auto-increment id is not a safe "changes since N" cursor: on PostgreSQL a slow
transaction that took id 7 can commit after a fast one that took id 8; a kiosk that read
8 and moved its cursor past it never sees 7. Here every transaction that writes feed rows
takes its positions, last thing before it commits, from a single-row counter that it
holds locked until it commits (ODK Central stamps submissions the same way): the next
writer waits, so positions become visible in order and without holes.
docs/sync-protocol.md, section 9.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from kiosk.central.database import bulk_insert
from kiosk.central.schema import complaint_feed, complaints, feed_counter
from kiosk.central.shared import utc_now_iso

FEED_FIELDS = ("tracking_number", "status", "received_utc", "due_date", "answered_utc",
               "closed_utc", "changed_utc", "contact_check")


def take_positions(conn: Connection, count: int) -> range:
    """`count` consecutive positions; the counter row stays locked until this transaction
    ends. Call it as late as possible in the transaction."""
    last = conn.execute(update(feed_counter).where(feed_counter.c.id == 1)
                        .values(position=feed_counter.c.position + count)
                        .returning(feed_counter.c.position)).scalar_one()
    return range(last - count + 1, last + 1)


def publish(conn: Connection, complaint_uuids: list[str], *, now: dt.datetime) -> None:
    """Append the current state of these complaints to the feed (one row each)."""
    if not complaint_uuids:
        return
    rows = conn.execute(select(complaints).where(complaints.c.uuid.in_(complaint_uuids))
                        .order_by(complaints.c.record)).all()
    publish_rows(conn, [r._mapping for r in rows], now=now)


def publish_rows(conn: Connection, rows: Sequence[Mapping[str, Any]], *,
                 now: dt.datetime) -> None:
    """Append these complaints' states to the feed, in the order given: `rows` as the
    ``complaints`` table holds them in this transaction (the ingest's new desk rows)."""
    if not rows:
        return
    changed = utc_now_iso(now)
    positions = take_positions(conn, len(rows))
    bulk_insert(conn, complaint_feed, [
        {"position": position, "kiosk_id": r["kiosk_id"], "complaint_uuid": r["uuid"],
         "tracking_number": r["tracking_number"], "status": r["status"],
         "received_utc": r["created_utc"], "due_date": r["due_date"],
         "answered_utc": r["answered_utc"], "closed_utc": r["closed_utc"],
         "changed_utc": changed, "contact_check": r["contact_check"]}
        for position, r in zip(positions, rows, strict=True)])


@dataclass(frozen=True)
class FeedPage:
    items: list[dict[str, Any]]
    cursor: int            # pass it back as `after`; never goes down


def feed_page(conn: Connection, *, kiosk_id: str, after: int, limit: int) -> FeedPage:
    """This kiosk's complaint changes after position `after`, oldest first.

    Each item also names the complaint's identity mode (identified, confidential,
    anonymous), which never changes: read from the complaint itself, so the kiosk knows
    whether "Cek pengaduan" asks for the phone digits even when its own copy of the
    record is gone (a kiosk database recovered anew)."""
    rows = conn.execute(select(complaint_feed, complaints.c.identity)
                        .select_from(complaint_feed.outerjoin(
                            complaints, complaints.c.uuid == complaint_feed.c.complaint_uuid))
                        .where(complaint_feed.c.kiosk_id == kiosk_id,
                               complaint_feed.c.position > after)
                        .order_by(complaint_feed.c.position).limit(limit)).all()
    items = [{"position": r.position, "complaint_uuid": r.complaint_uuid,
              **{f: getattr(r, f) for f in FEED_FIELDS}, "identity": r.identity}
             for r in rows]
    return FeedPage(items, rows[-1].position if rows else after)
