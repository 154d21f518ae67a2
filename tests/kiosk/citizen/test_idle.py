"""The quiet-time watch on its own: what the quiet time means on each kind of screen."""

from __future__ import annotations

from kiosk.citizen.idle import IdleWatch
from kiosk.citizen.steps import IdleEvent


def watch() -> IdleWatch:
    w = IdleWatch(idle_seconds=60, countdown_seconds=15)
    w.touch(0)
    return w


def test_a_screen_with_a_citizen_asks_then_clears():
    w = watch()
    flags = {"hold": False, "ask_first": True, "something_to_forget": True}
    assert w.tick(59, **flags) is None
    assert w.tick(60, **flags) == IdleEvent.ASK and w.seconds_left(61) == 14
    assert w.tick(74, **flags) is None
    assert w.tick(75, **flags) == IdleEvent.RESET


def test_nothing_to_ask_clears_at_the_end_of_the_quiet_time():
    w = watch()
    flags = {"hold": False, "ask_first": False, "something_to_forget": True}
    assert w.tick(59, **flags) is None
    assert w.tick(60, **flags) == IdleEvent.RESET and not w.asking


def test_holding_waits_whatever_the_time_and_an_empty_screen_is_left_alone():
    w = watch()
    assert w.tick(600, hold=True, ask_first=True, something_to_forget=True) is None
    assert w.tick(600, hold=False, ask_first=False, something_to_forget=False) is None
    assert not w.asking
