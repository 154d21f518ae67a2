"""Clocks: the system clock, a settable one for tests and rehearsals, and the event's clock.

Times are kept in UTC (ARCHITECTURE.md, "Data"); the event's day, its ticket numbering
and its pick-up dates are read in the event's time zone (Gorontalo: WITA, Asia/Makassar,
UTC+8). `EventClock` is the one place that turns the one into the other; `zone_name`
says which zone a local time is in the way people there say it (WITA).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """An aware datetime (UTC)."""
        ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += dt.timedelta(seconds=seconds)

    def set(self, when: dt.datetime) -> None:
        self._now = when.astimezone(dt.UTC)


class EventClock:
    """A Clock read in the event's time zone: "now" in UTC, and the event's local time and day.

    Itself a Clock (``now()`` is UTC), so it goes wherever a Clock does.
    """

    def __init__(self, clock: Clock, tz: dt.tzinfo) -> None:
        self.source, self.tz = clock, tz

    @classmethod
    def of(cls, clock: Clock, tz: dt.tzinfo) -> EventClock:
        """`clock` itself when it already reads this time zone, else `clock` read in `tz`."""
        if isinstance(clock, EventClock) and clock.tz == tz:
            return clock
        return cls(clock, tz)

    def now(self) -> dt.datetime:
        """This instant, aware, in UTC."""
        return self.source.now().astimezone(dt.UTC)

    def local_now(self) -> dt.datetime:
        """This instant in the event's time zone."""
        return self.source.now().astimezone(self.tz)

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
