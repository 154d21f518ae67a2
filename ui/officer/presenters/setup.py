"""First-run set-up's presenter: shows the event as configured, then chooses the kiosk PIN
(when none is chosen yet) and makes the first officer (kiosk.officer.first_run, audited)
and signs them in, on a worker. Set-up comes before any session: it is reached with the
kiosk PIN, or at once on a kiosk where nothing is chosen yet (kiosk.officer.kiosk_pin)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal

from kiosk.errors import describe
from kiosk.officer.accounts import LockedOut, OfficerError, WrongPin
from kiosk.officer.first_run import complete_setup
from kiosk.records.audit import Officer
from ui.officer.pages.setup import SetupPage
from ui.officer.presenters.base import PagePresenter

# Each PIN typed twice: (the PIN's field, its repeat's field).
PAIRS = (("kiosk_pin", "kiosk_pin_again"), ("pin", "pin_again"))


class SetupPresenter(PagePresenter):
    """Makes the first officer (and the kiosk PIN); `signed_in(Officer)` when they are in."""

    page: SetupPage
    signed_in = Signal(object)

    def __init__(self, page: SetupPage, **parts: Any) -> None:
        super().__init__(page, **parts)
        page.create_requested.connect(self.create)

    def open(self) -> None:
        """The event's facts, for the officer to check before anything else; the kiosk PIN's
        fields when no usable kiosk PIN is configured."""
        t, booth = self.t, self.booth
        config, catalogue = booth.config, booth.catalogue
        names = [t(catalogue.service(c).name) for c in config.event.services_on_site]
        self.page.ask_kiosk_pin(not booth.kiosk_pin().chosen)
        self.page.retranslate(t)
        self.page.show_event(t, config, names, t.date(booth.clock.today()))

    def clear(self) -> None:
        """Forget what was typed (the name and every PIN)."""
        self.page.clear()

    def create(self, values: dict[str, str]) -> None:
        """Check that each PIN was typed the same twice, then set the kiosk up and sign the
        first officer in."""
        page = self.page
        page.quiet()
        for first, again in PAIRS:
            if first in values and values[first] != values[again]:
                page.clear(first, again)
                page.problem(again, self.t("The two PINs are not the same. Type them again."))
                return
        page.set_busy(True)
        booth = self.booth
        kiosk_pin = values.get("kiosk_pin") or None     # left empty: set-up says it is needed

        def work() -> Officer | LockedOut | WrongPin:
            return complete_setup(booth.officers(), booth.kiosk_pin(), name=values["name"],
                                  pin=values["pin"], new_kiosk_pin=kiosk_pin)

        self.run(work, self._created, self._refused)

    def _created(self, answer: Officer | LockedOut | WrongPin) -> None:
        self.page.set_busy(False)
        self.page.clear()
        if isinstance(answer, Officer):
            self.signed_in.emit(answer)

    def _refused(self, error: BaseException) -> None:
        """A refusal is said next to its field (a refused PIN is typed again, twice)."""
        page = self.page
        page.set_busy(False)
        field = getattr(error, "field", "") if isinstance(error, OfficerError) else ""
        if field in ("kiosk_pin", "pin"):
            page.clear(field, f"{field}_again")
        if field in page.fields:
            page.problem(field, describe(error, self.t))
        else:
            page.say(describe(error, self.t), problem=True)
