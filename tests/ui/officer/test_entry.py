"""Officer entry: the long press, the PIN pad, wrong PINs and lockout, set-up, idle logout."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.citizen.flow import Step
from tests.helpers.walks import ADULT, start_application, who_and_name
from tests.ui.citizen.test_idle import leftovers
from tests.ui.officer.conftest import KIOSK_PIN, OFFICER, PIN, start_desk

WRONG = "135792"


def _actions(desk):
    return [(a["action"], a["officer_name"]) for a in desk.records("officer_action")]


def test_a_short_tap_on_the_office_name_opens_nothing(desk):
    """A citizen's tap (press and lift) stops the timer: no PIN pad."""
    office = desk.app.window.office
    desk.qtbot.mousePress(office, Qt.MouseButton.LeftButton)
    assert desk.session.gesture.pressing
    desk.qtbot.mouseRelease(office, Qt.MouseButton.LeftButton)
    assert not desk.session.gesture.pressing
    desk.settle()
    assert not desk.pad.isVisible() and not desk.panel.isVisible()


def test_the_right_pin_opens_the_queue_console(desk):
    """Long press, PIN, OK: the officer home on the queue console, the login audited. With
    one officer the pad goes straight to their PIN, named."""
    desk.hold_office()
    assert desk.find("officerPin:title").text() == OFFICER
    assert desk.find("officerPin:cancel").isVisible()
    desk.enter_pin(PIN)
    assert desk.panel.isVisible() and not desk.pad.isVisible()
    assert desk.panel.current() == "queue"
    assert desk.find("officer:who").text() == f"Petugas: {OFFICER}"
    assert ("login", OFFICER) in _actions(desk)


def test_entering_forgets_the_citizen_on_screen(desk):
    """A half-filled form is cleared when an officer takes the screen: the flow and every
    widget behind the panel."""
    start_application(desk.kiosk, "NEW")
    who_and_name(desk.kiosk, child=False, name="BUDI SANTOSO", place="LIMBOTO")
    assert leftovers(desk.app.window)
    desk.log_in()
    assert desk.kiosk.flow.step == Step.WELCOME and desk.kiosk.flow.values == {}
    assert leftovers(desk.app.window) == []


def test_wrong_pins_say_how_many_tries_are_left_then_lock(desk):
    """Four wrong PINs count down; the fifth locks entry for five minutes, keys disabled."""
    desk.hold_office()
    for tries_left in (4, 3, 2, 1):
        desk.enter_pin(WRONG)
        assert desk.find("officerPin:message").text() == \
            f"\u26a0 PIN salah. Sisa percobaan: {tries_left}."
    desk.enter_pin(WRONG)
    message = desk.find("officerPin:message").text()
    assert "5 menit" in message
    assert not desk.find("officerPin:1").isEnabled()
    assert not desk.find("officerPin:ok").isEnabled()
    assert [a for a, _who in _actions(desk)].count("login_failed") == 4
    assert ("locked_out", None) in _actions(desk)


def test_the_lockout_counts_down_and_ends(desk):
    """Fake clock: the idle pad closes; 4 minutes on '1 minute' is left; at 5 it unlocks."""
    desk.hold_office()
    for _ in range(5):
        desk.enter_pin(WRONG)
    desk.idle(4 * 60 + 10)
    assert not desk.pad.isVisible()
    desk.hold_office()
    assert "1 menit" in desk.find("officerPin:message").text()
    desk.kiosk.clock.advance(60)
    desk.session.tick_timer.timeout.emit()
    assert desk.find("officerPin:1").isEnabled()
    assert "bisa mencoba lagi" in desk.find("officerPin:hint").text()
    assert not desk.pad.message.isVisible()
    desk.enter_pin(PIN)
    assert desk.panel.isVisible()


def test_a_lockout_survives_closing_the_pad(desk):
    """Cancel and long-press again while locked: still locked, minutes shown at once."""
    desk.hold_office()
    for _ in range(5):
        desk.enter_pin(WRONG)
    desk.tap("officerPin:cancel")
    desk.hold_office()
    assert "menit" in desk.find("officerPin:message").text()
    assert not desk.find("officerPin:ok").isEnabled()


def test_idle_officer_mode_logs_out(desk):
    """No touch for officer_idle_seconds: back to the citizen welcome, logout audited."""
    desk.log_in()
    idle = desk.app.config.kiosk.officer_idle_seconds
    desk.idle(idle - 5)
    assert desk.panel.isVisible()
    desk.tap("officer:section:slip")          # a touch restarts the quiet time
    desk.idle(idle - 5)
    assert desk.panel.isVisible()
    desk.idle(10)
    assert not desk.panel.isVisible()
    assert desk.kiosk.touch.exists("path:service")
    logouts = [a for a in desk.records("officer_action") if a["action"] == "logout"]
    assert logouts[-1]["details"] == {"reason": "idle"}


