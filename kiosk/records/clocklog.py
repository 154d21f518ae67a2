"""Changes of the computer's clock, as records the central office sees (kind clock_change).

The event clock (kiosk/event/clock.py, EventClock) notices a clock set back or forward
while the kiosk runs, or found behind the kiosk's last record at start, and keeps its own
time; this module writes each change once as a ``clock_change`` record (payload in
docs/bundle-format.md, section 5) and reads back a day's changes for the officer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.event.clock import ClockStep, EventClock
from kiosk.records.record import Record
from kiosk.records.store import Store, parse_utc_iso, utc_now_iso

KIND = "clock_change"


def _event(step: ClockStep) -> str:
    if step.cause == "behind_last_record":
        return "behind_last_record"
    return "set_back" if step.seconds < 0 else "set_forward"


def record_clock_steps(store: Store, clock: EventClock) -> list[Record]:
    """Append a clock_change record for every change the clock noticed and no record holds
    yet; inside store.transaction(). A step's record has the step's id as its UUID, so a
    step is recorded once even when two threads try; steps already on record leave the
    clock's pending list. Returns the records written now."""
    if not store.conn.in_transaction:
        raise RuntimeError("record_clock_steps must run inside Store.transaction()")
    steps = clock.pending_steps()
    if not steps:
        return []
    on_record = [s.id for s in steps if store.record(s.id) is not None]
    clock.recorded(on_record)
    written = []
    for step in steps:
        if step.id in on_record:
            continue
        payload = {
            "event": _event(step), "seconds": step.seconds,
            "device_utc": utc_now_iso(step.device_utc), "kiosk_utc": utc_now_iso(step.kiosk_utc),
            "event_day": clock.local(step.kiosk_utc).date().isoformat(),
            "followed": step.followed,
        }
        written.append(store.append_record(KIND, payload, now=clock.now(),
                                           record_uuid=step.id))
    return written


@dataclass(frozen=True)
class ClockChange:
    """One recorded change, for the officer: what happened (event: set_back, set_forward,
    behind_last_record), by how many seconds, when by the kiosk's time and by the
    computer's clock (local, aware), and whether the kiosk took the new time."""

    event: str
    seconds: int
    kiosk_time: dt.datetime
    device_time: dt.datetime
    followed: bool


def clock_changes(store: Store, day: dt.date, tz: dt.tzinfo) -> list[ClockChange]:
    """The clock changes recorded on the event day `day`, oldest first."""
    out = []
    for record in store.records(kind=KIND):
        p = record.payload
        if p.get("event_day") != day.isoformat():
            continue
        out.append(ClockChange(p["event"], int(p["seconds"]),
                               parse_utc_iso(p["kiosk_utc"]).astimezone(tz),
                               parse_utc_iso(p["device_utc"]).astimezone(tz),
                               bool(p["followed"])))
    return out
