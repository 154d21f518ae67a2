"""Every date check answers on every calendar day, whatever the event day (issue 11, item 5).

Two sweeps keep it fast: every day from 1900 to 2100 typed into every declared date field on
a few event days (leap days, a year's end and start), and a set of typed days, placed around
each rule's bounds, on every event day from 2019 to 2032.
"""

from __future__ import annotations

import bisect
import datetime as dt

from kiosk.citizen import validation as v
from kiosk.citizen.checks import CHILD_MAX_AGE, age_error, suggested_priority
from kiosk.citizen.schema import FIELDS

DATE_FIELDS = [spec for spec in FIELDS.values() if spec.dates is not None]
ONE_DAY = dt.timedelta(days=1)


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


EVERY_DAY = days(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
SOME_EVENT_DAYS = [dt.date(2024, 2, 29), dt.date(2032, 12, 31)]       # a leap day, a year end
EVERY_EVENT_DAY = days(dt.date(2019, 1, 1), dt.date(2032, 12, 31))
FIXED_INPUTS = [dt.date(2000, 2, 29), dt.date(2019, 2, 28), dt.date(2020, 2, 29),
                dt.date(2023, 12, 31), dt.date(2028, 2, 29)]


def typed(day: dt.date) -> str:
    """As the keypad types it: DD-MM-YYYY."""
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


TYPED = [typed(d) for d in EVERY_DAY]


def years_back(day: dt.date, years: int) -> dt.date:
    """The oracle: the same day and month `years` earlier; 29 February to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def expected(day: dt.date, *, first: dt.date, today: dt.date) -> str | None:
    if day > today:
        return "date.future"
    if day < first:
        return "date.too_old"
    return None


def test_the_form_declares_its_date_fields():
    """The sweeps below cover the birth date, the police report's date and the event date."""
    assert {spec.name for spec in DATE_FIELDS} >= {"birth_date", "police_report_date",
                                                   "event_date"}
    assert all(spec.keyboard == "date" for spec in DATE_FIELDS)


def test_five_years_back_on_every_event_day():
    """A rule 'N years back' starts on the same day N years earlier, 28 Feb for 29 Feb."""
    rules = [spec.dates for spec in DATE_FIELDS if spec.dates.years_back]
    assert rules
    for rule in rules:
        for today in EVERY_EVENT_DAY:
            assert rule.first_day(today) == years_back(today, rule.years_back), today


def test_every_day_1900_to_2100_in_every_date_field():
    """Each day typed is refused as too old, taken, or refused as future, by its bounds."""
    for today in SOME_EVENT_DAYS:
        for spec in DATE_FIELDS:
            first = spec.dates.first_day(today)
            answers = [spec.check(text, today=today) for text in TYPED]
            start = bisect.bisect_left(EVERY_DAY, first)
            end = bisect.bisect_right(EVERY_DAY, today)
            assert {a.key for a in answers[:start]} <= {"date.too_old"}, (spec.name, today)
            assert [a.value for a in answers[start:end]] == EVERY_DAY[start:end], spec.name
            assert {a.key for a in answers[end:]} <= {"date.future"}, (spec.name, today)


def test_date_fields_on_every_event_day_2019_to_2032():
    """On every event day the bounds and some fixed days get the answer of their place."""
    for today in EVERY_EVENT_DAY:
        for spec in DATE_FIELDS:
            first = spec.dates.first_day(today)
            around = [first - ONE_DAY, first, today, today + ONE_DAY, *FIXED_INPUTS]
            for day in around:
                result = spec.check(typed(day), today=today)
                key = result.key if isinstance(result, v.Err) else None
                assert key == expected(day, first=first, today=today), (spec.name, today, day)
                if key is None:
                    assert result.value == day


def test_ages_for_every_birth_day_on_leap_and_year_end_days():
    """Every birth day 1900-2100 gets an age answer: the child check and the priority hint."""
    for today in SOME_EVENT_DAYS:
        for birth in EVERY_DAY:
            if birth > today:
                break
            age = v.age_on(birth, today)
            turned = years_back(today, age) >= birth > years_back(today, age + 1)
            assert turned, (birth, today)
            child_error = age_error(birth, child=True, today=today)
            adult_error = age_error(birth, child=False, today=today)
            assert (child_error is None) == (age < CHILD_MAX_AGE)
            assert (adult_error is None) == (age >= CHILD_MAX_AGE)
            assert suggested_priority(birth, today) == ("elderly" if age >= 60 else "")


def test_leap_day_births_on_every_event_day():
    """Born on 29 February: ages and checks answer on every event day, a year older on 1 March."""
    for today in EVERY_EVENT_DAY:
        for birth in (dt.date(1960, 2, 29), dt.date(2008, 2, 29), dt.date(2012, 2, 29)):
            if birth > today:
                continue
            age = v.age_on(birth, today)
            assert years_back(today, age) >= birth > years_back(today, age + 1)
            assert age_error(birth, child=age < CHILD_MAX_AGE, today=today) is None
            assert suggested_priority(birth, today) == ("elderly" if age >= 60 else "")
