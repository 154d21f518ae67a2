"""What the staff pages search, derived from the records an ingest stored.

An application becomes a row of ``applications`` (upper-case name, last four NIK digits,
the visit day, the ticket code and the pick-up day as the slip printed them), a complaint a
row of ``complaints`` (tracking number as printed on the slip, due date in working days),
a queue event a row of ``queue_events`` (which gives an application its ticket's status,
and the code of a ticket whose record does not carry it). Days are local days of the
event's time zone (from the bundle's manifest); working days follow kiosk.workdays.

When:

- complaints in the ingest's own transaction (``derive_complaints``): the kiosks' feed
  publishes them in that commit;
- applications and queue events (nine records in ten) by ``catch_up`` after the ingest
  committed. The durable mark is ``bundles.derived_utc``: NULL while a bundle's rows are
  not built. ``catch_up`` builds them bundle by bundle, oldest first, each in one
  transaction that also sets the mark, so a crash between the ingest's commit and the
  catch-up loses nothing: the next catch-up (after the next ingest, ``import``, ``serve``
  starting, ``export applications``) builds them. Building a bundle twice is harmless
  (records already derived are skipped). ``pending_records`` says how many records wait,
  for the pages' "still being prepared" notice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, bindparam, func, select, text, update
from sqlalchemy.exc import OperationalError

from kiosk.central.database import Database, bulk_insert
from kiosk.central.schema import applications, bundles, complaints, queue_events, records
from kiosk.central.settings import Settings
from kiosk.central.shared import (
    Record,
    WorkingDays,
    parse_utc_iso,
    sha256_hex,
    tracking_number,
    utc_now_iso,
)

log = logging.getLogger("kiosk.central.derive")
# The kinds catch_up derives (complaints are derived in the ingest's transaction).
CATCH_UP_KINDS = ("application", "queue_event")

# The last event of a ticket decides its status.
TICKET_STATUS = {"called": "called", "recalled": "called", "served": "served",
                 "no_show": "no_show", "transferred": "waiting"}


@dataclass(frozen=True)
class Calendar:
    """The office's working days and periods (central.toml [office])."""

    days: WorkingDays
    pickup_working_days: int
    answer_working_days: int

    @classmethod
    def of(cls, settings: Settings) -> Calendar:
        return cls(WorkingDays(settings.closed_days), settings.pickup_working_days,
                   settings.complaint_answer_working_days)

    def pickup(self, visit: dt.date) -> dt.date:
        return _add(self.days, visit, self.pickup_working_days)

    def answer_due(self, received: dt.date) -> dt.date:
        return _add(self.days, received, self.answer_working_days)


@lru_cache(maxsize=4096)
def _add(days: WorkingDays, start: dt.date, count: int) -> dt.date:
    return days.add(start, count)


def local_day(created_utc: str, tz: ZoneInfo) -> dt.date:
    """The local day of a UTC time text in `tz` (every zone's offset is whole minutes, so
    the day is the same for every time of one minute: computed once per minute)."""
    return _local_day(created_utc[:16], tz)


@lru_cache(maxsize=8192)
def _local_day(minute: str, tz: ZoneInfo) -> dt.date:
    return parse_utc_iso(minute + ":00.000000Z").astimezone(tz).date()


def _written_day(value: Any) -> str | None:
    """A YYYY-MM-DD date the kiosk wrote into a payload, or None."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def name_key(name: str | None) -> str:
    """How names are searched: upper case, single spaces."""
    return " ".join((name or "").upper().split())


def contact_check(tracking: str, phone: str | None) -> str | None:
    """SHA-256 of "TRACKING:1234" (last four phone digits), for the kiosk's "Cek pengaduan"."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    return sha256_hex(f"{tracking}:{digits[-4:]}") if len(digits) >= 4 else None


def application_row(record_id: int, uuid: str, kiosk_id: str, created_utc: str,
                    payload: dict[str, Any], *, event_code: str, tz: ZoneInfo,
                    calendar: Calendar) -> dict[str, Any]:
    """The search row of an application. Its ticket code and pick-up date are the ones the
    kiosk printed on the slip and wrote into the record (`ticket_code`, `pickup_date`);
    a record from before they were written gets its code from its queue events and the
    date from the office's calendar (visit + office.pickup_working_days working days)."""
    day = local_day(created_utc, tz)
    nik = payload.get("nik") or ""
    code = payload.get("ticket_code")
    pickup = _written_day(payload.get("pickup_date")) or calendar.pickup(day).isoformat()
    return {"record": record_id, "uuid": uuid, "kiosk_id": kiosk_id,
            "event_code": str(payload.get("event") or event_code)[:64],
            "day": day.isoformat(), "created_utc": created_utc,
            "service": str(payload.get("service") or "")[:16],
            "name_search": name_key(payload.get("full_name"))[:200],
            "nik_last4": nik[-4:] if len(nik) >= 4 else "",
            "ticket_code": code[:16] if isinstance(code, str) and code else None,
            "ticket_status": "waiting", "pickup_date": pickup}


