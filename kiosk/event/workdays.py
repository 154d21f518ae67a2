"""Working days in Indonesia: weekends, public holidays, cuti bersama and event-closed days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays

from kiosk.event.config import EventConfig


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


def pickup_date(event: EventConfig, applied: dt.date) -> dt.date:
    """When a passport applied for on `applied` (the event day) can be picked up: the
    event's pickup_working_days-th working day after it (the office says 3 working days
    after photo and interview; M-Paspor regular service 4; DOMAIN.md). The review screen
    and the slip both show this date."""
    return WorkingDays(event.closed_days).add(applied, event.pickup_working_days)


def answer_due(event: EventConfig, filed: dt.date) -> dt.date:
    """When an answer to a complaint filed on `filed` is due: the event's
    complaint_answer_working_days-th working day after it (SP4N-LAPOR!: verified within 3
    working days, followed up within 5; DOMAIN.md)."""
    return WorkingDays(event.closed_days).add(filed, event.complaint_answer_working_days)
