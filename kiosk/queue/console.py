"""The queue console: call, recall, served, no-show and transfer, each one queue_event record.

Every step is one store transaction that appends an append-only ``queue_event`` record
(ticket code, day, event, counter, officer, services) and updates the derived tickets
table (status, counter, called_utc, done_utc, service), so people ahead and estimated
waits (kiosk/queue/tickets.py) follow what happens. The public display reads now_serving():
queue codes and counters only, never personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError
from kiosk.event.catalogue import Catalogue
from kiosk.event.clock import Clock, EventClock
from kiosk.event.config import Config
from kiosk.queue.tickets import CALLING_ORDER, Ticket, find_ticket, ticket_from_row
from kiosk.records.audit import Officer
from kiosk.records.clocklog import ClockChange, clock_changes, record_clock_steps
from kiosk.records.store import Store, utc_now_iso

COUNTER_MAX = 12


class QueueError(KioskError):
    """A refused queue step (queue.counter_busy, queue.not_found, ...) for the officer's
    screen."""


@dataclass(frozen=True)
class ServiceQueue:
    """One service on the console's board."""

    service: str
    letter: str
    waiting: tuple[Ticket, ...]      # calling order: priority first, then the order taken
    priority_waiting: int
    called: tuple[Ticket, ...]       # at a counter now
    served: int
    no_show: int


@dataclass(frozen=True)
class Announcement:
    """A line of the public display: a queue code and its counter, nothing else."""

    code: str
    counter: str
    announced_utc: str


