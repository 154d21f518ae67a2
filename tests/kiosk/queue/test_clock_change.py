"""A computer clock changed during the event day: the calling order is the order tickets
were taken, tickets stay on the event day, and the change is a record the office sees."""

from __future__ import annotations

import datetime as dt
import uuid

from kiosk.booth.build import Booth
from kiosk.citizen.steps import Submission
from kiosk.event.clock import FakeClock
from kiosk.export.verify import read_bundle
from kiosk.officer.accounts import Officers
from kiosk.paths import DataDir
from kiosk.queue.tickets import allocate_ticket, people_ahead, waiting
from kiosk.records.record import KINDS
from tests.conftest import EVENT_MORNING
from tests.helpers.factories import adult_form

EVENING = dt.datetime(2019, 10, 23, 13, 0, tzinfo=dt.UTC)          # 21:00 WITA
DAY = dt.date(2019, 10, 23)


def open_booth(tmp_path, config, clock) -> Booth:
    return Booth(DataDir(tmp_path / "data"), config=config, clock=clock)


def apply(booth: Booth, **form):
    """One citizen's application through the booth, as the touchscreen sends it."""
    return booth.submit(Submission("application", adult_form(**form), form.get("service", "NEW"),
                                   str(uuid.uuid4()), "id", 0))


def clock_changes(booth: Booth) -> list[dict]:
    return [r.payload for r in booth.store.records(kind="clock_change")]


def test_the_calling_order_is_the_order_tickets_were_taken(fresh_db, queue, officer, clock):
    """Tickets whose stored issue times run backwards are still called, counted and shown
    in the order they were taken (a transfer keeps its place)."""
    store = fresh_db
    taken = []
    with store.transaction():
        for minutes, service in ((0, "NEW"), (-60, "NEW"), (-120, "RENEW"), (-180, "NEW")):
            record = store.append_record("application", {"service": service}, now=clock.now())
            taken.append(allocate_ticket(
                store, day=DAY, service=service, letter="A" if service == "NEW" else "B",
                kiosk_no=1, kiosks=1, priority="", record_uuid=record.uuid,
                now=clock.now() + dt.timedelta(minutes=minutes)))
    first, second, renew, fourth = taken
    assert [t.code for t in waiting(store, day=DAY)] == [first.code, second.code, renew.code,
                                                         fourth.code]
    assert [people_ahead(store, t) for t in (first, second, fourth)] == [0, 1, 2]
    assert [t.code for t in queue.board()[0].waiting] == [first.code, second.code, fourth.code]
    queue.transfer(first.code, "RENEW", officer=officer)     # taken before the RENEW ticket
    assert queue.next_up(["RENEW"]).code == first.code
    called = [queue.call_next("1", None, officer).code]
    queue.mark_served(called[0], officer=officer)
    while (ticket := queue.call_next("1", None, officer)) is not None:
        called.append(ticket.code)
        queue.mark_served(ticket.code, officer=officer)
    assert called == [first.code, second.code, renew.code, fourth.code]


def test_a_clock_set_back_an_hour_calls_the_earlier_citizen_first(tmp_path, config):
    """Set back an hour between two citizens: the second has one person ahead, is called
    second, and the step is a clock_change record (set back, an hour)."""
    clock = FakeClock(EVENT_MORNING)
    booth = open_booth(tmp_path, config, clock)
    booth.start_up()
    officer = Officers(booth.store, booth.clock).create_officer("Andi Pratama", "480915")
    first = apply(booth)
    clock.step(-3600)
    clock.advance(60)
    second = apply(booth)
    assert second.people_ahead == 1 and second.wait_minutes > 0
    assert second.ticket.issued_utc > first.ticket.issued_utc
    assert second.record.created_utc > first.record.created_utc
    assert [r.kind for r in booth.store.records()][-2:] == ["clock_change", "application"]
    [change] = clock_changes(booth)
    assert change["event"] == "set_back" and change["seconds"] == -3600
    assert change["event_day"] == "2019-10-23"
    assert change["device_utc"] < change["kiosk_utc"]
    console = booth.queue()
    assert console.next_up().code == first.ticket.code
    assert console.call_next("1", None, officer).code == first.ticket.code