def complaint_row(record_id: int, uuid: str, kiosk_id: str, seq: int, created_utc: str,
                  payload: dict[str, Any], *, event_code: str, tz: ZoneInfo,
                  calendar: Calendar) -> dict[str, Any]:
    day = local_day(created_utc, tz)
    tracking = tracking_number(kiosk_id, seq)
    return {"record": record_id, "uuid": uuid, "tracking_number": tracking,
            "kiosk_id": kiosk_id, "event_code": str(payload.get("event") or event_code)[:64],
            "day": day.isoformat(), "created_utc": created_utc,
            "category": str(payload.get("category") or "other")[:32],
            "identity": str(payload.get("identity") or "identified")[:16],
            "unit": str(payload.get("unit") or "")[:120], "status": "received",
            "due_date": calendar.answer_due(day).isoformat(), "answer": None,
            "answered_utc": None, "closed_utc": None, "updated_utc": created_utc,
            "contact_check": contact_check(tracking, payload.get("phone"))}


def queue_event_row(record_id: int, kiosk_id: str, seq: int,
                    payload: dict[str, Any]) -> dict[str, Any] | None:
    ticket = payload.get("ticket_record")
    if not isinstance(ticket, str) or not payload.get("code"):
        return None
    return {"record": record_id, "kiosk_id": kiosk_id, "seq": seq, "ticket_record": ticket,
            "code": str(payload["code"])[:16], "event": str(payload.get("event") or "")[:16]}


def parse_payload(text: str) -> dict[str, Any]:
    """A record's payload as a dict ({} when it is not a JSON object: kept, not derived)."""
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def payload_of(record: Record) -> dict[str, Any]:
    """A verified record's payload, as the bundle reader already parsed it."""
    value = record.payload
    return value if isinstance(value, dict) else {}


# -- complaints: in the ingest's transaction -----------------------------------------------
def event_tz(timezone: str | None, settings: Settings) -> ZoneInfo:
    """The event's time zone as the manifest names it (the office's when unknown)."""
    try:
        return ZoneInfo(timezone) if timezone else settings.tz
    except (ZoneInfoNotFoundError, ValueError):
        return settings.tz


def derive_complaints(conn: Connection, fresh: list[Record], ids: dict[int, int],
                      kiosk_id: str, manifest: dict, settings: Settings) -> list[dict]:
    """Rows for the complaints desk from newly accepted records (`ids`: seq -> records.id);
    returns the rows inserted (columns of ``complaints``), in order, for the feed."""
    tz, calendar = event_tz(manifest["event"]["timezone"], settings), Calendar.of(settings)
    event_code = manifest["event"]["code"]
    comps = [complaint_row(ids[rec.seq], rec.uuid, kiosk_id, rec.seq, rec.created_utc,
                           payload_of(rec), event_code=event_code, tz=tz, calendar=calendar)
             for rec in fresh if rec.kind == "complaint"]
    bulk_insert(conn, complaints, comps)
    return comps


# -- applications and queue events: the catch-up after the commit ----------------------------
def pending_records(conn: Connection) -> int:
    """Applications and queue events whose search rows catch_up has not built yet (0: all
    built; the few bundles waiting are found by their mark's index, their records by
    (kiosk_id, seq))."""
    return conn.execute(select(func.count()).select_from(
        bundles.join(records, (records.c.kiosk_id == bundles.c.kiosk_id)
                     & records.c.seq.between(bundles.c.seq_first, bundles.c.seq_last)
                     & (records.c.bundle == bundles.c.id)))
        .where(bundles.c.derived_utc.is_(None), records.c.kind.in_(CATCH_UP_KINDS))
    ).scalar_one()


def catch_up(db: Database, settings: Settings, *, now: dt.datetime,
             quiet: bool = False) -> int:
    """Build the search rows of every bundle not yet derived, oldest first, one
    transaction per bundle; returns how many records were derived.

    `quiet`: a busy or unreachable database (OperationalError) is logged and left for
    the next catch-up instead of raised (after an ingest that already committed)."""
    done = 0
    while True:
        try:
            with db.write() as conn:
                if db.is_postgresql:        # one catch-up at a time
                    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                                 {"k": "central.derive"})
                bundle = conn.execute(select(bundles).where(bundles.c.derived_utc.is_(None))
                                      .order_by(bundles.c.id).limit(1)).first()
                if bundle is None:
                    return done
                done += derive_bundle(conn, bundle, settings)
                conn.execute(update(bundles).where(bundles.c.id == bundle.id)
                             .values(derived_utc=utc_now_iso(now)))
        except OperationalError as exc:
            if not quiet:
                raise
            log.warning("search rows not built yet (%s); the next catch-up builds them",
                        type(exc.orig).__name__ if exc.orig is not None else "database")
            return done


