"""Working days in Indonesia: weekends, public holidays, cuti bersama and event-closed days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _indonesian_holidays(year: int) -> dict[dt.date, str]:
    # "government" holds cuti bersama (collective leave), on which offices are closed too.
    return dict(holidays.country_holidays("ID", years=year, categories=("public", "government")))


class WorkingDays:
    """A calendar of the office's working days; `closed` adds days the office is shut."""

    def __init__(self, closed: Iterable[dt.date] = ()) -> None:
        self.closed = frozenset(closed)

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5 or day in self.closed:
            return False
        return day not in _indonesian_holidays(day.year)

    def why_closed(self, day: dt.date) -> str | None:
        """The reason a day is not a working day (a holiday's name), or None."""
        if day.weekday() >= 5:
            return "weekend"
        if day in self.closed:
            return "closed by the event configuration"
        return _indonesian_holidays(day.year).get(day)

    def add(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (the start day itself never counts)."""
        if count < 0:
            raise ValueError("count must be >= 0")
        day = start
        remaining = count
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day
