"""Complaint answers come back: each round reads the office's forward-only feed after the
stored cursor and keeps the latest status, dates and phone check of every complaint."""

from __future__ import annotations

from kiosk.central.complaints import change_complaint
from kiosk.central.staff import add_staff
from kiosk.citizen.registrar import tracking_number
from kiosk.records import answers
from tests.helpers.sync import enroll_at


def _complaints(kiosk):
    return [r for r in kiosk.booth.store.records() if r.kind == "complaint"]


def test_answers_arrive_and_later_changes_follow(office, live, kiosk):
    """After the first round every complaint is known as received, with its due date; an
    answer given at the office arrives with the next round, the cursor moving on."""
    enroll_at(office, kiosk, live)
    assert kiosk.booth.syncer().run().ok
    store = kiosk.booth.store
    filed = _complaints(kiosk)
    assert filed
    first = {c: answers.answer_for(store, tracking_number(c)) for c in filed}
    assert all(a is not None and a.status == "received" and a.due_date for a in first.values())
    cursor = answers.feed_cursor(store)
    assert cursor == max(a.position for a in first.values())
    one = filed[0]
    with office.db.write() as conn:
        officer = add_staff(conn, username="rina", display_name="Rina",
                            role="complaints_officer", password="a-long-password",
                            now=office.now(), actor="cli:test")
        change_complaint(conn, tracking_number(one), actor=officer, now=office.now(),
                         status="answered", answer="Sudah ditindaklanjuti.")
    result = kiosk.booth.syncer().run()
    assert result.ok and result.answers == 1
    got = answers.answer_for(store, tracking_number(one))
    assert got.status == "answered" and got.answered_utc and got.position > cursor
    assert got.identity == one.payload["identity"]
    digits = "".join(c for c in one.payload["phone"] if c.isdigit())[-4:]
    assert answers.digits_match(got.contact_check, tracking_number(one), digits)
    assert not answers.digits_match(got.contact_check, tracking_number(one), "0000"
                                    if digits != "0000" else "1111")
    assert kiosk.booth.syncer().run().answers == 0            # nothing new after the cursor


def test_a_feed_page_is_kept_whole_or_not_at_all(fresh_db):
    """Items and cursor in one transaction; a malformed item is skipped (logged); an older
    position never overwrites a newer one; the cursor never goes back."""
    base = {"complaint_uuid": "0b0e8a3c-4f9b-4f7e-9a53-1f0f3c1d2e4a",
            "tracking_number": "ADU-0000AAAA-00001", "received_utc": "2019-10-23T01:00:00Z",
            "due_date": "2019-10-30", "answered_utc": None, "closed_utc": None,
            "changed_utc": "2019-10-23T01:00:00Z", "contact_check": None,
            "identity": "anonymous"}
    answers.store_feed_page(fresh_db, [dict(base, position=5, status="answered"),
                                       dict(base, position=6, status="bogus")], 6)
    assert answers.answer_for(fresh_db, base["tracking_number"]).status == "answered"
    assert answers.feed_cursor(fresh_db) == 6
    answers.store_feed_page(fresh_db, [dict(base, position=4, status="received")], 3)
    assert answers.answer_for(fresh_db, base["tracking_number"]).status == "answered"
    assert answers.feed_cursor(fresh_db) == 6


def test_the_phone_check_is_the_offices_rule():
    """The kiosk computes contact_check exactly as the office derives it."""
    from kiosk.central.derive import contact_check as office_rule

    for phone in ("+6281355550001", "0813-5555-0001", "123", None):
        assert answers.contact_check("ADU-8285AC06-00042", phone) == \
            office_rule("ADU-8285AC06-00042", phone)
