"""UI fixtures: a whole kiosk over a temp data folder, a fake clock, and a touch driver."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kiosk.event.clock import FakeClock
from kiosk.event.config import Config, default_config_text, parse
from kiosk.paths import DataDir
from tests.conftest import EVENT_MORNING
from tests.helpers.fakes import FakeSlips
from ui.app import KioskApp, build_kiosk
from ui.rehearsal.driver import TouchDriver

ALL_SERVICES = '["NEW", "RENEW", "LOST", "DAMAGED", "COMPLAINT", "INFO"]'


def kiosk_config(*, all_on_site: bool = True) -> Config:
    text = default_config_text()
    if all_on_site:
        text = text.replace('services_on_site = ["NEW", "RENEW", "COMPLAINT", "INFO"]',
                            f"services_on_site = {ALL_SERVICES}")
    return parse(text)


@dataclass
class Kiosk:
    """One running kiosk in a test: its parts, its clock, and a citizen's finger."""

    app: KioskApp
    clock: FakeClock
    slips: FakeSlips
    touch: TouchDriver

    @property
    def flow(self):
        return self.app.flow

    @property
    def window(self):
        return self.app.window

    def records(self, kind=None):
        return self.app.booth.store.records(kind=kind)

    def tickets(self):
        store = self.app.booth.store
        return [dict(r) for r in store.conn.execute("SELECT * FROM tickets ORDER BY id")]

    def idle(self, seconds: float) -> None:
        """Let `seconds` pass with nobody touching, then one tick of the idle timer."""
        self.clock.advance(seconds)
        self.app.controller.idle_timer.timeout.emit()


def start_kiosk(qtbot, tmp_path, *, config=None, slips=None, size=(1920, 1080),
                clock=None, real_slips: bool = False, slip_backend=None) -> Kiosk:
    """A kiosk on screen; slips are FakeSlips unless `real_slips` (the configured printer,
    or `slip_backend`)."""
    clock = clock or FakeClock(EVENT_MORNING)
    slips = None if real_slips else (slips or FakeSlips())
    app = build_kiosk(DataDir(tmp_path / "data"), config=config or kiosk_config(),
                      clock=clock, monotonic=clock.steady, slips=slips,
                      slip_backend=slip_backend)
    app.window.resize(*size)
    app.window.show()
    qtbot.waitExposed(app.window)
    driver = TouchDriver(app.window, background=app.background)
    driver.settle()
    return Kiosk(app, clock, slips, driver)


@pytest.fixture
def kiosk(qtbot, tmp_path):
    k = start_kiosk(qtbot, tmp_path)
    yield k
    k.app.close()
