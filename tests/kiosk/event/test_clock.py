"""The event clock: UTC in, the event's local time and day out."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from kiosk.event.clock import EventClock, FakeClock

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def test_today_turns_at_local_midnight():
    """15:59 UTC is 23:59 WITA the same day; 16:00 UTC is the next event day."""
    source = FakeClock(dt.datetime(2019, 10, 22, 15, 59, tzinfo=dt.UTC))
    clock = EventClock(source, WITA)
    assert clock.today() == dt.date(2019, 10, 22)
    source.advance(60)
    assert clock.today() == dt.date(2019, 10, 23)
    assert clock.now().tzinfo == dt.UTC and clock.local_now().utcoffset() == dt.timedelta(hours=8)


def test_of_reuses_a_clock_already_in_the_zone():
    """Wrapping twice in the same zone gives the same clock; another zone wraps again."""
    clock = EventClock(FakeClock(dt.datetime(2019, 10, 23, tzinfo=dt.UTC)), WITA)
    assert EventClock.of(clock, WITA) is clock
    jakarta = EventClock.of(clock, zoneinfo.ZoneInfo("Asia/Jakarta"))
    assert jakarta is not clock and jakarta.local_now().utcoffset() == dt.timedelta(hours=7)
