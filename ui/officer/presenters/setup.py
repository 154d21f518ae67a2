"""First-run set-up's presenter: shows the event as configured, then makes the first
officer (Officers.create_officer, audited) and signs them in, on a worker. Set-up comes
before any session: it is reached with the kiosk PIN (kiosk.officer.kiosk_pin)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal

from kiosk.officer.accounts import LockedOut, WrongPin
from kiosk.records.audit import Officer
from ui.officer.pages.setup import SetupPage
from ui.officer.presenters.base import PagePresenter


class SetupPresenter(PagePresenter):
    """Makes the first officer; `signed_in(Officer)` when they are in."""

    page: SetupPage
    signed_in = Signal(object)

    def __init__(self, page: SetupPage, **parts: Any) -> None:
        super().__init__(page, **parts)
        page.create_requested.connect(self.create)

    def open(self) -> None:
        """The event's facts, for the officer to check before anything else."""
        t, booth = self.t, self.booth
        config, catalogue = booth.config, booth.catalogue
        names = [t(catalogue.service(c).name) for c in config.event.services_on_site]
        self.page.show_event(t, config, names, t.date(booth.clock.today()))

    def clear(self) -> None:
        """Forget what was typed (the name and both PINs)."""
        self.page.clear()

    def create(self, name: str, pin: str, again: str) -> None:
        """Make the first officer from the name and the PIN typed twice, then sign in."""
        page = self.page
        if pin != again:
            page.say(self.t("The two PINs are not the same. Type them again."), problem=True)
            page.fields["pin"].clear()
            page.fields["pin_again"].clear()
            return
        page.set_busy(True)
        booth = self.booth

        def work() -> Officer | LockedOut | WrongPin:
            officers = booth.officers()
            first = officers.create_officer(name, pin)
            return officers.authenticate(pin, officer_id=first.id)

        self.run(work, self._created)

    def _created(self, answer: Officer | LockedOut | WrongPin) -> None:
        self.page.set_busy(False)
        self.page.clear()
        if isinstance(answer, Officer):
            self.signed_in.emit(answer)
