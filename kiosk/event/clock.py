"""Clocks: the system clock, a settable one for tests and rehearsals, and the event's clock.

Times are kept in UTC (ARCHITECTURE.md, "Data"); the event's day, its ticket numbering
and its pick-up dates are read in the event's time zone (Gorontalo: WITA, Asia/Makassar,
UTC+8). `EventClock` is the one place that turns the one into the other; `zone_name`
says which zone a local time is in the way people there say it (WITA).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """An aware datetime (UTC)."""
        ...


def steady_seconds() -> float:
    """Seconds on a clock that nobody sets: the time since boot, sleep included
    (CLOCK_BOOTTIME on Linux), else Python's monotonic clock."""
    if hasattr(time, "CLOCK_BOOTTIME"):
        return time.clock_gettime(time.CLOCK_BOOTTIME)
    return time.monotonic()


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    def steady(self) -> float:
        """The steady reference EventClock measures elapsed time with (steady_seconds)."""
        return steady_seconds()


class FakeClock:
    """A clock that only moves when told to, with the steady reference a real machine has:
    time that passes (advance, set to a later time) moves both; a clock set by hand (step,
    set to an earlier time, advance by a negative amount) moves only the wall clock."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(dt.UTC)
        self._steady = 0.0

    def now(self) -> dt.datetime:
        return self._now

    def steady(self) -> float:
        return self._steady

    def advance(self, seconds: float) -> None:
        """`seconds` pass (a negative amount: the clock is set back that much)."""
        self._now += dt.timedelta(seconds=seconds)
        if seconds > 0:
            self._steady += seconds

    def set(self, when: dt.datetime) -> None:
        """Time passes until `when`; an earlier `when` is the clock set back to it."""
        self.advance((when.astimezone(dt.UTC) - self._now).total_seconds())

    def step(self, seconds: float) -> None:
        """Someone (or NTP) sets the computer's clock `seconds` forward (or back, when
        negative): no time passes."""
        self._now += dt.timedelta(seconds=seconds)


# A change of the computer's clock smaller than this is the normal correction of a clock
# that drifts (NTP): never followed backwards, but not worth a record either.
STEP_SECONDS = 60.0


@dataclass(frozen=True)
class ClockStep:
    """The computer's clock was changed while the kiosk ran, or was found behind the
    kiosk's last record at start. Recorded once as a ``clock_change`` record
    (kiosk/records/clocklog.py; docs/bundle-format.md).

    id: str, a UUID (the record's, so a step is recorded once); cause: "step" (changed
    while running) or "behind_last_record" (found at start); seconds: int, how far the
    computer's clock moved (negative: back); device_utc: what the computer's clock said
    then; kiosk_utc: the kiosk's time at that moment; followed: the kiosk took the new
    time (a forward change within the event day), else it kept its own.
    """

    id: str
    cause: str
    seconds: int
    device_utc: dt.datetime
    kiosk_utc: dt.datetime
    followed: bool


class EventClock:
    """A Clock read in the event's time zone: "now" in UTC, and the event's local time and day.

    Itself a Clock (``now()`` is UTC), so it goes wherever a Clock does. Its time never
    goes back, and its day changes only when a day has really passed, whatever is done to
    the computer's clock during the event (issue 11, item 18):

    - each reading is compared with a steady reference (the source's ``steady()``,
      else steady_seconds(): time since boot, which nobody sets);
    - the computer's clock set back: the kiosk goes on from its last reading by the
      steady reference, so no ticket or record is dated before an earlier one and the
      event day does not go back;
    - set forward within the event day: taken (a slow clock put right); forward past the
      kiosk's midnight: not taken, the kiosk goes on counting until its own midnight (a
      clock set a day ahead must not open a new queue while citizens wait in this one);
    - at start the kiosk goes on from its last record when the clock is behind it
      (not_before), else it takes the computer's clock (a restart the next morning).

    Each change of a minute or more (STEP_SECONDS) is kept as a ClockStep until it is
    recorded (pending_steps, recorded). Thread-safe: one EventClock serves every thread.
    """

    def __init__(self, clock: Clock, tz: dt.tzinfo, *,
                 steady: Callable[[], float] | None = None) -> None:
        self.source, self.tz = clock, tz
        self._steady = steady or getattr(clock, "steady", None) or steady_seconds
        self._lock = threading.Lock()
        self._last: tuple[dt.datetime, float] | None = None   # (kiosk time, steady) then
        self._offset = 0.0            # the computer's clock minus the kiosk's, last reading
        self._steps: list[ClockStep] = []

    @classmethod
    def of(cls, clock: Clock, tz: dt.tzinfo) -> EventClock:
        """`clock` itself when it already reads this time zone, else `clock` read in `tz`."""
        if isinstance(clock, EventClock) and clock.tz == tz:
            return clock
        return cls(clock, tz)

    def now(self) -> dt.datetime:
        """This instant, aware, in UTC: the kiosk's time (never before an earlier reading)."""
        wall = self.source.now().astimezone(dt.UTC)
        with self._lock:
            steady = self._steady()
            if self._last is None:
                self._last = (wall, steady)
                return wall
            last, then = self._last
            steady_now = last + dt.timedelta(seconds=max(steady - then, 0.0))
            offset = (wall - steady_now).total_seconds()
            ahead = offset >= 0
            same_day = wall.astimezone(self.tz).date() == steady_now.astimezone(self.tz).date()
            kiosk = wall if ahead and same_day else steady_now
            if abs(offset - self._offset) >= STEP_SECONDS:
                self._steps.append(ClockStep(str(uuid.uuid4()), "step",
                                             round(offset - self._offset), wall, steady_now,
                                             kiosk == wall))
            self._offset = (wall - kiosk).total_seconds()
            self._last = (kiosk, steady)
            return kiosk

    def not_before(self, floor: dt.datetime) -> None:
        """Never read earlier than `floor` (the kiosk's last record, at start): a computer
        clock behind it is a ClockStep ("behind_last_record") and the kiosk goes on from
        `floor`; a clock at or after it changes nothing."""
        floor = floor.astimezone(dt.UTC)
        current = self.now()
        if current >= floor:
            return
        wall = self.source.now().astimezone(dt.UTC)
        with self._lock:
            self._last = (floor, self._steady())
            self._offset = (wall - floor).total_seconds()
            if self._offset <= -STEP_SECONDS:
                self._steps.append(ClockStep(str(uuid.uuid4()), "behind_last_record",
                                             round(self._offset), wall, floor, False))

    def pending_steps(self) -> list[ClockStep]:
        """Changes of the computer's clock not recorded yet, oldest first."""
        with self._lock:
            return list(self._steps)

    def recorded(self, ids: Iterable[str]) -> None:
        """These steps are records now: no longer pending."""
        done = set(ids)
        with self._lock:
            self._steps = [s for s in self._steps if s.id not in done]

    def local_now(self) -> dt.datetime:
        """This instant in the event's time zone."""
        return self.now().astimezone(self.tz)

    def today(self) -> dt.date:
        """The event day it is now (the local date at the event)."""
        return self.local_now().date()

    def local(self, when: dt.datetime) -> dt.datetime:
        """An aware instant (a stored UTC time, say) in the event's time zone."""
        return when.astimezone(self.tz)


# Indonesian zone abbreviations people know from clocks and tickets (both languages).
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
              "Asia/Jayapura": "WIT"}


def zone_name(timezone: str, when: dt.datetime) -> str:
    """WIB, WITA or WIT for Indonesia's zones (IANA name `timezone`), else UTC+H[:MM] from
    `when`'s offset (an aware datetime in that zone)."""
    name = ZONE_NAMES.get(timezone)
    if name:
        return name
    offset = when.utcoffset() or dt.timedelta()
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    return f"UTC{hours:+d}" + (f":{rest // 60:02d}" if rest else "")