def test_a_clock_set_back_past_midnight_keeps_the_ticket_on_the_event_day(tmp_path, config):
    """09:30 set back to 23:00 the day before: the ticket is on today's queue, numbered on."""
    clock = FakeClock(EVENT_MORNING)
    booth = open_booth(tmp_path, config, clock)
    first = apply(booth)
    clock.set(dt.datetime(2019, 10, 22, 15, 0, tzinfo=dt.UTC))         # 23:00 WITA, the 22nd
    second = apply(booth)
    assert second.ticket.day == first.ticket.day == "2019-10-23"
    assert second.ticket.code == "A-002"
    assert second.people_ahead == 1
    assert booth.queue().today() == DAY
    assert [c["event"] for c in clock_changes(booth)] == ["set_back"]


def test_a_forward_jump_past_midnight_keeps_the_event_day(tmp_path, config):
    """21:00 jumps to 02:00 the next day: tickets go on in today's queue (no second A-001,
    the waiting citizens stay on the board); after the kiosk's own midnight, a new day."""
    clock = FakeClock(EVENING)
    booth = open_booth(tmp_path, config, clock)
    first = apply(booth)
    clock.step(5 * 3600)
    second = apply(booth)
    assert (second.ticket.day, second.ticket.code) == ("2019-10-23", "A-002")
    assert [t.code for t in booth.queue().board()[0].waiting] == ["A-001", "A-002"]
    [change] = clock_changes(booth)
    assert change["event"] == "set_forward" and change["seconds"] == 5 * 3600
    assert not change["followed"]
    clock.advance(3 * 3600 + 60)                # the kiosk's midnight really passes
    third = apply(booth)
    assert (third.ticket.day, third.ticket.code) == ("2019-10-24", "A-001")
    assert first.record.created_utc <= second.record.created_utc < third.record.created_utc


def test_a_restart_with_the_clock_behind_the_last_record_keeps_the_day(tmp_path, config):
    """The kiosk restarts with its clock set back past midnight: it goes on from its last
    record, numbers on in the same day, and records why at start."""
    clock = FakeClock(EVENT_MORNING)
    booth = open_booth(tmp_path, config, clock)
    booth.start_up()
    apply(booth)
    booth.close()
    restarted = FakeClock(dt.datetime(2019, 10, 22, 15, 0, tzinfo=dt.UTC))   # 23:00, the 22nd
    again = open_booth(tmp_path, config, restarted)
    again.start_up()
    [change] = clock_changes(again)
    assert change["event"] == "behind_last_record"
    assert change["event_day"] == "2019-10-23"
    second = apply(again)
    assert (second.ticket.day, second.ticket.code) == ("2019-10-23", "A-002")
    assert second.people_ahead == 1


def test_a_restart_the_next_morning_starts_a_new_day(tmp_path, config):
    """A clock ahead of the last record at start is taken as it is: a new day, no record."""
    clock = FakeClock(EVENT_MORNING)
    booth = open_booth(tmp_path, config, clock)
    booth.start_up()
    apply(booth)
    booth.close()
    again = open_booth(tmp_path, config, FakeClock(EVENT_MORNING + dt.timedelta(days=1)))
    again.start_up()
    assert clock_changes(again) == []
    assert apply(again).ticket.code == "A-001"


def test_the_day_export_of_a_day_with_a_clock_change_verifies(tmp_path, config, central):
    """Every record of the day, the clock_change included, is in the day's bundle, which
    the bundle reader accepts (each record's time on the bundle's day)."""
    clock = FakeClock(EVENT_MORNING)
    booth = open_booth(tmp_path, config, clock)
    booth.start_up()
    apply(booth)
    clock.set(dt.datetime(2019, 10, 22, 15, 0, tzinfo=dt.UTC))         # 23:00, the 22nd
    apply(booth)
    stick = tmp_path / "stick"
    stick.mkdir()
    result = booth.exporter().export_day(stick, day=DAY, central_key=central[2])
    bundle = read_bundle(result.path, central_key=central[0], kiosk_keys=booth.own_key())
    kinds = [r.kind for r in bundle.records]
    assert kinds.count("application") == 2 and "clock_change" in kinds


def test_clock_change_is_a_kind_the_bundle_format_lists():
    """The new kind is declared and named in docs/bundle-format.md's list of kinds."""
    from pathlib import Path

    assert "clock_change" in KINDS
    doc = (Path(__file__).resolve().parents[3] / "docs" / "bundle-format.md").read_text()
    assert "`clock_change`" in doc
