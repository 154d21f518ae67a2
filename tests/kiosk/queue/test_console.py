"""The queue console: a full cycle with priority, transfer and no-show, each step a record."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from kiosk.queue.console import QueueError
from kiosk.queue.tickets import estimated_wait_minutes, find_ticket, people_ahead
from tests.helpers.factories import adult_form

DAY = dt.date(2019, 10, 23)


def submit(registrar, clock, minutes=1, **overrides):
    receipt = registrar.submit_application(adult_form(**overrides),
                                           submission_id=str(uuid.uuid4()))
    clock.advance(minutes * 60)
    return receipt.ticket


def events(store):
    return [r.payload for r in store.records(kind="queue_event")]


def test_full_cycle_with_priority_transfer_and_no_show(registrar, queue, officer, clock):
    """Priority first, then issue order; a transfer keeps its issue time; records say it all."""
    store = registrar.store
    a1 = submit(registrar, clock)                       # A-001 09:30
    a2 = submit(registrar, clock)                       # A-002 09:31
    b1 = submit(registrar, clock, service="RENEW")      # B-001 09:32
    a3 = submit(registrar, clock, priority="elderly")   # A-003 09:33, priority
    b2 = submit(registrar, clock, service="RENEW")      # B-002 09:34

    first = queue.call_next("1", ["NEW"], officer)
    assert first.code == a3.code and first.status == "called" and first.counter == "1"
    clock.advance(5 * 60)
    assert queue.mark_served(a3.code, officer=officer).status == "served"

    second = queue.call_next("1", ["NEW"], officer)
    assert second.code == a1.code
    queue.recall(a1.code, officer=officer)
    clock.advance(2 * 60)
    assert queue.mark_no_show(a1.code, officer=officer).status == "no_show"

    # A-002 belongs at RENEW: it waits there by its issue time, ahead of B-001.
    moved = queue.transfer(a2.code, "RENEW", officer=officer)
    assert (moved.service, moved.status, moved.issued_utc) == ("RENEW", "waiting", a2.issued_utc)
    assert queue.call_next("2", ["RENEW"], officer).code == a2.code
    queue.mark_served(a2.code, officer=officer)
    assert queue.call_next("2", ["RENEW"], officer).code == b1.code
    assert queue.call_next("1", ["NEW"], officer) is None

    got = [(e["event"], e["code"]) for e in events(store)]
    assert got == [("called", a3.code), ("served", a3.code), ("called", a1.code),
                   ("recalled", a1.code), ("no_show", a1.code), ("transferred", a2.code),
                   ("called", a2.code), ("served", a2.code), ("called", b1.code)]
    transfer = events(store)[5]
    assert transfer["from_service"] == "NEW" and transfer["to_service"] == "RENEW"
    assert all(e["officer_id"] == officer.id and e["officer_name"] == officer.name
               and e["day"] == "2019-10-23" for e in events(store))
    assert events(store)[0]["counter"] == "1" and events(store)[-1]["counter"] == "2"
    done = find_ticket(store, day=DAY, code=a3.code)
    assert done.called_utc and done.done_utc and done.done_utc > done.called_utc
    assert find_ticket(store, day=DAY, code=b2.code).status == "waiting"


def test_queue_events_carry_no_personal_data(registrar, queue, officer, clock):
    """A queue_event names the ticket, services, counter and officer: never the citizen."""
    ticket = submit(registrar, clock)
    queue.call_next("1", None, officer)
    queue.mark_served(ticket.code, officer=officer)
    for record in registrar.store.records(kind="queue_event"):
        assert set(record.payload) == {"event", "code", "day", "service", "counter",
                                       "from_service", "to_service", "ticket_record",
                                       "officer_id", "officer_name"}
        assert "7571010101900003" not in record.payload_json
        assert "BUDI" not in record.payload_json.upper()


def test_a_busy_counter_must_finish_first(registrar, queue, officer, clock):
    """Call next is refused while the counter still has a called ticket."""
    first = submit(registrar, clock)
    submit(registrar, clock)
    queue.call_next("1", None, officer)
    with pytest.raises(QueueError) as err:
        queue.call_next("1", None, officer)
    assert err.value.key == "queue.counter_busy" and err.value.params["code"] == first.code
    assert queue.at_counter("1").code == first.code
    assert queue.call_next("2", None, officer) is not None


def test_refused_steps_write_nothing(registrar, queue, officer, clock):
    """A wrong step raises a keyed error and appends no record."""
    ticket = submit(registrar, clock)
    before = len(registrar.store.records())
    for step in (queue.mark_served, queue.mark_no_show, queue.recall):
        with pytest.raises(QueueError) as err:
            step(ticket.code, officer=officer)
        assert err.value.key == "queue.wrong_status"
    with pytest.raises(QueueError) as err:
        queue.mark_served("Z-999", officer=officer)
    assert err.value.key == "queue.not_found"
    with pytest.raises(QueueError) as err:
        queue.transfer(ticket.code, "NEW", officer=officer)
    assert err.value.key == "queue.same_service"
    with pytest.raises(QueueError) as err:
        queue.transfer(ticket.code, "LOST", officer=officer)
    assert err.value.key == "queue.service_not_on_site"
    with pytest.raises(QueueError) as err:
        queue.call_next("   ", None, officer)
    assert err.value.key == "queue.counter_name"
    assert len(registrar.store.records()) == before


def test_codes_are_read_loosely(registrar, queue, officer, clock):
    """An officer may type a-001 with spaces."""
    ticket = submit(registrar, clock)
    queue.call_next("1", None, officer)
    assert queue.mark_served(f"  {ticket.code.lower()} ", officer=officer).status == "served"


def test_board_lists_waiting_per_service_priority_first(registrar, queue, officer, clock):
    """The board: each service with waiting tickets in calling order and its counts."""
    a1 = submit(registrar, clock)
    a2 = submit(registrar, clock, priority="pregnant")
    b1 = submit(registrar, clock, service="RENEW")
    queue.call_next("2", ["RENEW"], officer)
    board = {row.service: row for row in queue.board()}
    assert [t.code for t in board["NEW"].waiting] == [a2.code, a1.code]
    assert board["NEW"].priority_waiting == 1
    assert [t.code for t in board["RENEW"].called] == [b1.code]
    assert list(board) == ["NEW", "RENEW", "COMPLAINT"]     # INFO has no queue, no line


def test_now_serving_shows_codes_and_counters_only(registrar, queue, officer, clock):
    """The public display gets code, counter and time; a recall moves a code to the top."""
    a1 = submit(registrar, clock)
    a2 = submit(registrar, clock)
    queue.call_next("1", None, officer)
    clock.advance(60)
    queue.call_next("2", None, officer)
    assert [(n.code, n.counter) for n in queue.now_serving()] == [(a2.code, "2"), (a1.code, "1")]
    clock.advance(60)
    queue.recall(a1.code, officer=officer)
    shown = queue.now_serving()
    assert [n.code for n in shown] == [a1.code, a2.code]
    assert {f.name for f in dataclasses.fields(shown[0])} == {"code", "counter",
                                                              "announced_utc"}
    queue.mark_served(a1.code, officer=officer)
    assert [n.code for n in queue.now_serving()] == [a2.code]


def test_people_ahead_and_waits_follow_the_queue(registrar, queue, officer, clock):
    """Calls shorten the line; three served in 4 minutes each make the estimate 4 per person."""
    store = registrar.store
    tickets = [submit(registrar, clock, minutes=0) for _ in range(6)]
    last = tickets[-1]
    assert people_ahead(store, last) == 5
    for t in tickets[:3]:
        assert queue.call_next("1", None, officer).code == t.code
        clock.advance(4 * 60)
        queue.mark_served(t.code, officer=officer)
    assert people_ahead(store, last) == 2
    assert estimated_wait_minutes(store, last, configured_minutes=12) == 8


def test_a_transferred_ticket_counts_in_its_new_queue(registrar, queue, officer, clock):
    """A-001 moved to RENEW waits there by its issue time and counts for B-001 (same number)."""
    store = registrar.store
    a1 = submit(registrar, clock)
    b1 = submit(registrar, clock, service="RENEW")
    b2 = submit(registrar, clock, service="RENEW")
    queue.transfer(a1.code, "RENEW", officer=officer)
    assert people_ahead(store, find_ticket(store, day=DAY, code=a1.code)) == 0
    # B-001 has the same number as A-001 and must still count it (codes tell them apart).
    assert people_ahead(store, b1) == 1
    assert people_ahead(store, b2) == 2


def test_call_next_across_services_keeps_the_issue_order(registrar, queue, officer, clock):
    """A counter serving NEW and RENEW calls the earliest issued of both."""
    b1 = submit(registrar, clock, service="RENEW")
    a1 = submit(registrar, clock)
    assert queue.call_next("1", ["NEW", "RENEW"], officer).code == b1.code
    queue.mark_served(b1.code, officer=officer)
    assert queue.call_next("1", ["NEW", "RENEW"], officer).code == a1.code


def test_yesterdays_tickets_are_not_called_today(registrar, queue, officer, clock):
    """The console works on the event's local day only."""
    submit(registrar, clock)
    clock.advance(24 * 3600)
    assert queue.call_next("1", None, officer) is None
    assert queue.board()[0].waiting == ()