def test_log_out_button(desk):
    """Log out: the panel closes and the next entry asks for the PIN again."""
    desk.log_in()
    desk.tap("officer:logout")
    desk.settle()
    assert not desk.panel.isVisible()
    desk.hold_office()
    assert desk.pad.isVisible()


def test_first_run_set_up_asks_the_kiosk_pin_then_the_first_officer(qtbot, tmp_path):
    """No officer yet: the kiosk PIN, the event shown, name and PIN twice, then signed in."""
    d = start_desk(qtbot, tmp_path, officer=False)
    try:
        d.hold_office()
        assert d.find("officerPin:title").text() == "PIN anjungan"
        d.enter_pin("1111")
        assert "salah" in d.find("officerPin:message").text()
        d.enter_pin(KIOSK_PIN)
        assert d.panel.current() == "setup"
        assert "Pelayanan Prima" in d.find("setup:event").text()
        setup = d.panel.setup
        assert not setup.kiosk.isVisible()          # a kiosk PIN is chosen: not asked again
        d.type_keys(d.find("setup:name"), ADULT["full_name"], setup.keyboard)
        d.type_keys(d.find("setup:pin"), PIN, setup.keyboard)
        d.type_keys(d.find("setup:pin_again"), "480916", setup.keyboard)
        d.tap("setup:create")
        d.settle()
        assert "tidak sama" in d.find("setup:pin_again:problem").text()
        d.type_keys(d.find("setup:pin"), "123456", setup.keyboard)
        d.type_keys(d.find("setup:pin_again"), "123456", setup.keyboard)
        d.tap("setup:create")
        d.settle()
        assert "deret angka" in d.find("setup:pin:problem").text()
        assert d.find("setup:name").text() == ADULT["full_name"]      # nothing typed is lost
        d.type_keys(d.find("setup:pin"), PIN, setup.keyboard)
        d.type_keys(d.find("setup:pin_again"), PIN, setup.keyboard)
        d.tap("setup:create")
        d.settle()
        assert d.panel.current() == "queue"
        assert d.find("officer:who").text() == f"Petugas: {ADULT['full_name']}"
        created = [a for a in d.records("officer_action") if a["action"] == "officer_created"]
        assert created[0]["details"]["first_run"] is True
        assert PIN not in str(d.records("officer_action"))
    finally:
        d.app.close()


def test_before_set_up_the_kiosk_pin_still_closes_the_kiosk(qtbot, tmp_path):
    """Five taps on the office name, kiosk PIN: closes (exit_pin is the fallback)."""
    d = start_desk(qtbot, tmp_path, officer=False)
    closed = []
    d.session.on_exit = lambda: closed.append(True)
    try:
        for _ in range(5):
            d.kiosk.touch.tap(d.app.window.office)
        d.settle(lambda: d.pad.isVisible())
        d.enter_pin(KIOSK_PIN)
        assert closed == [True]
    finally:
        d.app.close()


def test_once_officers_exist_closing_is_an_officer_action(desk):
    """Five taps: the officer PIN (the kiosk PIN no longer closes); then Close the kiosk."""
    closed = []
    desk.session.on_exit = lambda: closed.append(True)
    for _ in range(5):
        desk.kiosk.touch.tap(desk.app.window.office)
    desk.settle(lambda: desk.pad.isVisible())
    desk.enter_pin(KIOSK_PIN)
    assert closed == [] and "PIN salah" in desk.find("officerPin:message").text()
    desk.enter_pin(PIN)
    desk.tap("officer:exit")
    desk.tap("confirmExit:no")
    assert closed == [] and desk.panel.isVisible()
    desk.tap("officer:exit")
    desk.tap("confirmExit:yes")
    desk.settle()
    assert closed == [True]


def test_an_unreadable_officer_list_still_lets_the_kiosk_pin_close(desk, monkeypatch):
    """A broken database must not lock everyone in a full-screen kiosk: the one PIN pad
    says what is wrong and takes the kiosk PIN; an officer's PIN cannot be checked."""
    import sqlite3

    def broken():
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(desk.session.booth, "officers", broken)
    closed = []
    desk.session.on_exit = lambda: closed.append(True)
    for _ in range(5):
        desk.kiosk.touch.tap(desk.app.window.office)
    desk.settle(lambda: desk.pad.isVisible())
    assert "tidak dapat dibaca" in desk.find("officerPin:message").text()
    desk.enter_pin(PIN)
    assert closed == [] and "PIN salah" in desk.find("officerPin:message").text()
    desk.enter_pin(KIOSK_PIN)
    assert closed == [True]


def test_a_busy_officer_list_says_so_and_does_not_fall_back(desk, monkeypatch):
    """'database is locked' passes: no kiosk-PIN fallback, just what went wrong."""
    import sqlite3

    def busy():
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(desk.session.booth, "officers", busy)
    for _ in range(5):
        desk.kiosk.touch.tap(desk.app.window.office)
    desk.settle(lambda: desk.pad.isVisible())
    assert desk.pad.mode == "officer"
    assert "database is locked" in desk.find("officerPin:message").text()