class QueueConsole:
    """Queue steps for today's tickets (the event's local day, from the clock)."""

    def __init__(self, store: Store, config: Config, catalogue: Catalogue, clock: Clock) -> None:
        self.store, self.config, self.catalogue = store, config, catalogue
        self.clock = EventClock.of(clock, config.event.tz)

    def today(self) -> dt.date:
        """The event's local day (tickets are per day)."""
        return self.clock.today()

    # -- steps ------------------------------------------------------------------------------
    def call_next(self, counter: str, services: Iterable[str] | None,
                  officer: Officer) -> Ticket | None:
        """Call the next waiting ticket of `services` (all on site when None) to `counter`.

        The one calling order (next_up): priority tickets first, then in the order the
        tickets were taken; a service without a queue (INFO) is never called. None when
        nobody waits. Refused (queue.counter_busy) while the counter still has a called
        ticket: mark it served or no-show, or transfer it, first.
        """
        counter = _counter(counter)
        now = self.clock.now()
        with self.store.transaction():
            busy = self.at_counter(counter)
            if busy is not None:
                raise QueueError("queue.counter_busy", code=busy.code, counter=counter)
            ticket = self.next_up(services)
            if ticket is None:
                return None
            stamp = utc_now_iso(now)
            self._update(ticket, status="called", counter=counter, called_utc=stamp,
                         announced_utc=stamp)
            return self._event("called", ticket, officer, now, counter=counter)

    def recall(self, code: str, *, officer: Officer) -> Ticket:
        """Announce a called ticket again (the citizen did not come yet)."""
        now = self.clock.now()
        with self.store.transaction():
            ticket = self._ticket(code, "called")
            self._update(ticket, announced_utc=utc_now_iso(now))
            return self._event("recalled", ticket, officer, now, counter=ticket.counter)

    def mark_served(self, code: str, *, officer: Officer) -> Ticket:
        """The called ticket `code` was served (queue.wrong_status unless called)."""
        return self._finish(code, "served", officer)

    def mark_no_show(self, code: str, *, officer: Officer) -> Ticket:
        """The citizen of called ticket `code` did not come (queue.wrong_status unless called)."""
        return self._finish(code, "no_show", officer)

    def _finish(self, code: str, status: str, officer: Officer) -> Ticket:
        """A called ticket ends: served, or the citizen did not come."""
        now = self.clock.now()
        with self.store.transaction():
            ticket = self._ticket(code, "called")
            self._update(ticket, status=status, done_utc=utc_now_iso(now))
            return self._event(status, ticket, officer, now, counter=ticket.counter)

    def transfer(self, code: str, to_service: str, *, officer: Officer) -> Ticket:
        """Send a waiting or called ticket to another service's queue.

        Refused (QueueError) for an unknown service (queue.unknown_service), one without a
        queue (queue.no_queue: INFO), one not on site (queue.service_not_on_site), the
        ticket's own service (queue.same_service). The code stays (the citizen holds that
        slip); the ticket waits again in the new service in the place it took when it was
        issued, so it is not sent to the back of the line.
        """
        now = self.clock.now()
        if to_service not in self.catalogue.services:
            raise QueueError("queue.unknown_service", service=to_service)
        if not self.catalogue.service(to_service).queues:
            raise QueueError("queue.no_queue", service=to_service)
        if not self.config.event.is_on_site(to_service):
            raise QueueError("queue.service_not_on_site", service=to_service)
        with self.store.transaction():
            ticket = self._ticket(code, "waiting", "called")
            if ticket.service == to_service:
                raise QueueError("queue.same_service", code=ticket.code, service=to_service)
            self._update(ticket, status="waiting", service=to_service, counter=None,
                         called_utc=None, announced_utc=None)
            return self._event("transferred", ticket, officer, now, counter=ticket.counter,
                               from_service=ticket.service, to_service=to_service)

    # -- views ------------------------------------------------------------------------------
    def queueing(self, services: Iterable[str] | None = None) -> tuple[str, ...]:
        """The services Call next serves: `services` (every one on site when None) less
        those without a queue (the catalogue's ``queues = false``: INFO)."""
        chosen = tuple(services) if services else self.config.event.services_on_site
        return self.catalogue.queueing(chosen)

    def transfer_targets(self) -> tuple[str, ...]:
        """Where an officer may send a ticket: the services on site that queue."""
        return self.queueing()

    def next_up(self, services: Iterable[str] | None = None) -> Ticket | None:
        """The ticket Call next would call now, in the one calling order (CALLING_ORDER:
        priority first, then the order taken, which a transfer keeps; never the stored
        issue time, which a clock set back would reorder); the console's "next" preview
        shows this very ticket. None when nobody waits."""
        chosen = self.queueing(services)
        if not chosen:
            return None
        marks = ",".join("?" * len(chosen))
        row = self.store.conn.execute(
            f"SELECT * FROM tickets WHERE day=? AND status='waiting' AND service IN ({marks})"
            f" ORDER BY {CALLING_ORDER} LIMIT 1", (self.today().isoformat(), *chosen)).fetchone()
        return ticket_from_row(row) if row is not None else None

    def at_counter(self, counter: str) -> Ticket | None:
        """The ticket called to `counter` and not finished yet, if any."""
        row = self.store.conn.execute(
            "SELECT * FROM tickets WHERE day=? AND status='called' AND counter=?"
            " ORDER BY called_utc DESC LIMIT 1", (self.today().isoformat(), counter)).fetchone()
        return ticket_from_row(row) if row else None

    def board(self) -> list[ServiceQueue]:
        """Every on-site service that queues (and any other with tickets today), in letter
        order; a service without a queue (INFO) has no line on the board."""
        day = self.today().isoformat()
        rows = [ticket_from_row(r) for r in self.store.conn.execute(
            f"SELECT * FROM tickets WHERE day=? ORDER BY {CALLING_ORDER}", (day,))]
        codes = self.catalogue.queueing(
            set(self.config.event.services_on_site) | {t.service for t in rows})
        services = sorted((self.catalogue.service(c) for c in codes), key=lambda s: s.letter)
        out = []
        for svc in services:
            mine = [t for t in rows if t.service == svc.code]
            wait = tuple(t for t in mine if t.status == "waiting")
            called = tuple(sorted((t for t in mine if t.status == "called"),
                                  key=lambda t: t.called_utc or ""))
            out.append(ServiceQueue(
                svc.code, svc.letter, wait, sum(1 for t in wait if t.is_priority), called,
                sum(1 for t in mine if t.status == "served"),
                sum(1 for t in mine if t.status == "no_show")))
        return out

    def clock_changes(self) -> list[ClockChange]:
        """Today's changes of the computer's clock (kiosk/records/clocklog.py), oldest
        first: the console says the kiosk kept its own time, and what to do."""
        return clock_changes(self.store, self.today(), self.config.event.tz)

    def now_serving(self, limit: int = 6) -> list[Announcement]:
        """Called tickets, most recently announced first: for the public display."""
        rows = self.store.conn.execute(
            "SELECT code, counter, announced_utc FROM tickets WHERE day=? AND status='called'"
            " ORDER BY announced_utc DESC, code LIMIT ?",
            (self.today().isoformat(), limit)).fetchall()
        return [Announcement(r["code"], r["counter"], r["announced_utc"]) for r in rows]

    # -- inside one transaction ---------------------------------------------------------------
    def _ticket(self, code: str, *statuses: str) -> Ticket:
        ticket = find_ticket(self.store, day=self.today(), code=code)
        if ticket is None:
            raise QueueError("queue.not_found", code=code.strip().upper())
        if ticket.status not in statuses:
            raise QueueError("queue.wrong_status", code=ticket.code, status=ticket.status)
        return ticket

    def _update(self, ticket: Ticket, **columns: Any) -> None:
        sets = ", ".join(f"{k}=?" for k in columns)
        self.store.conn.execute(f"UPDATE tickets SET {sets} WHERE day=? AND code=?",
                                (*columns.values(), ticket.day, ticket.code))

    def _event(self, event: str, ticket: Ticket, officer: Officer, now: dt.datetime, *,
               counter: str | None, from_service: str | None = None,
               to_service: str | None = None) -> Ticket:
        payload = {
            "event": event, "code": ticket.code, "day": ticket.day,
            "service": to_service or ticket.service, "counter": counter,
            "from_service": from_service, "to_service": to_service,
            "ticket_record": ticket.record_uuid,
            "officer_id": officer.id, "officer_name": officer.name,
        }
        record_clock_steps(self.store, self.clock)
        self.store.append_record("queue_event", payload, now=now)
        fresh = find_ticket(self.store, day=dt.date.fromisoformat(ticket.day), code=ticket.code)
        assert fresh is not None
        return fresh


def _counter(counter: str) -> str:
    counter = " ".join(str(counter).split())
    if not counter or len(counter) > COUNTER_MAX:
        raise QueueError("queue.counter_name", max=COUNTER_MAX)
    return counter
