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


# -- a computer clock that is changed during the event day -----------------------------------
MORNING = dt.datetime(2019, 10, 23, 1, 30, tzinfo=dt.UTC)          # 09:30 WITA


def test_the_kiosk_time_never_goes_back_when_the_clock_is_set_back():
    """Set back an hour: the kiosk goes on from where it was, by the steady clock, and
    notes the step once."""
    source = FakeClock(MORNING)
    clock = EventClock(source, WITA)
    assert clock.now() == MORNING
    source.step(-3600)
    assert clock.now() == MORNING
    source.advance(90)
    assert clock.now() == MORNING + dt.timedelta(seconds=90)
    steps = clock.pending_steps()
    assert len(steps) == 1
    step = steps[0]
    assert step.seconds == -3600 and not step.followed
    assert step.device_utc == MORNING - dt.timedelta(hours=1)
    assert step.kiosk_utc == MORNING


def test_the_event_day_stays_when_the_clock_is_set_back_past_midnight():
    """09:30 on the 23rd set back to 23:00 on the 22nd: still the 23rd at the kiosk."""
    source = FakeClock(MORNING)
    clock = EventClock(source, WITA)
    assert clock.today() == dt.date(2019, 10, 23)
    source.set(dt.datetime(2019, 10, 22, 15, 0, tzinfo=dt.UTC))        # 23:00 WITA
    assert clock.today() == dt.date(2019, 10, 23)
    assert [s.seconds for s in clock.pending_steps()] == [-(10 * 3600 + 1800)]


def test_a_forward_step_within_the_day_is_followed_and_noted():
    """An hour forward (a slow clock put right): the kiosk takes the new time, and notes it."""
    source = FakeClock(MORNING)
    clock = EventClock(source, WITA)
    clock.now()
    source.step(3600)
    assert clock.now() == MORNING + dt.timedelta(hours=1)
    [step] = clock.pending_steps()
    assert step.seconds == 3600 and step.followed


def test_a_forward_step_past_midnight_keeps_the_event_day_until_its_real_midnight():
    """21:00 on the 23rd jumps to 02:00 on the 24th: the kiosk stays on the 23rd, counting
    on by the steady clock; three real hours later its own midnight has passed."""
    evening = dt.datetime(2019, 10, 23, 13, 0, tzinfo=dt.UTC)          # 21:00 WITA
    source = FakeClock(evening)
    clock = EventClock(source, WITA)
    clock.now()
    source.step(5 * 3600)
    assert clock.today() == dt.date(2019, 10, 23)
    assert clock.now() == evening
    [step] = clock.pending_steps()
    assert step.seconds == 5 * 3600 and not step.followed
    source.advance(3 * 3600 + 60)          # the kiosk's own midnight passes
    assert clock.today() == dt.date(2019, 10, 24)
    assert len(clock.pending_steps()) == 1      # no second step for the same change


def test_a_real_night_passes_without_a_step():
    """Time that really passes (the steady clock agrees) is never a step, midnight or not."""
    source = FakeClock(dt.datetime(2019, 10, 23, 15, 30, tzinfo=dt.UTC))   # 23:30 WITA
    clock = EventClock(source, WITA)
    clock.now()
    source.advance(3600)
    assert clock.today() == dt.date(2019, 10, 24)
    source.set(dt.datetime(2019, 10, 24, 1, 0, tzinfo=dt.UTC))             # later: time passes
    assert clock.local_now().hour == 9
    assert clock.pending_steps() == []


def test_small_corrections_are_not_steps():
    """A clock put back a few seconds (NTP): never backwards, and not worth a record."""
    source = FakeClock(MORNING)
    clock = EventClock(source, WITA)
    clock.now()
    source.step(-5)
    assert clock.now() == MORNING
    assert clock.pending_steps() == []


def test_not_before_the_last_record_at_start():
    """A kiosk starting with its clock behind its last record goes on from that record,
    and notes why; one whose clock is later takes the clock."""
    last = MORNING + dt.timedelta(hours=2)
    clock = EventClock(FakeClock(MORNING), WITA)
    clock.not_before(last)
    assert clock.now() == last
    [step] = clock.pending_steps()
    assert step.cause == "behind_last_record" and step.seconds == -7200
    ahead = EventClock(FakeClock(last), WITA)
    ahead.not_before(MORNING)
    assert ahead.now() == last and ahead.pending_steps() == []


def test_steps_recorded_are_not_offered_again():
    """Once a step is recorded it leaves the pending list (recorded by its id)."""
    source = FakeClock(MORNING)
    clock = EventClock(source, WITA)
    clock.now()
    source.step(-3600)
    clock.now()
    [step] = clock.pending_steps()
    clock.recorded([step.id])
    assert clock.pending_steps() == []
