"""Fixtures of the day report tests: a reporter over the test database, a busy day."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.reports.day import DayReport
from tests.helpers.day import busy_day


@pytest.fixture
def reporter(fresh_db, config, catalogue, clock):
    return DayReport(fresh_db, config, catalogue, clock)


@pytest.fixture
def busy(registrar, queue, officer, clock):
    """The seeded busy day, with the clock at 17:05 WITA when the report is made."""
    log = busy_day(registrar, queue, officer, clock)
    clock.set(dt.datetime(2019, 10, 23, 9, 5, tzinfo=dt.UTC))
    return log
