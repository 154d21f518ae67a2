"""Cek pengaduan over a real store: who sees what, the office's word winning over the
kiosk's own record, wrong digits locking a number, and what the citizen may type."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kiosk.citizen import complaint_check as cc
from kiosk.citizen.registrar import tracking_number
from kiosk.officer.complaint_lookup import ComplaintLookup
from kiosk.records import answers, outbox
from tests.helpers.factories import complaint_form

WITA = dt.timezone(dt.timedelta(hours=8))


def _file(registrar, **form):
    receipt = registrar.submit_complaint(complaint_form(**form),
                                         submission_id=str(uuid.uuid4()))
    return tracking_number(receipt.record), receipt.record


def _ask(lookup, number, last4=""):
    return lookup.check(cc.ComplaintQuery(number, last4, session=1))


@pytest.fixture
def lookup(fresh_db, clock):
    return ComplaintLookup(lambda: fresh_db, WITA, clock=clock.now)


def test_an_identified_complaint_needs_the_phone_digits(registrar, lookup):
    """Without digits the kiosk asks for them; with the right four it shows the status and
    the day it was filed; with wrong ones it says how many tries are left."""
    number, _ = _file(registrar, phone="0813-5555-0001")
    assert _ask(lookup, number).outcome == "need_digits"
    wrong = _ask(lookup, number, "1234")
    assert (wrong.outcome, wrong.tries_left, wrong.status) == ("wrong_digits", 4, None)
    right = _ask(lookup, number, "0001")
    assert right.outcome == "found" and right.status == "not_sent"
    assert right.filed == dt.date(2019, 10, 23)


def test_an_anonymous_complaint_shows_its_status_only(registrar, lookup):
    """Anonymous: the status to whoever has the number, no dates, digits or not."""
    number, _ = _file(registrar, identity="anonymous", full_name="", phone="081355550001")
    for digits in ("", "0001", "9999"):
        got = _ask(lookup, number, digits)
        assert got.outcome == "status_only" and got.status == "not_sent"
        assert got.filed is None and got.due is None


def test_the_offices_word_wins_and_brings_its_dates(registrar, lookup, fresh_db):
    """Once the record is at the office the status says so; the feed's answer then gives
    the status and due, answered dates, checked against the office's phone hash."""
    number, record = _file(registrar, phone="081355550001")
    outbox.acknowledge(fresh_db, [record.seq])
    assert _ask(lookup, number, "0001").status == "received"
    answers.store_feed_page(fresh_db, [{
        "position": 3, "tracking_number": number, "complaint_uuid": record.uuid,
        "status": "answered", "received_utc": "2019-10-23T02:00:00Z",
        "due_date": "2019-11-06", "answered_utc": "2019-10-28T17:30:00Z",
        "closed_utc": None, "changed_utc": "2019-10-28T17:30:00Z",
        "contact_check": answers.contact_check(number, "081355550001"),
        "identity": "confidential"}], 3)
    got = _ask(lookup, number, "0001")
    assert got.outcome == "found" and got.status == "answered"
    assert (got.due, got.answered) == (dt.date(2019, 11, 6), dt.date(2019, 10, 29))  # WITA
    assert _ask(lookup, number, "0002").outcome == "wrong_digits"


def test_five_wrong_tries_lock_the_number_for_five_minutes(registrar, lookup, clock):
    """The fifth wrong try locks that number (even the right digits wait); another
    number is not locked; after five minutes the right digits work again."""
    number, _ = _file(registrar, phone="081355550001")
    other, _ = _file(registrar, phone="081355550002")
    said = [_ask(lookup, number, "1111").outcome for _ in range(5)]
    assert said == ["wrong_digits"] * 4 + ["locked"]
    locked = _ask(lookup, number, "0001")
    assert (locked.outcome, locked.minutes) == ("locked", 5)
    assert _ask(lookup, other, "0002").outcome == "found"
    clock.advance(301)
    assert _ask(lookup, number, "0001").outcome == "found"


def test_unknown_and_foreign_numbers_are_not_found(registrar, lookup):
    """A number of another kiosk, or one this kiosk never gave, is not found."""
    number, _ = _file(registrar)
    kiosk_part = number.split("-")[1]
    assert _ask(lookup, f"ADU-{kiosk_part}-00999").outcome == "not_found"
    assert _ask(lookup, "ADU-0000AAAA-00001").outcome == "not_found"


@pytest.mark.parametrize(("typed", "printed"), [
    ("ADU-8285AC06-00042", "ADU-8285AC06-00042"), ("adu 8285ac06 42", "ADU-8285AC06-00042"),
    ("8285AC06-0042", "ADU-8285AC06-00042"), (" ADU-8285AC06-00042 ", "ADU-8285AC06-00042")])
def test_the_tracking_number_is_read_as_people_type_it(typed, printed):
    """Case, spaces, a missing ADU or leading zeros do not matter."""
    assert cc.tracking(typed) == cc.v.Ok(printed)


@pytest.mark.parametrize(("typed", "key"), [
    ("", "check.tracking_empty"), ("A-007", "check.tracking_format"),
    ("ADU-8285AC0-00042", "check.tracking_format")])
def test_a_wrong_tracking_number_says_why(typed, key):
    """Empty and malformed numbers get their own messages."""
    assert cc.tracking(typed) == cc.v.Err(key)


def test_the_digits_field_wants_four_digits():
    """Empty asks for them; three digits or other scripts' digits are not four digits."""
    assert cc.last_four("") == cc.v.Err("check.need_digits")
    assert cc.last_four("00 01") == cc.v.Ok("0001")
    assert cc.last_four("001") == cc.v.Err("check.digits")
    assert cc.last_four("٠٠٠١") == cc.v.Err("check.digits")
