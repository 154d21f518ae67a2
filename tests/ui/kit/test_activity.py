"""Any touch or key on the window restarts the quiet time, even on plain text.

These press the window itself (where a touch screen delivers), not a widget's slot: a tap
on a title or a key typed on a hardware keyboard has no button behind it, so only the
window's activity watch can tell the idle clock about it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.citizen.flow import Step
from tests.helpers.walks import start_application


def press_on(window, widget) -> None:
    """A finger on `widget` (something with no action behind it), through the window."""
    point = widget.mapTo(window, widget.rect().center())
    assert window.childAt(point) is widget
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)


def test_a_touch_on_a_title_postpones_still_there(kiosk):
    start_application(kiosk, "NEW")
    title = kiosk.window.current().title
    kiosk.idle(50)
    press_on(kiosk.window, title)
    kiosk.idle(50)                       # 100 s since the last tap on a button
    assert not kiosk.window.still_there.isVisible()
    kiosk.idle(10)                       # 60 s since the touch on the title
    assert kiosk.window.still_there.isVisible()


def test_a_hardware_key_postpones_still_there(kiosk):
    start_application(kiosk, "NEW")
    kiosk.idle(50)
    QTest.keyClick(kiosk.window.windowHandle(), Qt.Key.Key_Shift)
    kiosk.idle(50)
    assert not kiosk.window.still_there.isVisible()


def test_the_watch_follows_the_window_when_it_is_made_again(kiosk):
    """Qt may make a new platform window for the same kiosk window (a changed screen or
    flags): touches on the new one must still count."""
    window = kiosk.window
    before = window.windowHandle()
    window.hide()
    window.destroy()
    window.setWindowFlags(window.windowFlags() | Qt.WindowType.WindowStaysOnTopHint)
    window.show()
    kiosk.touch.settle()
    assert window.activity.handle is window.windowHandle()
    assert window.activity.handle is not before
    start_application(kiosk, "NEW")
    kiosk.idle(50)
    press_on(window, window.current().title)
    kiosk.idle(50)
    assert not window.still_there.isVisible()
    assert kiosk.flow.step == Step.APPLICATION
