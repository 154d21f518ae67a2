"""Submitting: one transaction, idempotent by submission id, receipts with dates."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kiosk.citizen.registrar import InvalidSubmission
from tests.helpers.factories import adult_form, complaint_form


def test_submission_writes_record_ticket_and_outbox_together(registrar):
    """One application: one record, one ticket naming it, one outbox row."""
    receipt = registrar.submit_application(adult_form(), submission_id=str(uuid.uuid4()))
    store = registrar.store
    assert [r.uuid for r in store.records()] == [receipt.record.uuid]
    assert receipt.ticket.record_uuid == receipt.record.uuid
    assert store.outbox_seqs() == [receipt.record.seq]
    assert receipt.record.payload["nik"] == "7571010101900003"
    assert receipt.record.payload["full_name"] == "BUDI SANTOSO"
    # Pinned deliberately (issue 12, pick-up list): the stored payload is the form's fields
    # plus language, event, and the slip's ticket code and pick-up date.
    assert sorted(receipt.record.payload) == [
        "birth_date", "birth_place", "child", "email", "event", "full_name", "language", "nik",
        "passport_type", "phone", "pickup_date", "priority", "service", "sex", "ticket_code",
        "years"]


def test_same_submission_id_twice_gives_one_record(registrar):
    """A double tap (same submission id) returns the first receipt, no second ticket."""
    sid = str(uuid.uuid4())
    first = registrar.submit_application(adult_form(), submission_id=sid)
    second = registrar.submit_application(adult_form(), submission_id=sid)
    assert first.ticket.code == second.ticket.code
    assert len(registrar.store.records()) == 1


def test_invalid_form_writes_nothing(registrar):
    """Errors come back by field and nothing is stored."""
    with pytest.raises(InvalidSubmission) as caught:
        registrar.submit_application(adult_form(nik="123", phone=""),
                                     submission_id=str(uuid.uuid4()))
    assert set(caught.value.errors) == {"nik", "phone"}
    assert registrar.store.records() == []


def test_pickup_date_in_working_days(registrar):
    """On Wed 23 Oct 2019 the passport is ready 3 working days later: Mon 28 Oct."""
    receipt = registrar.submit_application(adult_form(years="5"),
                                           submission_id=str(uuid.uuid4()))
    assert receipt.pickup_date == dt.date(2019, 10, 28)


def test_complaint_has_tracking_number_and_due_date(registrar):
    """A complaint gets a tracking number and an answer due in 5 working days."""
    receipt = registrar.submit_complaint(complaint_form(), submission_id=str(uuid.uuid4()))
    assert receipt.tracking_number.startswith("ADU-")
    assert receipt.answer_due == dt.date(2019, 10, 30)


def test_anonymous_complaint_keeps_no_identity(registrar):
    """An anonymous complaint drops the name even if one was typed."""
    receipt = registrar.submit_complaint(complaint_form(identity="anonymous", phone=""),
                                         submission_id=str(uuid.uuid4()))
    assert "full_name" not in receipt.record.payload
    assert "phone" not in receipt.record.payload


def test_info_visit_has_no_ticket_and_no_personal_data(registrar):
    """An information visit is counted with its service and nothing else."""
    receipt = registrar.record_visit(kind="info", service="LOST",
                                     submission_id=str(uuid.uuid4()))
    assert receipt.ticket is None
    assert set(receipt.record.payload) == {"service", "language", "event", "reason"}


def test_application_record_carries_ticket_code_and_pickup_date(registrar):
    """The application's payload holds the slip's ticket code and pick-up date (the office's
    pick-up list reads them); the receipt shows the same ones."""
    receipt = registrar.submit_application(adult_form(), submission_id=str(uuid.uuid4()))
    payload = receipt.record.payload
    assert payload["ticket_code"] == receipt.ticket.code
    assert payload["pickup_date"] == receipt.pickup_date.isoformat() == "2019-10-28"
    assert receipt.ticket.record_uuid == receipt.record.uuid


def test_complaint_and_visit_payloads_gain_no_ticket_fields(registrar):
    """Only an application carries ticket_code and pickup_date."""
    complaint = registrar.submit_complaint(complaint_form(), submission_id=str(uuid.uuid4()))
    assert not {"ticket_code", "pickup_date"} & set(complaint.record.payload)
