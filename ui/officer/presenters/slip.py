"""The slip check's presenter: a scanned token or typed code is checked on a worker
(SlipDesk.check, audited), the answer shown in words (a SlipView); Reprint prints the
slip of the last genuine answer again (SlipDesk.reprint, audited)."""

from __future__ import annotations

from typing import Any

from kiosk.citizen.complaint_check import STATUS_TEXT, date_lines
from kiosk.event.catalogue import Catalogue
from kiosk.i18n import N_, Translator
from kiosk.officer.slipcheck import SlipCheck
from ui.officer.pages.slip import SlipPage, SlipView
from ui.officer.presenters.base import PagePresenter

STATUS = {"waiting": N_("waiting"), "called": N_("at a counter"), "served": N_("served"),
          "no_show": N_("no-show")}
KINDS = {"application": N_("Application"), "complaint": N_("Complaint"),
         "info": N_("Information slip"), "referral": N_("Referral slip")}


class SlipPresenter(PagePresenter):
    """Checks slips and reprints them as the signed-in officer."""

    page: SlipPage

    def __init__(self, page: SlipPage, **parts: Any) -> None:
        super().__init__(page, **parts)
        self.result: SlipCheck | None = None
        page.check_requested.connect(self.check)
        page.reprint_requested.connect(self.reprint)

    def open(self) -> None:
        """The scanner types into the field at once."""
        self.page.opened()

    def clear(self) -> None:
        """Logged out: nothing about the last slip stays, on screen or here."""
        self.result = None
        self.page.clear()

    def check(self, text: str) -> None:
        """Check what the scanner or the officer typed."""
        officer, booth = self.officer, self.booth
        self.page.set_busy(True)
        self.run(lambda: booth.desk().check(text, officer=officer), self._checked)

    def _checked(self, result: SlipCheck) -> None:
        self.result = result
        self.page.show_result(slip_view(self.t, result, self.booth.catalogue))
        self.page.set_busy(False)

    def reprint(self) -> None:
        """Print the slip of the last genuine answer again."""
        result, officer, booth = self.result, self.officer, self.booth
        if result is None or not result.ok:
            return
        self.page.set_busy(True)
        self.run(lambda: booth.desk().reprint(result, booth.slips, officer=officer),
                 self._reprinted)

    def _reprinted(self, outcome: Any) -> None:
        self.page.set_busy(False)
        self.page.show_printed(self.t, bool(outcome.ok), getattr(outcome, "reason", ""))


def slip_view(t: Translator, check: SlipCheck, catalogue: Catalogue) -> SlipView:
    """A slip check's answer in `t`'s language: the verdict and what the slip is."""
    if check.ok:
        verdict = (t("Genuine slip, found on this kiosk") if check.via == "token"
                   else t("Ticket found on this kiosk"))
    else:
        key, params = check.message()
        verdict = t(key, **params)
    return SlipView(check.ok, verdict, check.code or "", tuple(_lines(t, check, catalogue)))


def _row(label: str, value: object) -> str:
    """"Label: value", the label already translated (a t() call kept out of an f-string,
    where `pybabel extract` cannot see it)."""
    return f"{label}: {value}"


def _lines(t: Translator, r: SlipCheck, catalogue: Catalogue) -> list[str]:
    lines = []
    if r.code and not r.ok:
        lines.append(_row(t("Ticket"), r.code))
    if r.kind:
        lines.append(_row(t("Kind"), t(KINDS.get(r.kind, r.kind))))
    if r.service:
        lines.append(_row(t("Service"), t(catalogue.service(r.service).name)))
    if r.status:
        status = t(STATUS.get(r.status, r.status))
        if r.status == "called" and r.counter:
            status += " " + t("(counter {counter})", counter=r.counter)
        lines.append(_row(t("Status"), status))
    if r.priority:
        lines.append(_row(t("Priority"), t("Yes")))
    if r.issued_local is not None:
        lines.append(_row(t("Issued"), f"{t.date(r.issued_local.date())}, "
                                       f"{t.time(r.issued_local)}"))
    elif r.day is not None:
        lines.append(_row(t("Day"), t.date(r.day)))
    if r.name:
        lines.append(_row(t("Name"), r.name))
    if r.masked_nik:
        lines.append(_row(t("NIK"), r.masked_nik))
    if r.tracking_number:
        lines.append(_row(t("Tracking number"), r.tracking_number))
    if r.complaint is not None and r.complaint.status in STATUS_TEXT:
        lines.append(_row(t("Complaint"), t(STATUS_TEXT[r.complaint.status])))
        lines += date_lines(t, r.complaint)
    if r.redacted:
        lines.append(t("Personal data already removed (retention)."))
    if r.kiosk_id and not r.ok:
        lines.append(_row(t("Kiosk"), r.kiosk_id))
    return lines
