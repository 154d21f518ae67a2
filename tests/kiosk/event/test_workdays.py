"""Working days: weekends, public holidays, cuti bersama and closed days, 2019 and 2025."""

from __future__ import annotations

import datetime as dt

from kiosk.event.workdays import WorkingDays

D = dt.date


def test_three_working_days_over_a_weekend_2019():
    """Wednesday 23 Oct 2019 + 3 working days is Monday 28 Oct."""
    assert WorkingDays().add(D(2019, 10, 23), 3) == D(2019, 10, 28)


def test_friday_event_skips_the_weekend():
    """Friday 25 Oct 2019 + 1 working day is Monday 28 Oct."""
    assert WorkingDays().add(D(2019, 10, 25), 1) == D(2019, 10, 28)


def test_christmas_and_cuti_bersama_2019():
    """24 Dec 2019 was cuti bersama and 25 Dec Christmas: Monday 23 Dec + 1 is 26 Dec."""
    calendar = WorkingDays()
    assert not calendar.is_working_day(D(2019, 12, 24))
    assert not calendar.is_working_day(D(2019, 12, 25))
    assert calendar.add(D(2019, 12, 23), 1) == D(2019, 12, 26)


def test_lebaran_2025_with_cuti_bersama():
    """Thursday 27 Mar 2025 + 3: Nyepi, Idul Fitri and its cuti bersama push it to 10 Apr."""
    calendar = WorkingDays()
    for closed in (D(2025, 3, 28), D(2025, 3, 31), D(2025, 4, 2), D(2025, 4, 7)):
        assert not calendar.is_working_day(closed), closed
    assert calendar.add(D(2025, 3, 27), 3) == D(2025, 4, 10)


def test_cuti_bersama_is_named():
    """The reason a day is closed is given (a joint holiday here)."""
    assert "Joint" in WorkingDays().why_closed(D(2025, 4, 7))


def test_complaint_answer_due_over_christmas_2025():
    """Monday 22 Dec 2025 + 5: 25 and 26 Dec closed, weekend skipped: Wed 31 Dec."""
    assert WorkingDays().add(D(2025, 12, 22), 5) == D(2025, 12, 31)


def test_extra_closed_days_from_config():
    """A day the office closes for its own reasons is skipped too."""
    calendar = WorkingDays(closed=[D(2025, 6, 3)])
    assert calendar.add(D(2025, 6, 2), 1) == D(2025, 6, 4)
    assert WorkingDays().add(D(2025, 6, 2), 1) == D(2025, 6, 3)


def test_zero_days_is_the_start_day():
    """Adding zero working days changes nothing."""
    assert WorkingDays().add(D(2025, 6, 7), 0) == D(2025, 6, 7)
