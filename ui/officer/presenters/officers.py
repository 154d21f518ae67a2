"""The officers page's presenter: the list (Officers.active, each lock), adding and removing
an officer, unlocking one, changing one's own PIN, and the kiosk PIN; each on a worker, as
the signed-in officer, audited by the core."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.errors import describe
from kiosk.officer.pins import OfficerError
from kiosk.records.store import parse_utc_iso
from ui.officer.pages.officers import OfficerRow, OfficersPage, OfficersView
from ui.officer.presenters.base import PagePresenter

SAME = "The two PINs are not the same. Type them again."


class OfficersPresenter(PagePresenter):
    """Shows and changes the officers of this kiosk as the signed-in officer."""

    page: OfficersPage

    def __init__(self, page: OfficersPage, **parts: Any) -> None:
        super().__init__(page, **parts)
        page.add_requested.connect(self.add)
        page.own_pin_requested.connect(self.change_own_pin)
        page.kiosk_pin_requested.connect(self.change_kiosk_pin)
        page.remove_requested.connect(self.remove)
        page.unlock_requested.connect(self.unlock)

    def open(self) -> None:
        """Read the officers, their locks and the kiosk PIN's state."""
        self.page.open_form("")
        self.page.asking = None
        self.run(self._reader(), self._show)

    def clear(self) -> None:
        """Logged out: forget what was typed and any open form."""
        self.page.open_form("")

    # -- the officer's intents --------------------------------------------------------------
    def add(self, name: str, pin: str, again: str) -> None:
        """A new officer (name, PIN typed twice), added by the signed-in one."""
        if self._differ(pin, again):
            return
        by, booth = self.officer, self.booth
        self._change(lambda: booth.officers().create_officer(name, pin, by=by),
                     lambda: self.t("{name} can now sign in.", name=" ".join(name.split())))

    def change_own_pin(self, current: str, pin: str, again: str) -> None:
        """The signed-in officer's new PIN, their current one typed first."""
        if self._differ(pin, again):
            return
        me, booth = self.officer, self.booth
        self._change(lambda: booth.officers().change_own_pin(me, current, pin),
                     lambda: self.t("Your new PIN is saved. Use it from the next sign-in."))

    def change_kiosk_pin(self, pin: str, again: str) -> None:
        """A new kiosk PIN (typed twice): its hash into kiosk.toml, audited."""
        if self._differ(pin, again):
            return
        me, booth = self.officer, self.booth

        def work() -> None:
            booth.kiosk_pin().choose(pin)
            booth.officers().record_action(me, "kiosk_pin_changed")

        self._change(work, lambda: self.t("The kiosk PIN is saved. Write it on the set-up "
                                          "sheet."))

    def remove(self, officer_id: int) -> None:
        """Remove an officer (not the last one), confirmed on the page."""
        by, booth = self.officer, self.booth
        name = next((r.name for r in self.page.view.rows if r.id == officer_id), "")

        def work() -> None:
            officers = booth.officers()
            leaving = officers.get(officer_id)
            if leaving is None:
                raise OfficerError("officer.unknown", name=name)
            officers.remove_officer(leaving, by=by)

        self._change(work, lambda: self.t("{name} is removed: their PIN no longer works.",
                                          name=name), form=False)

    def unlock(self, officer_id: int) -> None:
        """Lift a colleague's lock at once."""
        by, booth = self.officer, self.booth
        name = next((r.name for r in self.page.view.rows if r.id == officer_id), "")

        def work() -> None:
            officers = booth.officers()
            locked = officers.get(officer_id)
            if locked is None:
                raise OfficerError("officer.unknown", name=name)
            officers.unlock(locked, by=by)

        self._change(work, lambda: self.t("{name} can sign in again.", name=name), form=False)

    # -- inside -----------------------------------------------------------------------------
    def _reader(self) -> Callable[[], OfficersView]:
        """What reads the list on a worker: the officer and language taken now, on the UI
        thread (the worker reads nothing of the session or the page)."""
        booth, me, t = self.booth, self.officer, self.t
        tz = booth.config.event.tz

        def read() -> OfficersView:
            officers = booth.officers()
            locks = officers.locks()
            rows = tuple(OfficerRow(o.id, o.name,
                                    t.date(parse_utc_iso(o.created_utc).astimezone(tz).date()),
                                    me is not None and o.id == me.id,
                                    locks[o.id].minutes_left if o.id in locks else 0)
                         for o in officers.active())
            return OfficersView(rows, booth.kiosk_pin().chosen)

        return read

    def _show(self, view: OfficersView) -> None:
        self.page.show_officers(self.t, view)

    def _differ(self, pin: str, again: str) -> bool:
        if pin == again:
            return False
        self.page.clear("pin", "pin_again")
        self.page.problem("pin_again", self.t(SAME))
        return True

    def _change(self, work: Callable[[], Any], done: Callable[[], str], *,
                form: bool = True) -> None:
        """work() on a worker, then the list read again and `done()` said; a refusal next
        to its field (a refused PIN typed again)."""
        self.page.set_busy(True)
        read = self._reader()

        def both() -> OfficersView:
            work()
            return read()

        def finished(view: OfficersView) -> None:
            self.page.set_busy(False)
            if form:
                self.page.open_form("")
            self._show(view)
            self.page.say(done())

        self.run(both, finished, self._refused)

    def _refused(self, error: BaseException) -> None:
        page = self.page
        page.set_busy(False)
        field = error.field if isinstance(error, OfficerError) else ""
        if field == "kiosk_pin":
            field = "pin"
        if field in ("pin", "current"):
            page.clear(*(("current",) if field == "current" else ("pin", "pin_again")))
        if page.form and field in page.fields.fields and page.fields.fields[field].isVisible():
            page.problem(field, describe(error, self.t))
        else:
            page.say(describe(error, self.t), problem=True)
        self.run(self._reader(), self._show)       # a lock or a removal may have changed it
