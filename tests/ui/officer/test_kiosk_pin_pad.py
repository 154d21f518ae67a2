"""The kiosk PIN on the real pad (issue 10 item 3): the officers' lockout, kept across a
restart and without a database; no shipped PIN ever works; set-up makes one be chosen."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.event.config import load
from kiosk.officer.lockout import LockedOut
from kiosk.officer.pins import is_pin_hash
from tests.helpers.walks import ADULT
from tests.ui.conftest import start_kiosk
from tests.ui.officer.conftest import KIOSK_PIN, PIN, Desk, officer_config, start_desk

WRONG = "902184"


def five_taps(desk) -> None:
    """Closing asked (five taps on the office name): the pad or set-up comes up."""
    for _ in range(5):
        desk.kiosk.touch.tap(desk.app.window.office)
    desk.settle(lambda: desk.pad.isVisible() or desk.panel.isVisible() or
                desk.session.confirm.isVisible())


def closes(desk) -> list:
    closed: list = []
    desk.session.on_exit = lambda: closed.append(True)
    return closed


def test_five_wrong_kiosk_pins_lock_the_pad_even_across_a_restart(qtbot, tmp_path):
    """No officer yet: wrong kiosk PINs count down, the fifth locks (keys off, 5 minutes);
    a restart of the kiosk keeps the lock; once over, the kiosk PIN closes."""
    d = start_desk(qtbot, tmp_path, officer=False)
    closed = closes(d)
    five_taps(d)
    for left in (4, 3, 2, 1):
        d.enter_pin(WRONG)
        assert d.find("officerPin:message").text() == f"\u26a0 PIN salah. Sisa percobaan: {left}."
    d.enter_pin(WRONG)
    assert "5 menit" in d.find("officerPin:message").text()
    assert not d.find("officerPin:1").isEnabled() and not d.find("officerPin:ok").isEnabled()
    assert closed == []
    clock = d.kiosk.clock
    d.app.close()

    clock.advance(60)                                       # restarted a minute later
    again = Desk(start_kiosk(qtbot, tmp_path, config=officer_config(), clock=clock,
                             real_slips=True), qtbot, None, tmp_path / "stick")
    try:
        closed = closes(again)
        five_taps(again)
        assert "4 menit" in again.find("officerPin:message").text()
        assert not again.find("officerPin:ok").isEnabled()
        again.tap("officerPin:cancel")
        clock.advance(4 * 60)
        five_taps(again)
        assert again.find("officerPin:ok").isEnabled()
        again.enter_pin(KIOSK_PIN)
        assert closed == [True]
    finally:
        again.app.close()


def test_a_broken_database_does_not_lift_the_limit(desk, monkeypatch):
    """The officer list cannot be read: the kiosk PIN closes, but five wrong ones lock it
    (counted beside the database, which cannot be read)."""
    def broken():
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(desk.session.booth, "officers", broken)
    closed = closes(desk)
    five_taps(desk)
    assert "tidak dapat dibaca" in desk.find("officerPin:message").text()
    for _ in range(5):
        desk.enter_pin(WRONG)
    assert "5 menit" in desk.find("officerPin:message").text()
    assert not desk.find("officerPin:ok").isEnabled()
    assert isinstance(desk.app.booth.kiosk_pin().check(KIOSK_PIN), LockedOut)  # nor the right one
    assert closed == []


@pytest.mark.parametrize("shipped", ["", "2468"])
def test_no_shipped_pin_closes_the_kiosk_and_set_up_asks_for_one(qtbot, tmp_path, shipped):
    """The shipped config (no kiosk PIN) or an old one with the published 2468: closing
    opens set-up, not a pad that 2468 would open; set-up will not finish without a kiosk
    PIN, refuses a short one, and writes only the hash of the one chosen."""
    d = start_desk(qtbot, tmp_path, officer=False, exit_pin=shipped)
    closed = closes(d)
    try:
        five_taps(d)
        assert not d.pad.isVisible() and d.panel.current() == "setup"
        setup = d.panel.setup
        assert d.find("setup:kiosk_pin").isVisible()
        assert d.find("setup:officerTitle").text() == "3. Petugas pertama"
        d.type_keys(d.find("setup:name"), ADULT["full_name"], setup.keyboard)
        d.type_keys(d.find("setup:pin"), PIN, setup.keyboard)
        d.type_keys(d.find("setup:pin_again"), PIN, setup.keyboard)
        d.tap("setup:create")
        d.settle()
        assert "Pilih PIN anjungan dahulu" in d.find("setup:kiosk_pin:problem").text()
        d.type_keys(d.find("setup:kiosk_pin"), "2468", setup.keyboard)
        d.type_keys(d.find("setup:kiosk_pin_again"), "2468", setup.keyboard)
        d.tap("setup:create")
        d.settle()
        assert "6 sampai 8" in d.find("setup:kiosk_pin:problem").text()
        assert d.panel.current() == "setup" and closed == []
        d.type_keys(d.find("setup:kiosk_pin"), KIOSK_PIN, setup.keyboard)
        d.type_keys(d.find("setup:kiosk_pin_again"), KIOSK_PIN, setup.keyboard)
        d.type_keys(d.find("setup:pin"), PIN, setup.keyboard)
        d.type_keys(d.find("setup:pin_again"), PIN, setup.keyboard)
        d.tap("setup:create")
        d.settle()
        assert d.panel.current() == "queue"
        written = d.app.booth.data.config.read_text()
        assert KIOSK_PIN not in written
        assert is_pin_hash(load(d.app.booth.data.config).kiosk.exit_pin)
        assert d.app.booth.kiosk_pin().check(KIOSK_PIN) is True
        assert "kiosk_pin_changed" in [a["action"] for a in d.records("officer_action")]
    finally:
        d.app.close()


def test_with_no_kiosk_pin_and_a_broken_database_closing_is_offered(qtbot, tmp_path,
                                                                     monkeypatch):
    """Nothing to check (an upgraded kiosk still on the demo PIN, its database broken):
    the kiosk is out of service anyway, so closing is offered with a question, not locked."""
    d = start_desk(qtbot, tmp_path, exit_pin="2468")
    closed = closes(d)
    try:
        def broken():
            raise sqlite3.DatabaseError("file is not a database")

        monkeypatch.setattr(d.session.booth, "officers", broken)
        five_taps(d)
        assert not d.pad.isVisible()
        assert "tidak dapat dibaca" in d.find("confirmExit:question").text()
        d.tap("confirmExit:yes")
        d.settle()
        assert closed == [True]
    finally:
        d.app.close()