def derive_bundle(conn: Connection, bundle: Any, settings: Settings) -> int:
    """Applications and queue events of one bundle (a row of ``bundles``) that have no
    search row yet. An application gets its ticket's status (and a code it does not carry)
    from the latest queue event, whichever bundle brought it."""
    tz, calendar = event_tz(bundle.event_timezone, settings), Calendar.of(settings)
    held = conn.execute(
        select(records.c.id, records.c.uuid, records.c.seq, records.c.kind,
               records.c.created_utc, records.c.payload)
        .where(records.c.kiosk_id == bundle.kiosk_id,
               records.c.seq.between(bundle.seq_first, bundle.seq_last),
               records.c.bundle == bundle.id, records.c.kind.in_(CATCH_UP_KINDS))
        .order_by(records.c.seq)).all()
    if not held:
        return 0
    low, high = min(r.id for r in held), max(r.id for r in held)
    built = set(conn.execute(select(applications.c.record)
                             .where(applications.c.record.between(low, high))).scalars())
    built |= set(conn.execute(select(queue_events.c.record)
                              .where(queue_events.c.record.between(low, high))).scalars())
    event_code = bundle.event_code or ""
    apps, events = [], []
    for r in held:
        if r.id in built:
            continue
        payload = parse_payload(r.payload)
        if r.kind == "application":
            apps.append(application_row(r.id, r.uuid, bundle.kiosk_id, r.created_utc, payload,
                                        event_code=event_code, tz=tz, calendar=calendar))
        else:
            row = queue_event_row(r.id, bundle.kiosk_id, r.seq, payload)
            if row is not None:
                events.append(row)
    latest = _latest(events)
    here = {a["uuid"] for a in apps}
    earlier = _latest(_held_events(conn, sorted(here - latest.keys())))  # events came first
    for app in apps:
        seq_code_event = latest.get(app["uuid"]) or earlier.get(app["uuid"])
        if seq_code_event:
            app["ticket_code"] = app["ticket_code"] or seq_code_event[1]
            app["ticket_status"] = TICKET_STATUS.get(seq_code_event[2], "waiting")
    bulk_insert(conn, applications, apps)
    bulk_insert(conn, queue_events, events)
    elsewhere = sorted(latest.keys() - here)     # applications that came in earlier bundles
    if elsewhere:
        update_tickets(conn, elsewhere)
    return len(apps) + len(events)


def _latest(events) -> dict[str, tuple[int, str, str]]:
    latest: dict[str, tuple[int, str, str]] = {}
    for e in events:
        tr, seq = e["ticket_record"], e["seq"]
        if tr not in latest or seq > latest[tr][0]:
            latest[tr] = (seq, e["code"], e["event"])
    return latest


def _held_events(conn: Connection, ticket_records: list[str]) -> list[dict]:
    out = []
    for part in (ticket_records[i:i + 500] for i in range(0, len(ticket_records), 500)):
        out += [dict(r._mapping) for r in conn.execute(
            select(queue_events.c.ticket_record, queue_events.c.seq, queue_events.c.code,
                   queue_events.c.event).where(queue_events.c.ticket_record.in_(part)))]
    return out


def update_tickets(conn: Connection, ticket_records: list[str]) -> None:
    """Give these applications the status of their ticket's latest event (and its code,
    where the application's record did not carry one)."""
    latest = _latest(_held_events(conn, ticket_records))
    if latest:
        conn.execute(update(applications).where(applications.c.uuid == bindparam("u")).values(
            ticket_code=func.coalesce(applications.c.ticket_code, bindparam("c")),
            ticket_status=bindparam("s")),
            [{"u": tr, "c": code, "s": TICKET_STATUS.get(ev, "waiting")}
             for tr, (_seq, code, ev) in latest.items()])


def refill_records(conn: Connection, refill: list[tuple[int, Record]]) -> None:
    """A full copy of a record held without its personal fields: put them back (into its
    search row too, when it has one; one not yet built is built from the full payload)."""
    for rid, rec in refill:
        conn.execute(update(records).where(records.c.id == rid).values(
            payload=rec.payload_json, redacted_utc=None))
        payload = payload_of(rec)
        if rec.kind == "application":
            nik = payload.get("nik") or ""
            conn.execute(update(applications).where(applications.c.record == rid).values(
                name_search=name_key(payload.get("full_name"))[:200],
                nik_last4=nik[-4:] if len(nik) >= 4 else ""))
