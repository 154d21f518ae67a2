"""The public 'now serving' screen: codes and counters of called tickets, nothing personal."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ui.officer.wiring import now_serving_window


def test_the_display_shows_called_codes_and_counters_only(desk, qtbot):
    """After a call at counter 3 the display shows A-001 and 3; no name or NIK anywhere."""
    desk.submit()
    desk.submit(nik="7571014101550001", birth_date="01-01-1955", sex="F",
                full_name="Siti Rahma")
    desk.log_in()
    desk.tap("queue:counter:3")
    desk.settle()
    desk.tap("queue:next")
    desk.settle()
    display = now_serving_window(desk.app, timer=QTimer())
    qtbot.addWidget(display)
    display.resize(1280, 720)
    display.show()
    desk.settle()
    assert display.findChild(QLabel, "display:code:0").text() == "A-001"
    assert display.findChild(QLabel, "display:counter:0").text() == "3"
    assert display.findChild(QLabel, "display:code:1").text() == ""
    shown = " ".join(label.text() for label in display.findChildren(QLabel))
    assert "BUDI" not in shown and "SITI" not in shown and "7571" not in shown
    desk.tap("queue:served")
    desk.settle()
    display.timer.timeout.emit()
    desk.settle()
    assert display.findChild(QLabel, "display:code:0").text() == ""


def test_the_display_and_its_timer_go_together(desk, qtbot):
    """A timer handed to the display (a test's, to fire by hand) becomes the display's:
    deleted with it, it never ticks into a deleted window; an answer that arrives after the
    display went is dropped."""
    import shiboken6

    timer = QTimer()
    display = now_serving_window(desk.app, timer=timer)     # reads the calls at once
    assert timer.parent() is display and timer.isActive()
    shiboken6.delete(display)                                # before the answer comes
    desk.settle()
    assert not shiboken6.isValid(timer)
