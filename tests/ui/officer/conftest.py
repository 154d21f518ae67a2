"""Officer UI fixtures: a kiosk with a real slip printer (PDF folder), a central office key,
one officer, and a finger that taps the officer screens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.event.clock import FakeClock
from kiosk.event.config import default_config_text, parse
from kiosk.export.crypto import load_central_private, make_central_keypair
from kiosk.officer.accounts import Officers
from kiosk.officer.pins import hash_pin
from tests.conftest import EVENT_MORNING
from tests.helpers.slips import sid
from tests.ui.conftest import ALL_SERVICES, Kiosk, start_kiosk
from ui.rehearsal.driver import NotTappable

PIN = "480915"
OFFICER = "Andi Pratama"
KIOSK_PIN = "730592"
KIOSK_PIN_HASH = hash_pin(KIOSK_PIN)


def officer_config(central_public: Path | None = None, *, all_on_site: bool = False,
                   exit_pin: str = KIOSK_PIN_HASH):
    """The demo event with a kiosk PIN chosen (KIOSK_PIN, kept as its hash) unless
    `exit_pin` says otherwise ("" as shipped)."""
    text = default_config_text().replace('exit_pin = ""', f'exit_pin = "{exit_pin}"')
    if all_on_site:
        text = text.replace('services_on_site = ["NEW", "RENEW", "COMPLAINT", "INFO"]',
                            f"services_on_site = {ALL_SERVICES}")
    if central_public is not None:
        text = text.replace('central_public_key = ""', f'central_public_key = "{central_public}"')
    return parse(text)


@dataclass
class Desk:
    """A kiosk with its officer side, and the taps an officer makes."""

    kiosk: Kiosk
    qtbot: object
    central_private: object
    stick: Path

    @property
    def app(self):
        return self.kiosk.app

    @property
    def session(self):
        return self.kiosk.app.officer

    @property
    def panel(self):
        return self.session.panel

    @property
    def pad(self):
        return self.session.pad

    @property
    def store(self):
        return self.app.booth.store

    def roots(self) -> list[QWidget]:
        s = self.session
        on_top = [w for w in (s.confirm, s.pad) if w.isVisible()]
        return on_top or ([s.panel] if s.panel.isVisible() else [])

    def find(self, name: str) -> QWidget:
        for root in self.roots():
            for widget in root.findChildren(QWidget, name):
                if widget.isVisible():
                    return widget
        raise NotTappable(f"no visible officer widget named {name!r}")

    def tap(self, name: str) -> None:
        self.kiosk.touch.tap(self.find(name))

    def settle(self, until=None) -> None:
        self.kiosk.touch.settle(until)

    def hold_office(self) -> None:
        """A finger held on the office name until the long-press timer fires."""
        office = self.app.window.office
        self.qtbot.mousePress(office, Qt.MouseButton.LeftButton)
        assert self.session.gesture.pressing
        self.session.gesture.timer.timeout.emit()       # three seconds later
        self.qtbot.mouseRelease(office, Qt.MouseButton.LeftButton)
        self.settle(lambda: self.pad.isVisible() or self.panel.isVisible())

    def pick(self, name: str) -> None:
        """Tap an officer's name on the PIN pad's names page."""
        officer = next(o for o in self.app.booth.officers().active() if o.name == name)
        self.tap(f"officerPin:officer:{officer.id}")
        self.settle()

    def enter_pin(self, pin: str) -> None:
        for digit in pin:
            self.tap(f"officerPin:{digit}")
        self.tap("officerPin:ok")
        self.settle()

    def log_in(self, pin: str = PIN, *, name: str | None = None) -> None:
        self.hold_office()
        if name is not None:
            self.pick(name)
        self.enter_pin(pin)
        assert self.panel.isVisible(), self.find("officerPin:message").text()

    def type_keys(self, editor, text: str, keyboard) -> None:
        """Tap the field, then the on-screen keys for each character."""
        self.kiosk.touch.tap(editor)
        for char in text:
            for key in keyboard.keys_for(char):
                self.kiosk.touch.tap(key)

    def idle(self, seconds: float) -> None:
        self.kiosk.clock.advance(seconds)
        self.session.tick_timer.timeout.emit()
        self.settle()

    def records(self, kind: str):
        return [r.payload for r in self.store.records(kind=kind)]

    def submit(self, **form):
        """A citizen's application, committed the way the touchscreen does it."""
        from tests.helpers.factories import adult_form

        return self.app.booth.registrar().submit_application(adult_form(**form),
                                                             submission_id=sid())


def start_desk(qtbot, tmp_path, *, officer: bool = True, backend=None, size=(1920, 1080),
               all_on_site: bool = False, exit_pin: str = KIOSK_PIN_HASH) -> Desk:
    private_path, public_path = make_central_keypair(tmp_path / "central")
    config = officer_config(public_path, all_on_site=all_on_site, exit_pin=exit_pin)
    clock = FakeClock(EVENT_MORNING)
    k = start_kiosk(qtbot, tmp_path, config=config, size=size, clock=clock, real_slips=True,
                    slip_backend=backend)
    stick = tmp_path / "stick"
    stick.mkdir()
    k.app.officer.sticks = lambda: [stick]
    if officer:
        Officers(k.app.booth.store, k.clock).create_officer(OFFICER, PIN)
    return Desk(k, qtbot, load_central_private(private_path), stick)


@pytest.fixture
def desk(qtbot, tmp_path):
    d = start_desk(qtbot, tmp_path)
    yield d
    d.app.close()
