"""Queue tickets: speakable codes, allocation inside the submit transaction, waits.

Contract (ARCHITECTURE.md): a service letter then a number (``A-007``); numbers
restart every event day; with more than one kiosk at an event the kiosk number
follows the letter (``A2-007``), so kiosks with no network never share a code; the
allocation commits with its record, so a crash leaves no gap and no duplicate.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
from dataclasses import dataclass

from kiosk.event.catalogue import PRIORITY_KINDS
from kiosk.records.store import Store, parse_utc_iso, utc_now_iso

OBSERVED_MIN_SAMPLES = 3
# Who is called first: priority tickets, then in the order the tickets were taken (the
# allocation sequence, tickets.id; a transfer keeps it). Never by the stored issue time:
# the computer's clock may have been set back in between (issue 11, item 18).
CALLING_ORDER = "(priority = ''), id"


@dataclass(frozen=True)
class Ticket:
    day: str
    code: str
    letter: str
    number: int
    service: str
    priority: str
    record_uuid: str
    issued_utc: str
    status: str = "waiting"
    counter: str | None = None
    called_utc: str | None = None
    done_utc: str | None = None
    allocation: int = 0        # the allocation sequence (tickets.id): the order taken

    @property
    def is_priority(self) -> bool:
        return bool(self.priority)


def format_code(letter: str, number: int, *, kiosk_no: int, kiosks: int) -> str:
    prefix = f"{letter}{kiosk_no}" if kiosks > 1 else letter
    return f"{prefix}-{number:03d}"


def allocate_ticket(store: Store, *, day: dt.date, service: str, letter: str,
                    kiosk_no: int, kiosks: int, priority: str, record_uuid: str,
                    now: dt.datetime, language: str = "id") -> Ticket:
    """Take the next number for (day, letter). Must run inside store.transaction()."""
    if not store.conn.in_transaction:
        raise RuntimeError("allocate_ticket must run inside Store.transaction()")
    if priority and priority not in PRIORITY_KINDS:
        raise ValueError(f"unknown priority {priority!r}")
    iso_day = day.isoformat()
    number = max(store.conn.execute(
        "SELECT COALESCE(MAX(number), 0) FROM tickets WHERE day=? AND letter=?",
        (iso_day, letter),
    ).fetchone()[0], store.ticket_floor(iso_day, letter)) + 1  # above a lost database's
    code = format_code(letter, number, kiosk_no=kiosk_no, kiosks=kiosks)
    issued = utc_now_iso(now)
    allocation = store.conn.execute(
        "INSERT INTO tickets(day, code, letter, number, service, priority, record_uuid,"
        " issued_utc, status, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?)",
        (iso_day, code, letter, number, service, priority, record_uuid, issued, language),
    ).lastrowid
    return Ticket(iso_day, code, letter, number, service, priority, record_uuid, issued,
                  allocation=allocation)


def ticket_from_row(row: sqlite3.Row) -> Ticket:
    """A Ticket from a row of the tickets table."""
    return Ticket(row["day"], row["code"], row["letter"], row["number"], row["service"],
                  row["priority"] or "", row["record_uuid"], row["issued_utc"], row["status"],
                  row["counter"], row["called_utc"], row["done_utc"], row["id"])



def find_ticket(store: Store, *, day: dt.date, code: str) -> Ticket | None:
    row = store.conn.execute("SELECT * FROM tickets WHERE day=? AND code=?",
                             (day.isoformat(), code.strip().upper())).fetchone()
    return ticket_from_row(row) if row else None


def ticket_for_record(store: Store, record_uuid: str) -> Ticket | None:
    row = store.conn.execute("SELECT * FROM tickets WHERE record_uuid=?",
                             (record_uuid,)).fetchone()
    return ticket_from_row(row) if row else None


def waiting(store: Store, *, day: dt.date, service: str | None = None) -> list[Ticket]:
    """Tickets still waiting, in calling order: priority first, then in the order taken."""
    sql = "SELECT * FROM tickets WHERE day=? AND status='waiting'"
    args: list = [day.isoformat()]
    if service:
        sql += " AND service=?"
        args.append(service)
    sql += " ORDER BY " + CALLING_ORDER
    return [ticket_from_row(r) for r in store.conn.execute(sql, args)]


def people_ahead(store: Store, ticket: Ticket) -> int:
    """How many waiting tickets of the same service will be called before this one
    (CALLING_ORDER: priority first, then the order taken).

    Pass a current ticket (find_ticket) after a transfer: it counts in its new service,
    in the place it took when it was issued.
    """
    prio = ticket.is_priority
    return store.conn.execute(
        "SELECT COUNT(*) FROM tickets WHERE day=? AND service=? AND status='waiting'"
        " AND id != ? AND ((priority != '') > ? OR ((priority != '') = ? AND id < ?))",
        (ticket.day, ticket.service, ticket.allocation, prio, prio, ticket.allocation),
    ).fetchone()[0]


def observed_service_minutes(store: Store, *, day: dt.date, service: str) -> float | None:
    """Median minutes from call to done for today's served tickets, once there are a few."""
    rows = store.conn.execute(
        "SELECT called_utc, done_utc FROM tickets WHERE day=? AND service=? AND status='served'"
        " AND called_utc IS NOT NULL AND done_utc IS NOT NULL",
        (day.isoformat(), service),
    ).fetchall()
    durations = []
    for called, done in rows:
        a = parse_utc_iso(called)
        b = parse_utc_iso(done)
        durations.append(max((b - a).total_seconds() / 60, 0.0))
    if len(durations) < OBSERVED_MIN_SAMPLES:
        return None
    return statistics.median(durations)


def estimated_wait_minutes(store: Store, ticket: Ticket, *, configured_minutes: int,
                           ahead: int | None = None) -> int:
    """People ahead times minutes per person (today's observed median once known)."""
    if ahead is None:
        ahead = people_ahead(store, ticket)
    per_person = observed_service_minutes(
        store, day=dt.date.fromisoformat(ticket.day), service=ticket.service)
    if per_person is None:
        per_person = configured_minutes
    return round(ahead * per_person)
