"""The outbox: which records still have to reach the central office, and which are parked.

Every record is queued in the outbox in the transaction that writes it (store.py). It
leaves the outbox only when the office answered `accepted` or `duplicate` for it in a
reply whose signature verified (kiosk/sync, docs/sync-protocol.md section 5), so "not in
the outbox" means "the office has it": retention relies on that
(kiosk/officer/retention.py). A record the office answered `conflict` stays in the
outbox, *parked* with the office's reason: it is not sent again by itself and never
holds up the others, and the officer sees it. When the office's high-water mark shows
it lost records the kiosk thought delivered (a database restored from a backup), they
are queued again (`requeue`).

Writes here change nothing the in-service marker keeps, so they run in
``store.transaction(marker=False)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.records.record import Record
from kiosk.records.store import Store, record_from_row, utc_now_iso

REASON_MAX = 500           # characters of the office's reason kept for the officer


@dataclass(frozen=True)
class Parked:
    """A record the office answered `conflict` for: seq, uuid, kind, when it was made and
    parked (UTC, utc_now_iso), and the office's reason (English, from the office)."""

    seq: int
    uuid: str
    kind: str
    created_utc: str
    parked_utc: str
    reason: str


def pending_count(store: Store) -> int:
    """Records waiting to be sent (parked ones not counted)."""
    return store.conn.execute(
        "SELECT COUNT(*) FROM outbox WHERE parked_utc IS NULL").fetchone()[0]


def parked_count(store: Store) -> int:
    return store.conn.execute(
        "SELECT COUNT(*) FROM outbox WHERE parked_utc IS NOT NULL").fetchone()[0]


def outbox_count(store: Store) -> int:
    """Every record still in the outbox, parked or not."""
    return store.conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]


def parked(store: Store, *, limit: int = 200) -> list[Parked]:
    """The parked records, oldest seq first (at most `limit`)."""
    rows = store.conn.execute(
        "SELECT o.seq, r.uuid, r.kind, r.created_utc, o.parked_utc, o.parked_reason"
        " FROM outbox o JOIN records r ON r.seq = o.seq WHERE o.parked_utc IS NOT NULL"
        " ORDER BY o.seq LIMIT ?", (limit,)).fetchall()
    return [Parked(*row) for row in rows]


def next_records(store: Store, *, after_seq: int, limit: int) -> list[Record]:
    """Up to `limit` records waiting to be sent whose seq is above `after_seq`, rising."""
    rows = store.conn.execute(
        "SELECT r.* FROM outbox o JOIN records r ON r.seq = o.seq"
        " WHERE o.parked_utc IS NULL AND o.seq > ? ORDER BY o.seq LIMIT ?",
        (after_seq, limit)).fetchall()
    return [record_from_row(r) for r in rows]


def acknowledge(store: Store, seqs: Sequence[int]) -> None:
    """The office holds these records (accepted or duplicate, signed): out of the outbox."""
    if not seqs:
        return
    with store.transaction(marker=False):
        store.conn.executemany("DELETE FROM outbox WHERE seq = ?", ((s,) for s in seqs))


def park(store: Store, items: Iterable[tuple[int, str]], *, now: dt.datetime) -> None:
    """Park (seq, reason) pairs: the office answered conflict; kept, not sent again."""
    stamp = utc_now_iso(now)
    rows = [(stamp, (reason or "conflict")[:REASON_MAX], seq) for seq, reason in items]
    if not rows:
        return
    with store.transaction(marker=False):
        store.conn.executemany(
            "UPDATE outbox SET parked_utc = ?, parked_reason = ? WHERE seq = ?", rows)


def requeue(store: Store, *, missing: Sequence[tuple[int, int]], above: int,
            now: dt.datetime) -> int:
    """Put back in the outbox every record of this database whose seq lies in one of the
    inclusive `missing` ranges or above `above`, unless it is there already (parked ones
    stay parked). Returns how many were queued again."""
    stamp = utc_now_iso(now)
    ranges = [(int(a), int(b)) for a, b in missing if int(a) <= int(b)]
    queued = 0
    with store.transaction(marker=False):
        for first, last in [*ranges, (above + 1, None)]:
            sql = ("INSERT INTO outbox(seq, queued_utc) SELECT r.seq, ? FROM records r"
                   " LEFT JOIN outbox o ON o.seq = r.seq WHERE o.seq IS NULL AND r.seq >= ?")
            args: list = [stamp, first]
            if last is not None:
                sql += " AND r.seq <= ?"
                args.append(last)
            queued += store.conn.execute(sql, args).rowcount
    return queued
