"""Tickets: codes, daily restart, priority order, people ahead and waits, two kiosks."""

from __future__ import annotations

import datetime as dt
import uuid

from kiosk.citizen.registrar import Registrar
from kiosk.queue.tickets import (
    estimated_wait_minutes,
    find_ticket,
    format_code,
    observed_service_minutes,
    people_ahead,
    waiting,
)
from kiosk.records.store import Store
from tests.helpers.factories import adult_form, complaint_form, config


def submit(registrar, **overrides):
    return registrar.submit_application(adult_form(**overrides), submission_id=str(uuid.uuid4()))


def test_codes_are_speakable():
    """A letter then three digits; the kiosk number joins when there are several kiosks."""
    assert format_code("A", 7, kiosk_no=1, kiosks=1) == "A-007"
    assert format_code("A", 7, kiosk_no=2, kiosks=3) == "A2-007"
    assert format_code("B", 1234, kiosk_no=1, kiosks=1) == "B-1234"


def test_numbers_count_per_service(registrar):
    """NEW takes A-001, A-002; RENEW starts its own B-001; complaints E-001."""
    assert submit(registrar).ticket.code == "A-001"
    assert submit(registrar).ticket.code == "A-002"
    assert submit(registrar, service="RENEW").ticket.code == "B-001"
    complaint = registrar.submit_complaint(complaint_form(), submission_id=str(uuid.uuid4()))
    assert complaint.ticket.code == "E-001"


def test_numbers_restart_each_event_day(registrar, clock):
    """The next local day starts again at 001; yesterday's codes stay findable."""
    assert submit(registrar).ticket.code == "A-001"
    clock.advance(24 * 3600)
    second = submit(registrar)
    assert second.ticket.code == "A-001" and second.ticket.day == "2019-10-24"
    assert find_ticket(registrar.store, day=dt.date(2019, 10, 23), code="a-001") is not None


def test_day_follows_the_event_time_zone(registrar, clock):
    """23:30 UTC on the 22nd is already the 23rd in WITA (UTC+8)."""
    clock.set(dt.datetime(2019, 10, 22, 23, 30, tzinfo=dt.UTC))
    assert submit(registrar).ticket.day == "2019-10-23"


def test_priority_is_called_first_and_counts_ahead(registrar):
    """An elderly citizen who came third is first in line; the others have one more ahead."""
    a = submit(registrar).ticket
    b = submit(registrar).ticket
    c = submit(registrar, priority="elderly").ticket
    order = [t.code for t in waiting(registrar.store, day=dt.date(2019, 10, 23))]
    assert order == [c.code, a.code, b.code]
    assert people_ahead(registrar.store, c) == 0
    assert people_ahead(registrar.store, a) == 1
    assert people_ahead(registrar.store, b) == 2


def test_wait_from_configured_minutes_then_observed(registrar, clock):
    """Wait = ahead x configured minutes, then ahead x today's median service time."""
    store = registrar.store
    tickets = [submit(registrar).ticket for _ in range(6)]
    last = registrar.receipt(store.record(tickets[-1].record_uuid), tickets[-1])
    assert last.people_ahead == 5
    assert last.wait_minutes == 5 * registrar.config.minutes_per_service["NEW"]
    # Serve three in 4 minutes each, as the officer side will record it.
    for t in tickets[:3]:
        called = clock.now()
        clock.advance(4 * 60)
        store.conn.execute(
            "UPDATE tickets SET status='served', called_utc=?, done_utc=? WHERE code=?",
            (called.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
             clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"), t.code))
    again = registrar.receipt(store.record(tickets[-1].record_uuid), tickets[-1])
    assert again.people_ahead == 2 and again.wait_minutes == 8


def test_two_kiosks_without_network_never_share_a_code(tmp_path, catalogue, clock):
    """Kiosk 1 and kiosk 2 of one event each issue 300 tickets on one day: no code in common."""
    codes = []
    for number in (1, 2):
        store = Store(tmp_path / f"kiosk{number}.sqlite3")
        reg = Registrar(store, config(kiosks=2, kiosk_number=number), catalogue, clock)
        mine = set()
        for i in range(300):
            service = ("NEW", "RENEW")[i % 2]
            mine.add(submit(reg, service=service).ticket.code)
        assert len(mine) == 300
        codes.append(mine)
        store.close()
    assert codes[0].isdisjoint(codes[1])
    assert all(c[1] == "1" for c in codes[0]) and all(c[1] == "2" for c in codes[1])


def test_observed_minutes_count_served_tickets_only(registrar, queue, officer, clock):
    """No-shows (called, never served) do not pull today's median service time down."""
    tickets = [submit(registrar).ticket for _ in range(5)]
    for t in tickets[:3]:
        queue.call_next("1", None, officer)
        clock.advance(6 * 60)
        queue.mark_served(t.code, officer=officer)
    queue.call_next("1", None, officer)
    clock.advance(60)
    queue.mark_no_show(tickets[3].code, officer=officer)
    assert observed_service_minutes(registrar.store, day=dt.date(2019, 10, 23),
                                    service="NEW") == 6
    assert estimated_wait_minutes(registrar.store, tickets[4], configured_minutes=12) == 0
    assert people_ahead(registrar.store, tickets[4]) == 0
