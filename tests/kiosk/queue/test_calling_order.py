"""The one calling order (QueueConsole.next_up) and which services queue (INFO does not)."""

from __future__ import annotations

import uuid

import pytest

from kiosk.i18n import Translator
from kiosk.queue.console import QueueError
from kiosk.queue.tickets import allocate_ticket, find_ticket
from tests.helpers.factories import adult_form, complaint_form

ALL = ("NEW", "RENEW", "LOST", "DAMAGED", "COMPLAINT", "INFO")


def submit(registrar, clock, **overrides):
    receipt = registrar.submit_application(adult_form(**overrides),
                                           submission_id=str(uuid.uuid4()))
    clock.advance(60)
    return receipt.ticket


def test_next_up_is_the_ticket_call_next_calls(registrar, queue, officer, clock):
    """Priority first, then issue order across services, a transferred ticket by its own
    issue time: the preview names each ticket before Call next calls it."""
    a1 = submit(registrar, clock)                                  # 09:30
    b1 = submit(registrar, clock, service="RENEW")                 # 09:31
    a2 = submit(registrar, clock)                                  # 09:32
    a3 = submit(registrar, clock, priority="elderly")              # 09:33, priority
    e1 = registrar.submit_complaint(complaint_form(), submission_id=str(uuid.uuid4())).ticket
    b2 = submit(registrar, clock, service="RENEW", priority="disabled")
    queue.transfer(a2.code, "RENEW", officer=officer)              # keeps 09:32
    called = []
    while (preview := queue.next_up()) is not None:
        ticket = queue.call_next("1", None, officer)
        assert ticket.code == preview.code
        called.append(ticket.code)
        queue.mark_served(ticket.code, officer=officer)
    assert called == [a3.code, b2.code, a1.code, b1.code, a2.code, e1.code]
    assert queue.call_next("1", None, officer) is None


def test_next_up_follows_the_services_of_the_counter(registrar, queue, officer, clock):
    """A counter for RENEW only previews and calls RENEW tickets."""
    submit(registrar, clock, priority="pregnant")
    b1 = submit(registrar, clock, service="RENEW")
    assert queue.next_up(["RENEW"]).code == b1.code
    assert queue.call_next("3", ["RENEW"], officer).code == b1.code
    assert queue.next_up(["RENEW"]) is None


def test_the_catalogue_says_which_services_queue(catalogue):
    """Every service takes a ticket except INFO, whose slip ends the visit."""
    assert catalogue.queueing(ALL) == ("NEW", "RENEW", "LOST", "DAMAGED", "COMPLAINT")
    assert not catalogue.service("INFO").queues
    assert catalogue.queueing(["INFO", "NOPE"]) == ()


def test_a_transfer_to_a_service_without_a_queue_is_refused(registrar, queue, officer,
                                                            clock):
    """Sending a ticket to INFO: a translated refusal, no record, the ticket unchanged."""
    ticket = submit(registrar, clock)
    before = len(registrar.store.records())
    with pytest.raises(QueueError) as err:
        queue.transfer(ticket.code, "INFO", officer=officer)
    assert err.value.key == "queue.no_queue"
    assert "antrean" in Translator("id").error(err.value)
    assert "no queue" in Translator("en").error(err.value)
    assert len(registrar.store.records()) == before
    assert find_ticket(registrar.store, day=queue.today(), code=ticket.code).service == "NEW"
    assert "INFO" not in queue.transfer_targets()
    assert queue.transfer_targets() == ("NEW", "RENEW", "COMPLAINT")


def test_a_ticket_in_a_service_without_a_queue_is_never_called(registrar, queue, officer,
                                                               clock):
    """An INFO ticket left by an older kiosk is neither previewed, called nor on the board."""
    store = registrar.store
    with store.transaction():
        record = store.append_record("info", {"service": "INFO"}, now=clock.now())
        allocate_ticket(store, day=queue.today(), service="INFO", letter="F", kiosk_no=1,
                        kiosks=1, priority="", record_uuid=record.uuid, now=clock.now())
    assert queue.next_up() is None and queue.next_up(["INFO"]) is None
    assert queue.call_next("1", None, officer) is None
    assert queue.call_next("1", ["INFO"], officer) is None
    assert "INFO" not in [row.service for row in queue.board()]
