"""The composition root's start and stop: the officer side joining late, failing, the
public display, and closing twice."""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import Qt

from kiosk.event.clock import FakeClock
from kiosk.officer.pins import hash_pin
from kiosk.paths import DataDir
from tests.conftest import EVENT_MORNING
from tests.helpers.fakes import FakeSlips
from tests.helpers.officer_side import KIOSK_PIN
from tests.ui.conftest import kiosk_config
from ui.app import KioskApp, build_kiosk, show_display
from ui.rehearsal.driver import TouchDriver


def late_kiosk(qtbot, tmp_path, config=None, **kw) -> KioskApp:
    """Built as `kiosk run` builds it: the officer side joins after the warm-up worker."""
    clock = FakeClock(EVENT_MORNING)
    app = build_kiosk(DataDir(tmp_path / "data"), config=config or kiosk_config(), clock=clock,
                      monotonic=lambda: clock.now().timestamp(), slips=FakeSlips(),
                      officer_now=False, **kw)
    app.window.resize(1280, 800)
    app.window.show()
    qtbot.waitExposed(app.window)
    return app


def test_a_close_asked_before_the_officer_side_joins_opens_its_pin_pad(qtbot, tmp_path):
    """Closing asked in the first half second: the pad opens once the officer side joins
    (the kiosk PIN here: no officer yet, a kiosk PIN chosen)."""
    config = kiosk_config()
    config = dataclasses.replace(config, kiosk=dataclasses.replace(
        config.kiosk, exit_pin=hash_pin(KIOSK_PIN)))
    app = late_kiosk(qtbot, tmp_path, config=config)
    try:
        assert app.officer is None
        app.window.close()                        # refused: no PIN yet
        assert app.window.isVisible()
        touch = TouchDriver(app.window, background=app.background)
        touch.settle(lambda: app.officer is not None and app.officer.pad.isVisible())
        assert app.officer.pad.mode == "kiosk"    # no officers yet: the kiosk PIN
    finally:
        app.close()


def test_if_the_officer_side_cannot_start_the_kiosk_stops(qtbot, tmp_path, monkeypatch,
                                                          caplog):
    """No PIN pad means no way out of a full-screen kiosk: stop, and say why in the log."""
    def broken(*_a, **_k):
        raise ImportError("ui.officer.pages.panel")

    monkeypatch.setattr("ui.officer.wiring.install_officer_side", broken)
    stopped = []
    app = late_kiosk(qtbot, tmp_path, on_failure=lambda: stopped.append(True))
    try:
        with caplog.at_level(logging.CRITICAL, logger="ui.app"):
            TouchDriver(app.window, background=app.background).settle(lambda: bool(stopped))
        assert app.window.may_close and app.officer is None
        assert "officer side could not start" in caplog.text
    finally:
        app.close()


def test_closing_twice_is_harmless_and_late_answers_are_ignored(qtbot, tmp_path):
    app = late_kiosk(qtbot, tmp_path)
    app.close()                                   # before the warm-up worker answered
    app.close()
    TouchDriver(app.window, background=app.background).settle()
    assert app.officer is None


def test_display_needs_a_second_screen_or_a_window(qtbot, tmp_path):
    """One screen and a full-screen kiosk: no display. Windowed: its own window, which
    never takes the focus from the kiosk."""
    app = late_kiosk(qtbot, tmp_path)
    try:
        touch = TouchDriver(app.window, background=app.background)
        touch.settle(lambda: app.officer is not None)
        show_display(app, windowed=False)         # the offscreen platform has one screen
        assert app.display is None
        show_display(app, windowed=True)
        assert app.display.isVisible()
        assert app.display.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    finally:
        app.close()


def test_closing_deletes_every_qt_object_of_the_kiosk_on_the_ui_thread(qtbot, tmp_path):
    """After close(), the window, the controller, the officer side, their timers and the
    background helper are gone, deleted here: nothing is left for Python's collector to
    free on a worker later; the collector runs automatically again."""
    import gc

    import shiboken6

    from tests.ui.conftest import start_kiosk

    k = start_kiosk(qtbot, tmp_path)
    assert not gc.isenabled()            # while the kiosk runs: collected on this thread
    app = k.app
    parts = [app.window, app.controller, app.controller.idle_timer, app.officer,
             app.officer.tick_timer, app.officer.gesture.timer, app.background]
    app.close()
    assert [shiboken6.isValid(p) for p in parts] == [False] * len(parts)
    assert gc.isenabled()
