"""What the staff pages search, derived from records as they arrive (same transaction).

An application becomes a row of ``applications`` (upper-case name, last four NIK digits,
the visit day, the pick-up day), a complaint a row of ``complaints`` (tracking number as
printed on the slip, due date in working days), a queue event a row of ``queue_events``
(which gives an application its ticket code and status). Days are local days of the
event's time zone (from the bundle's manifest); working days follow kiosk.workdays.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, bindparam, select, update

from kiosk.central.database import bulk_insert
from kiosk.central.schema import applications, complaints, queue_events, records
from kiosk.central.settings import Settings
from kiosk.central.shared import (
    Record,
    WorkingDays,
    parse_utc_iso,
    sha256_hex,
    tracking_number,
)

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
    return parse_utc_iso(created_utc).astimezone(tz).date()


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
    day = local_day(created_utc, tz)
    nik = payload.get("nik") or ""
    return {"record": record_id, "uuid": uuid, "kiosk_id": kiosk_id,
            "event_code": str(payload.get("event") or event_code)[:64],
            "day": day.isoformat(), "created_utc": created_utc,
            "service": str(payload.get("service") or "")[:16],
            "name_search": name_key(payload.get("full_name"))[:200],
            "nik_last4": nik[-4:] if len(nik) >= 4 else "",
            "ticket_code": None, "ticket_status": "waiting",
            "pickup_date": calendar.pickup(day).isoformat()}


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


# -- in the ingest's transaction -----------------------------------------------------------
def _event_tz(manifest: dict, settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(manifest["event"]["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        return settings.tz


def derive_records(conn: Connection, fresh: list[Record], ids: list[int], kiosk_id: str,
                   manifest: dict, settings: Settings) -> None:
    """Rows for the desk from newly accepted records. An application gets its ticket's
    code and status from the latest queue event, whichever batch brought it."""
    tz, calendar = _event_tz(manifest, settings), Calendar.of(settings)
    event_code = manifest["event"]["code"]
    apps, comps, events = [], [], []
    for rec, rid in zip(fresh, ids, strict=True):
        if rec.kind == "application":
            apps.append(application_row(rid, rec.uuid, kiosk_id, rec.created_utc,
                                        payload_of(rec), event_code=event_code,
                                        tz=tz, calendar=calendar))
        elif rec.kind == "complaint":
            comps.append(complaint_row(rid, rec.uuid, kiosk_id, rec.seq, rec.created_utc,
                                       payload_of(rec), event_code=event_code,
                                       tz=tz, calendar=calendar))
        elif rec.kind == "queue_event":
            row = queue_event_row(rid, kiosk_id, rec.seq, payload_of(rec))
            if row is not None:
                events.append(row)
    latest = _latest(events)
    here = {a["uuid"] for a in apps}
    earlier = _latest(_held_events(conn, sorted(here - latest.keys())))  # events came first
    for app in apps:
        seq_code_event = latest.get(app["uuid"]) or earlier.get(app["uuid"])
        if seq_code_event:
            app["ticket_code"] = seq_code_event[1]
            app["ticket_status"] = TICKET_STATUS.get(seq_code_event[2], "waiting")
    bulk_insert(conn, applications, apps)
    bulk_insert(conn, complaints, comps)
    bulk_insert(conn, queue_events, events)
    elsewhere = sorted(latest.keys() - here)     # applications that came in earlier batches
    if elsewhere:
        update_tickets(conn, elsewhere)


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
    """Give these applications the code and status of their ticket's latest event."""
    latest = _latest(_held_events(conn, ticket_records))
    if latest:
        conn.execute(update(applications).where(applications.c.uuid == bindparam("u")).values(
            ticket_code=bindparam("c"), ticket_status=bindparam("s")),
            [{"u": tr, "c": code, "s": TICKET_STATUS.get(ev, "waiting")}
             for tr, (_seq, code, ev) in latest.items()])


def refill_records(conn: Connection, refill: list[tuple[int, Record]], kiosk_id: str,
            manifest: dict, settings: Settings) -> None:
    """A full copy of a record held without its personal fields: put them back."""
    tz, calendar = _event_tz(manifest, settings), Calendar.of(settings)
    for rid, rec in refill:
        conn.execute(update(records).where(records.c.id == rid).values(
            payload=rec.payload_json, redacted_utc=None))
        payload = payload_of(rec)
        if rec.kind == "application":
            row = application_row(rid, rec.uuid, kiosk_id, rec.created_utc, payload,
                                  event_code=manifest["event"]["code"], tz=tz,
                                  calendar=calendar)
            conn.execute(update(applications).where(applications.c.record == rid).values(
                name_search=name_key(payload.get("full_name"))[:200],
                nik_last4=row["nik_last4"]))
