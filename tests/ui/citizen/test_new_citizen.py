"""Every way back to the welcome screen starts a new citizen, tapped on the real window:
the flow's state, every widget, the keyboard and the clipboard as after the idle reset."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QGuiApplication

from kiosk.citizen.flow import FlowState, Step
from kiosk.event.catalogue import load_catalogue
from kiosk.officer.accounts import Officers
from tests.helpers.explore import TYPED, explore, into_welcome
from tests.helpers.replay import do, on_screen, texts, undo_left
from tests.helpers.tour import TOUR_SERVICES, tour_config
from tests.ui.conftest import start_kiosk
from tests.ui.officer.conftest import OFFICER, PIN, Desk
from ui.rehearsal.driver import settle_layouts

ON_SITE = tuple(json.loads(TOUR_SERVICES))
WAYS = into_welcome(load_catalogue(), explore(load_catalogue(), on_site=ON_SITE),
                    on_site=ON_SITE)


def leftovers(window) -> list[tuple[str, str]]:
    return [(name, text) for name, text in texts(window)
            if any(typed in text for typed in TYPED)]


@pytest.mark.parametrize("move", WAYS, ids=str)
def test_every_way_to_welcome_clears_like_the_idle_reset(qtbot, tmp_path, move):
    """The taps that lead to a screen, then the one that leads to welcome: nothing of the
    citizen stays in the flow, in any widget, in an undo history, on the keyboard or the
    clipboard, and the welcome screen looks as on a kiosk just started."""
    k = start_kiosk(qtbot, tmp_path, config=tour_config())
    desk = None
    if move.tap.kind == "officer":
        Officers(k.app.booth.store, k.clock).create_officer(OFFICER, PIN)
        desk = Desk(k, qtbot, None, tmp_path)
    try:
        settle_layouts()
        fresh = on_screen(k.window)
        for tap in move.taps:
            do(k, tap)
        session = k.flow.session
        QGuiApplication.clipboard().setText(k.flow.value("full_name") or "BUDI SANTOSO")
        do(k, move.tap, desk)
        k.touch.settle()
        settle_layouts()
        language = k.flow.language if move.tap.kind == "language" else "id"
        assert k.flow.s == FlowState(language)
        assert k.window.current().step == Step.WELCOME
        assert leftovers(k.window) == [] and undo_left(k.window) == []
        assert k.window.keyboard.target is None and not k.window.keyboard.isVisible()
        assert not k.window.still_there.isVisible()
        if move.tap.kind != "language":
            assert k.flow.session > session
            assert QGuiApplication.clipboard().text() == ""
            if desk is None:
                assert on_screen(k.window) == fresh
    finally:
        k.app.close()
