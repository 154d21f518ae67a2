"""Queue console: a full cycle with priority, transfer and no-show, tapped on the console."""

from __future__ import annotations

from kiosk.queue.tickets import find_ticket, people_ahead
from tests.helpers.factories import complaint_form
from tests.helpers.slips import sid


def _events(desk):
    return [(e["event"], e["code"], e["counter"], e["service"], e["officer_name"])
            for e in desk.records("queue_event")]


def _board(desk, service):
    return desk.find(f"queue:board:{service}").text()


def test_a_full_queue_cycle(desk):
    """Priority first, served, transfer keeps the code and the place, no-show; every step a
    queue_event record; the board and the counter follow each tap."""
    first = desk.submit()
    elderly = desk.submit(nik="7571014101550001", birth_date="01-01-1955", sex="F",
                          full_name="Siti Rahma", priority="elderly")   # A-002, priority
    renewal = desk.submit(service="RENEW", nik="7571010101800004",
                          birth_date="01-01-1980")                 # B-001
    assert [r.ticket.code for r in (first, elderly, renewal)] == ["A-001", "A-002", "B-001"]
    desk.log_in()
    assert desk.find("queue:nextHint").text() == "Berikutnya: \u2605 A-002"
    assert _board(desk, "NEW") == "\u2605 A-002   A-001"
    assert _board(desk, "RENEW") == "B-001"
    assert desk.find("queue:current").text() == "\u2014"

    desk.tap("queue:counter:2")
    desk.settle()
    desk.tap("queue:next")
    desk.settle()
    assert desk.find("queue:current").text() == "\u2605 A-002"
    assert "Loket 2" in desk.find("queue:counterTitle").text()
    assert _board(desk, "NEW") == "A-001"
    assert "A-002 di loket 2" in desk.find("queue:board:NEW:called").text()
    assert not desk.kiosk.touch.exists("queue:next") or not desk.find("queue:next").isEnabled()

    desk.tap("queue:served")
    desk.settle()
    assert desk.find("queue:current").text() == "\u2014"
    assert "1 dilayani" in desk.find("queue:board:NEW:counts").text()

    desk.tap("queue:next")
    desk.settle()
    assert desk.find("queue:current").text() == "A-001"
    desk.tap("queue:transfer")
    desk.tap("queue:transfer:RENEW")
    desk.settle()
    assert desk.find("queue:current").text() == "\u2014"
    assert _board(desk, "RENEW") == "A-001   B-001"      # its issue time keeps its place
    store = desk.store
    moved = find_ticket(store, day=desk.app.controller.services.today(), code="A-001")
    assert moved.service == "RENEW" and people_ahead(store, moved) == 0

    desk.tap("queue:next")
    desk.settle()
    assert desk.find("queue:current").text() == "A-001"
    desk.tap("queue:recall")
    desk.settle()
    desk.tap("queue:no_show")
    desk.settle()
    assert "1 tidak hadir" in desk.find("queue:board:RENEW:counts").text()
    assert _board(desk, "RENEW") == "B-001"

    officer = "Andi Pratama"
    assert _events(desk) == [
        ("called", "A-002", "2", "NEW", officer),
        ("served", "A-002", "2", "NEW", officer),
        ("called", "A-001", "2", "NEW", officer),
        ("transferred", "A-001", "2", "RENEW", officer),
        ("called", "A-001", "2", "RENEW", officer),
        ("recalled", "A-001", "2", "RENEW", officer),
        ("no_show", "A-001", "2", "RENEW", officer),
    ]
    transfer = desk.records("queue_event")[3]
    assert (transfer["from_service"], transfer["to_service"]) == ("NEW", "RENEW")


def test_two_counters_and_a_refusal_in_words(desk):
    """Counter 1 and 2 each take the next ticket; an empty queue leaves Call next disabled."""
    desk.submit()
    desk.app.booth.registrar().submit_complaint(complaint_form(), submission_id=sid())   # E-001
    desk.log_in()
    desk.tap("queue:next")
    desk.settle()
    assert desk.find("queue:current").text() == "A-001"
    desk.tap("queue:counter:2")
    desk.settle()
    desk.tap("queue:next")
    desk.settle()
    assert desk.find("queue:current").text().endswith("-001")
    assert desk.find("queue:current").text() != "A-001"
    desk.tap("queue:counter:3")
    desk.settle()
    assert not desk.find("queue:next").isEnabled()
    desk.tap("queue:counter:1")
    desk.settle()
    assert desk.find("queue:current").text() == "A-001"


def test_the_board_refreshes_while_shown(desk):
    """A citizen takes a ticket while the console is open: it appears within a few ticks."""
    desk.log_in()
    assert _board(desk, "NEW") == "\u2014"
    desk.submit()
    for _ in range(5):
        desk.session.tick_timer.timeout.emit()
    desk.settle()
    assert _board(desk, "NEW") == "A-001"


def test_the_next_preview_is_the_ticket_call_next_calls(desk):
    """Priority first, then issue order across services, a transferred ticket keeping its
    place: before every tap on Call next the hint names the very ticket it calls."""
    clock = desk.kiosk.clock
    renewal = {"service": "RENEW", "nik": "7571010101800004", "birth_date": "01-01-1980"}
    for form in ({}, renewal, {},
                 {"priority": "elderly", "nik": "7571014101550001", "birth_date": "01-01-1955",
                  "sex": "F"},
                 {**renewal, "priority": "disabled"}):
        desk.submit(**form)                 # A-001, B-001, A-002, A-003 (★), B-002 (★)
        clock.advance(60)
    desk.log_in()
    assert not desk.kiosk.touch.exists("queue:transfer:INFO")
    called = []
    while desk.find("queue:next").isEnabled():
        preview = desk.find("queue:nextHint").text().removeprefix("Berikutnya: ")
        desk.tap("queue:next")
        desk.settle()
        assert desk.find("queue:current").text() == preview
        called.append(preview)
        if len(called) == 1:                # the first one belongs at RENEW
            desk.tap("queue:transfer")
            desk.tap("queue:transfer:RENEW")
        else:
            desk.tap("queue:served")
        desk.settle()
    star = "\u2605 "
    assert called == [star + "A-003", star + "A-003", star + "B-002", "A-001", "B-001",
                      "A-002"]
    assert desk.find("queue:nextHint").text() == "Tidak ada yang menunggu."
