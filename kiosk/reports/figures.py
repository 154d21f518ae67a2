"""The day's figures for the booth report, and the CSV recap (no personal data in either).

Figures come from the day's records (arrivals, complaints by category, queue events) and
the tickets table (status, counter). Nothing personal is read out of a payload except
what is needed to count: kind, service, complaint category. The PDF is drawn by
kiosk/reports/pdf.py from a DayFigures.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.event.config import Config
from kiosk.i18n import N_
from kiosk.records.store import Store, day_bounds_utc, parse_utc_iso

CITIZEN_KINDS = ("application", "complaint", "info", "referral")
DEFAULT_HOURS = range(8, 18)


@dataclass(frozen=True)
class TicketLine:
    """One ticket of the day, as the recap lists it: a code and times, nobody's name."""

    code: str
    service: str
    first_service: str
    priority: bool
    status: str
    counter: str
    issued: dt.datetime
    first_called: dt.datetime | None
    done: dt.datetime | None
    last_called: dt.datetime | None = None     # after a transfer, the call that served it

    @property
    def wait_minutes(self) -> float | None:
        return _minutes(self.issued, self.first_called)

    @property
    def service_minutes(self) -> float | None:
        return None if self.status != "served" else _minutes(self.last_called, self.done)


@dataclass(frozen=True)
class DayFigures:
    day: dt.date
    event_code: str
    kiosk_id: str
    made_at: dt.datetime                       # local time of the event
    services: tuple[str, ...]                  # letter order
    arrivals_per_hour: dict[int, int]          # local hour -> citizens (records)
    tickets: tuple[TicketLine, ...]
    complaints_by_category: dict[str, int]
    info_visits: int
    referrals: int
    transfers: int
    hours: tuple[int, ...] = field(default=tuple(DEFAULT_HOURS))
    kiosk_number: int = 1                      # as officers name it: "Kiosk 1 of 2"
    kiosks: int = 1                            # kiosks at the event

    def count(self, *, service: str | None = None, status: str | None = None) -> int:
        return sum(1 for t in self.tickets if (service is None or t.service == service)
                   and (status is None or t.status == status))

    def tickets_per_hour(self, service: str) -> dict[int, int]:
        return dict(Counter(t.issued.hour for t in self.tickets if t.first_service == service))

    def median_wait(self, service: str | None = None) -> float | None:
        return _median([t.wait_minutes for t in self.tickets
                        if service is None or t.service == service])

    def median_service(self, service: str | None = None) -> float | None:
        return _median([t.service_minutes for t in self.tickets
                        if service is None or t.service == service])

    def totals(self) -> list[tuple[str, str]]:
        """(English label, value) pairs; the PDF translates the labels."""
        return [
            (N_("Visitors registered"), str(sum(self.arrivals_per_hour.values()))),
            (N_("Queue tickets issued"), str(len(self.tickets))),
            (N_("Priority tickets"), str(sum(t.priority for t in self.tickets))),
            (N_("Served"), str(self.count(status="served"))),
            (N_("No-shows"), str(self.count(status="no_show"))),
            (N_("Transferred"), str(self.transfers)),
            (N_("Still waiting or at a counter"),
             str(self.count(status="waiting") + self.count(status="called"))),
            (N_("Complaints"), str(sum(self.complaints_by_category.values()))),
            (N_("Information visits"), str(self.info_visits)),
            (N_("Referrals to the office"), str(self.referrals)),
            (N_("Median wait (minutes)"), _fmt(self.median_wait())),
            (N_("Median service time (minutes)"), _fmt(self.median_service())),
        ]


