"""A computer clock set back between two citizens: the later one is told how many are
ahead, never "you are called next"; the officer's console says what happened."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.helpers.walks import ADULT, fill_adult, start_application, submit
from tests.ui.conftest import start_kiosk
from tests.ui.officer.conftest import start_desk

SECOND = dict(ADULT, full_name="SITI AMINAH", nik="7571014101920002", birth_date="01-01-1992",
              sex="F", phone="081234567891")


def apply_by_taps(k, person=ADULT) -> str:
    """One citizen from the welcome screen to the done screen; their ticket code."""
    start_application(k, "NEW")
    fill_adult(k, person)
    submit(k)
    return k.flow.outcome.receipt.ticket.code


def finish(k) -> None:
    k.clock.advance(5)                 # past the guard against a double tap on Submit
    k.touch.primary()


def test_a_citizen_after_the_clock_was_set_back_is_not_told_they_are_next(qtbot, tmp_path):
    """First citizen at 09:30, clock set back an hour, second citizen: the done screen
    says one person is ahead, with a wait, and the first is called first."""
    k = start_kiosk(qtbot, tmp_path)
    try:
        first = apply_by_taps(k)
        finish(k)
        k.clock.step(-3600)
        second = apply_by_taps(k, SECOND)
        t = k.app.controller.t
        ahead = k.window.findChild(QLabel, "done:ahead").text()
        wait = k.window.findChild(QLabel, "done:wait").text()
        assert ahead == t("People ahead of you: {n}", n=1), ahead
        assert wait != t("Please stay near the counter: you are called next.")
        assert k.app.booth.queue().next_up().code == first != second
        assert [r.kind for r in k.records()].count("clock_change") == 1
    finally:
        k.app.close()


def test_the_officer_sees_that_the_clock_was_set_back(qtbot, tmp_path):
    """After a clock set back, the queue console names the change and what to do."""
    desk = start_desk(qtbot, tmp_path)
    try:
        desk.submit()
        desk.kiosk.clock.step(-3600)
        desk.submit()
        desk.log_in()
        note = desk.find("queue:clockNote").text()
        assert "1 jam" in note and "dimundurkan" in note, note        # Indonesian first
        assert "09.30" in note                                        # when, kiosk time
        desk.tap("officer:language")
        desk.settle()
        note = desk.find("queue:clockNote").text()
        assert "set back by 1 h" in note and "08:30" in note, note   # the clock showed
    finally:
        desk.app.close()
