"""The complaint feed's cursor: positions are taken in commit order, so no reader skips a row."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from kiosk.central.feed import feed_page, take_positions


def test_a_second_writer_cannot_take_a_position_until_the_first_commits(office):
    """While one transaction holds positions, another cannot take any; after the commit it
    gets the next one. (An identity column would have let it commit first, ahead.)"""
    first = office.db.engine.connect().execution_options(central_write=True)
    first.begin()
    taken = take_positions(first, 2)
    second = office.db.engine.connect().execution_options(central_write=True)
    try:
        if office.db.is_postgresql:
            second.begin()
            second.execute(text("SET LOCAL lock_timeout = '200ms'"))
            with pytest.raises(OperationalError, match="lock timeout"):
                take_positions(second, 1)
            second.rollback()
        else:
            second.connection.dbapi_connection.execute("PRAGMA busy_timeout=200")
            with pytest.raises(OperationalError, match="locked"):
                second.begin()
            second.rollback()
        first.commit()
        with second.begin():
            assert take_positions(second, 1) == range(taken[-1] + 1, taken[-1] + 2)
    finally:
        first.close()
        second.close()


def test_a_rolled_back_transaction_leaves_no_hole(office):
    """Positions of a transaction that rolls back are taken again by the next one."""
    with office.db.engine.connect().execution_options(central_write=True) as conn:
        conn.begin()
        lost = take_positions(conn, 3)
        conn.rollback()
    with office.db.write() as conn:
        assert take_positions(conn, 1)[0] == lost[0]


def test_an_empty_page_keeps_the_cursor(office):
    """No news after the cursor: the cursor stays where the kiosk had it."""
    with office.db.read() as conn:
        page = feed_page(conn, kiosk_id="k00000000", after=41, limit=10)
    assert page.items == [] and page.cursor == 41