def day_figures(store: Store, config: Config, *, day: dt.date, now: dt.datetime,
                services: tuple[str, ...]) -> DayFigures:
    """Everything the report shows for one event day. `services` in display order."""
    tz = config.event.tz
    lo, hi = day_bounds_utc(day, tz)
    arrivals: Counter[int] = Counter()
    categories: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    first_called: dict[str, dt.datetime] = {}
    last_called: dict[str, dt.datetime] = {}
    first_service: dict[str, str] = {}
    transfers = 0
    rows = store.conn.execute(
        "SELECT kind, created_utc, payload FROM records WHERE created_utc >= ? AND "
        "created_utc < ? AND kind IN ('application','complaint','info','referral','queue_event')"
        " ORDER BY seq", (lo, hi))
    for kind, created, payload_json in rows:
        when = _local(created, tz)
        kinds[kind] += 1
        if kind in CITIZEN_KINDS:
            arrivals[when.hour] += 1
        if kind == "complaint":
            categories[json.loads(payload_json).get("category") or "other"] += 1
        if kind == "queue_event":
            event = json.loads(payload_json)
            code = event["code"]
            if event["event"] == "called":
                first_called.setdefault(code, when)
                last_called[code] = when
            elif event["event"] == "transferred":
                transfers += 1
                first_service.setdefault(code, event["from_service"])
    tickets = []
    for r in store.conn.execute("SELECT * FROM tickets WHERE day=? ORDER BY id",
                                (day.isoformat(),)):
        code = r["code"]
        tickets.append(TicketLine(
            code=code, service=r["service"], first_service=first_service.get(code, r["service"]),
            priority=bool(r["priority"]), status=r["status"], counter=r["counter"] or "",
            issued=_local(r["issued_utc"], tz), first_called=first_called.get(code),
            done=_local(r["done_utc"], tz) if r["done_utc"] else None,
            last_called=last_called.get(code)))
    seen = set(arrivals) | {t.issued.hour for t in tickets}
    hours = tuple(range(min(min(seen, default=8), 8), max(max(seen, default=17), 17) + 1))
    return DayFigures(day, config.event.code, store.kiosk_id, now.astimezone(tz), services,
                      dict(arrivals), tuple(tickets), dict(categories), kinds["info"],
                      kinds["referral"], transfers, hours, kiosk_number=config.kiosk.number,
                      kiosks=config.event.kiosks)


# -- the CSV recap ----------------------------------------------------------------------------
def recap_csv(figures: DayFigures) -> str:
    """Sections separated by an empty row: totals, tickets per hour and service, tickets.

    Holds queue codes, services, flags, times and counts only: no NIK, name, phone,
    e-mail or address, and not the priority reason (only a yes/no flag).
    """
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Day recap", figures.event_code, f"kiosk {figures.kiosk_number}",
                figures.kiosk_id, figures.day.isoformat(),
                "made " + figures.made_at.strftime("%Y-%m-%d %H:%M")])
    w.writerow([])
    w.writerow(["Totals", "value"])
    w.writerows(figures.totals())
    w.writerow([])
    w.writerow(["Tickets per hour", *figures.services, "all", "arrivals"])
    per_service = [figures.tickets_per_hour(s) for s in figures.services]
    for hour in figures.hours:
        per = [counts.get(hour, 0) for counts in per_service]
        w.writerow([f"{hour:02d}:00", *per, sum(per), figures.arrivals_per_hour.get(hour, 0)])
    w.writerow([])
    w.writerow(["Per service", "issued", "served", "no_show", "waiting", "median_wait_min",
                "median_service_min"])
    for s in figures.services:
        w.writerow([s, figures.count(service=s), figures.count(service=s, status="served"),
                    figures.count(service=s, status="no_show"),
                    figures.count(service=s, status="waiting"),
                    _fmt(figures.median_wait(s)), _fmt(figures.median_service(s))])
    w.writerow([])
    w.writerow(["Complaint category", "complaints"])
    w.writerows(sorted(figures.complaints_by_category.items()))
    w.writerow([])
    w.writerow(["Ticket", "service", "first_service", "priority", "status", "counter",
                "issued", "first_called", "done", "wait_min", "service_min"])
    for t in figures.tickets:
        w.writerow([t.code, t.service, t.first_service, "yes" if t.priority else "no",
                    t.status, t.counter, _hms(t.issued), _hms(t.first_called), _hms(t.done),
                    _fmt(t.wait_minutes), _fmt(t.service_minutes)])
    return out.getvalue()


def write_recap_csv(figures: DayFigures, path: Path) -> Path:
    path = Path(path)
    path.write_text(recap_csv(figures), encoding="utf-8", newline="")
    return path


def _local(iso: str, tz: dt.tzinfo) -> dt.datetime:
    return parse_utc_iso(iso).astimezone(tz)


def _minutes(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return max((b - a).total_seconds() / 60, 0.0)


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _hms(when: dt.datetime | None) -> str:
    return when.strftime("%H:%M:%S") if when else ""
