"""Applications at the office: search (ticket code, name, last four NIK digits), the pick-up
list of a day, and the CSV for the office's passport system (columns: docs/central.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, select

from kiosk.central.derive import name_key, parse_payload
from kiosk.central.schema import applications, records
from kiosk.central.shared import mask_nik

SEARCH_LIMIT = 50
CODE = re.compile(r"^([A-Z])([1-9]?)-?(\d{1,4})$")


@dataclass(frozen=True)
class Application:
    uuid: str
    kiosk_id: str
    event_code: str
    day: str
    service: str
    name: str
    nik_masked: str
    ticket_code: str | None
    ticket_status: str
    pickup_date: str
    redacted: bool


def ticket_code_candidates(text: str) -> list[str]:
    """Codes a typed ticket could mean: "a7" -> A-007; "A17" -> A-017 or A1-007."""
    typed = text.strip().upper().replace(" ", "")
    if "-" in typed:
        head, _, num = typed.partition("-")
        if re.fullmatch(r"[A-Z][1-9]?", head) and num.isdigit():
            return [f"{head}-{int(num):03d}"]
        return []
    m = CODE.match(typed)
    if not m:
        return []
    letter, kiosk, num = m.groups()
    out = [f"{letter}-{int(kiosk + num):03d}"]
    if kiosk:
        out.append(f"{letter}{kiosk}-{int(num):03d}")
    return out


def _rows(conn: Connection, query) -> list[Application]:
    cols = [applications, records.c.payload, records.c.redacted_utc]
    out = []
    for r in conn.execute(query.with_only_columns(*cols).join_from(
            applications, records, records.c.id == applications.c.record)):
        nik = parse_payload(r.payload).get("nik") or ""
        out.append(Application(r.uuid, r.kiosk_id, r.event_code, r.day, r.service,
                               r.name_search, mask_nik(nik) if nik else "",
                               r.ticket_code, r.ticket_status, r.pickup_date,
                               r.redacted_utc is not None))
    return out


def search_applications(conn: Connection, text: str, *,
                        limit: int = SEARCH_LIMIT) -> list[Application]:
    """Newest first. Four digits: the NIK's last four; a ticket code (A-007, A1-007, a7);
    anything else: part of the name (any case)."""
    typed = " ".join((text or "").split())
    if not typed:
        return []
    q = select(applications)
    if re.fullmatch(r"\d{4}", typed):
        q = q.where(applications.c.nik_last4 == typed)
    elif codes := ticket_code_candidates(typed):
        q = q.where(applications.c.ticket_code.in_(codes))
    else:
        key = name_key(typed).replace("\\", "").replace("%", "").replace("_", " ")
        if len(key) < 2:
            return []
        q = q.where(applications.c.name_search.like(f"%{key}%"))
    return _rows(conn, q.order_by(applications.c.created_utc.desc()).limit(limit))


def pickup_list(conn: Connection, day: dt.date) -> list[Application]:
    """Who comes for a passport on `day`: applications served at an event whose pick-up
    date (visit + office.pickup_working_days working days) is that day, by name."""
    return _rows(conn, select(applications).where(
        applications.c.pickup_date == day.isoformat(),
        applications.c.ticket_status == "served").order_by(applications.c.name_search))


CSV_COLUMNS = ("record_uuid", "kiosk_id", "event_code", "visit_day", "created_utc",
               "ticket_code", "ticket_status", "service", "passport_type", "years",
               "full_name", "nik", "birth_place", "birth_date", "sex", "phone", "email",
               "child", "parent_name", "parent_nik", "priority", "pickup_date", "redacted")


def export_csv(conn: Connection, day: dt.date, out: Path) -> int:
    """Every application of visit day `day` as CSV (UTF-8, header row), written owner-only.

    Returns the number of rows. The file holds personal data: it is for the office's
    passport system, never for a shared folder.
    """
    rows = conn.execute(select(applications, records.c.payload, records.c.redacted_utc)
                        .join_from(applications, records,
                                   records.c.id == applications.c.record)
                        .where(applications.c.day == day.isoformat())
                        .order_by(applications.c.kiosk_id, applications.c.created_utc)).all()
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        p = parse_payload(r.payload)
        writer.writerow([
            r.uuid, r.kiosk_id, r.event_code, r.day, r.created_utc, r.ticket_code or "",
            r.ticket_status, r.service, p.get("passport_type", ""), p.get("years", ""),
            (p.get("full_name") or "").upper(), p.get("nik", ""), p.get("birth_place", ""),
            p.get("birth_date", ""), p.get("sex", ""), p.get("phone", ""), p.get("email", ""),
            "yes" if p.get("child") else "no", (p.get("parent_name") or "").upper(),
            p.get("parent_nik", ""), p.get("priority", ""), r.pickup_date,
            "yes" if r.redacted_utc else "no"])
    out = Path(out)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())
    os.chmod(out, 0o600)
    return len(rows)
