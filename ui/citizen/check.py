"""Cek pengaduan's part of the controller: the lookup on a worker, its answer on the UI
thread (dropped when the citizen who asked has gone)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.citizen.complaint_check import ComplaintQuery, ComplaintStatus

if TYPE_CHECKING:
    from kiosk.citizen.flow import CitizenFlow
    from ui.background import Background
    from ui.citizen.window import KioskWindow


class CheckComplaint:
    """Mixed into the Controller, whose flow, services, background, window, `_shown` and
    refresh it uses."""

    flow: CitizenFlow
    background: Background
    window: KioskWindow
    services: Any                    # the controller's Services (check_complaint)
    refresh: Callable[[], None]
    _shown: tuple

    def check_complaint(self) -> None:
        """Cek pengaduan: the lookup runs on a worker; its answer comes back here."""
        query = self.flow.begin_check()
        self.refresh()
        lookup = self.services.check_complaint
        if query is None or lookup is None:
            return
        self.background.run(lambda: lookup(query),
                            on_result=lambda answer: self._checked(query, answer),
                            on_error=lambda exc: self._checked(query, None),
                            owner=self.window)

    def _checked(self, query: ComplaintQuery, answer: ComplaintStatus | None) -> None:
        if not self.flow.checked(query, answer):
            return
        self._shown = ()            # type into the field the answer faults, if any
        self.refresh()              # (an answer shown: the keyboard makes way for it)
