"""The kiosk PIN: which PIN may close the kiosk, in which entry mode, and the fallback."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.officer.accounts import Officers, WrongPin
from kiosk.officer.kiosk_pin import EntryMode, entry_mode, may_close_kiosk, officer_list_broken

EXIT_PIN = "2468"


def test_the_kiosk_pin_closes_in_kiosk_mode():
    """Exactly the kiosk PIN, typed in KIOSK mode, may close the kiosk."""
    assert may_close_kiosk("2468", mode=EntryMode.KIOSK, exit_pin=EXIT_PIN)
    assert may_close_kiosk("2468", mode="kiosk", exit_pin=EXIT_PIN)


@pytest.mark.parametrize("pin", ["", "246", "24680", "8642", "2467", " 2468",
                                 "\u0662\u0664\u0666\u0668"])
def test_anything_else_does_not(pin):
    """Empty, short, long, reversed, off by one, padded, Arabic-Indic digits: no."""
    assert not may_close_kiosk(pin, mode=EntryMode.KIOSK, exit_pin=EXIT_PIN)


def test_once_officers_exist_the_kiosk_pin_closes_nothing():
    """In OFFICER mode closing is an officer action: the kiosk PIN is refused."""
    assert not may_close_kiosk(EXIT_PIN, mode=EntryMode.OFFICER, exit_pin=EXIT_PIN)


def test_no_kiosk_pin_configured_closes_nothing():
    """An empty exit_pin never matches an empty entry."""
    assert not may_close_kiosk("", mode=EntryMode.KIOSK, exit_pin="")


def test_the_mode_follows_set_up(fresh_db, clock):
    """No officer yet: KIOSK mode; after the first officer: OFFICER mode."""
    officers = Officers(fresh_db, clock)
    assert entry_mode(setup_needed=officers.setup_needed()) == EntryMode.KIOSK
    officers.create_officer("Andi Pratama", "480915")
    assert entry_mode(setup_needed=officers.setup_needed()) == EntryMode.OFFICER


@pytest.mark.parametrize(("error", "broken"), [
    (sqlite3.DatabaseError("file is not a database"), True),
    (sqlite3.DatabaseError("database disk image is malformed"), True),
    (sqlite3.OperationalError("unable to open database file"), True),
    (sqlite3.OperationalError("database is locked"), False),
    (sqlite3.OperationalError("database table is busy"), False),
    (OSError("disk full"), False),
    (ValueError("a bug"), False),
])
def test_only_a_broken_database_falls_back_to_the_kiosk_pin(error, broken):
    """A broken or unopenable file falls back; a busy one, or anything else, does not."""
    assert officer_list_broken(error) is broken


def test_wrong_kiosk_pins_leave_the_officer_lockout_alone(fresh_db, clock):
    """Ten wrong kiosk PINs later an officer still has all five tries."""
    officers = Officers(fresh_db, clock)
    officers.create_officer("Andi Pratama", "480915")
    for _ in range(10):
        assert not may_close_kiosk("1111", mode=EntryMode.KIOSK, exit_pin=EXIT_PIN)
    assert officers.locked_out() is None
    assert officers.authenticate("135792") == WrongPin(4)
