"""One sync round against a live office: every record arrives, the outbox empties only on
signed accepted/duplicate answers, complaint answers come back, and the office's
high-water mark decides what is sent again."""

from __future__ import annotations

from tests.helpers.sync import DAY2, assert_central_equals_kiosk, central_records, enroll_at


def test_a_round_sends_every_record_and_empties_the_outbox(office, live, kiosk):
    """All of a rehearsed day reaches the office; a second round sends nothing."""
    enroll_at(office, kiosk, live)
    result = kiosk.booth.syncer().run()
    assert result.ok, result.error
    assert result.accepted == len(kiosk.records()) == result.sent
    assert_central_equals_kiosk(office, kiosk)
    again = kiosk.booth.syncer().run()
    assert again.ok and again.sent == 0 and again.requeued == 0


def test_records_made_later_follow_in_the_next_round(office, live, kiosk):
    """A second day's records are sent by the next round, and only they."""
    enroll_at(office, kiosk, live)
    assert kiosk.booth.syncer().run().ok
    before = len(kiosk.records())
    kiosk.rehearse(DAY2, arrivals=10)
    result = kiosk.booth.syncer().run()
    assert result.ok and result.sent == len(kiosk.records()) - before
    assert_central_equals_kiosk(office, kiosk)


def test_small_batches_still_deliver_everything(office, live, kiosk):
    """Many batches of 7 records each: all arrive, in rising seq."""
    enroll_at(office, kiosk, live)
    syncer = kiosk.booth.syncer()
    syncer.batch_records = 7
    result = syncer.run()
    assert result.ok and result.batches == -(-len(kiosk.records()) // 7)
    assert_central_equals_kiosk(office, kiosk)
    assert len(central_records(office, kiosk.kiosk_id)) == len(kiosk.records())
