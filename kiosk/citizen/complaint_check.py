"""Cek pengaduan: what the citizen types to check a complaint, and what the kiosk answers.

Values only (the lookup over the store is kiosk/officer/complaint_lookup.py), so the
screens may import them. The citizen types the tracking number from the slip and, for a
complaint that named a contact (identified or confidential), one fact only the
complainant knows: the last four digits of the mobile number given with it. An anonymous
complaint shows its status only. kiosk/records/answers.py says where the answers come from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.citizen import validation as v
from kiosk.citizen.pages import PageSpec, check_page
from kiosk.citizen.schema import FieldSpec
from kiosk.citizen.steps import FlowError, FlowState, Step
from kiosk.i18n import N_, Translator

# ADU-8285AC06-00042 as printed (kiosk/citizen/registrar.py tracking_number); typed with
# or without ADU, hyphens or spaces, any case, leading zeros of the number left out.
_TRACKING = re.compile(r"^(?:ADU)?-?([0-9A-F]{8})-?(\d{1,5})$")

# What each status says to the citizen (and on the officer's slip check).
STATUS_TEXT = {
    "not_sent": N_("Recorded at this kiosk; not yet at the office"),
    "received": N_("Received by the office"),
    "in_progress": N_("Being handled by the office"),
    "answered": N_("Answered by the office"),
    "closed": N_("Closed"),
}


def normalise_tracking(text: object) -> str | None:
    """The tracking number in its printed form, or None when the text is not one."""
    if not isinstance(text, str):
        return None
    raw = re.sub(r"[\s._]+", "", text).upper()
    m = _TRACKING.fullmatch(raw)
    if not m:
        return None
    return f"ADU-{m.group(1)}-{int(m.group(2)):05d}"


def tracking(text: object) -> v.Result:
    """Ok(the printed form) or Err: ``check.tracking_empty``, ``check.tracking_format``."""
    if not (isinstance(text, str) and text.strip()):
        return v.Err("check.tracking_empty")
    found = normalise_tracking(text)
    return v.Ok(found) if found else v.Err("check.tracking_format")


def last_four(text: object) -> v.Result:
    """Ok(four digits); Err ``check.need_digits`` when empty, ``check.digits`` otherwise."""
    raw = re.sub(r"[\s-]+", "", text) if isinstance(text, str) else ""
    if not raw:
        return v.Err("check.need_digits")
    if len(raw) != 4 or not raw.isascii() or not raw.isdigit():
        return v.Err("check.digits")
    return v.Ok(raw)


# One question a page: the number first; the digits only for a complaint that needs them.
CHECK_PAGE = PageSpec("k_check", N_("Check a complaint"), (
    FieldSpec("tracking_number", N_("Tracking number (on your slip)"), keyboard="code",
              hint=N_("For example ADU-8285AC06-00042"), validator=tracking),))
DIGITS_PAGE = PageSpec("k_digits", N_("Check a complaint"), (
    FieldSpec("phone_last4", N_("Last four digits of the mobile number you gave"),
              keyboard="digits", validator=last_four,
              hint=N_("The complaint carries a name: only its complainant sees its "
                      "progress")),))
CHECK_PAGES = (CHECK_PAGE, DIGITS_PAGE)


@dataclass(frozen=True)
class ComplaintQuery:
    """One check on its way to a worker: what was typed, and the citizen's session (a late
    answer for a citizen who left is dropped)."""

    tracking_number: str
    last4: str
    session: int


@dataclass(frozen=True)
class ComplaintStatus:
    """The kiosk's answer to one check.

    outcome: "found" (status and dates), "status_only" (anonymous, or no fact to check),
    "need_digits", "wrong_digits" (with `tries_left`), "not_found", "locked" (with
    `minutes`). status: a key of STATUS_TEXT when shown; filed, due, answered, closed:
    local dates (None when not shown or not yet).
    """

    outcome: str
    tracking_number: str = ""
    status: str | None = None
    filed: dt.date | None = None
    due: dt.date | None = None
    answered: dt.date | None = None
    closed: dt.date | None = None
    tries_left: int = 0
    minutes: int = 0

    @property
    def shown(self) -> bool:
        """The status may be shown to whoever typed the check."""
        return self.outcome in ("found", "status_only")

    def error(self) -> tuple[str, v.Err] | None:
        """(field name, error) to show beside a field, or None."""
        if self.outcome == "need_digits":
            return "phone_last4", v.Err("check.need_digits")
        if self.outcome == "wrong_digits":
            return "phone_last4", v.Err("check.wrong_digits",
                                         {"tries": self.tries_left, "count": self.tries_left})
        if self.outcome == "not_found":
            return "tracking_number", v.Err("check.not_found")
        if self.outcome == "locked":
            return "tracking_number", v.Err("check.locked",
                                             {"minutes": self.minutes, "count": self.minutes})
        return None


class CheckIntents:
    """The flow's intents on the Cek pengaduan step (mixed into CitizenFlow, whose state
    `s` and `session` they use): check what was typed, then take the worker's answer."""

    s: FlowState
    session: int
    today: Callable[[], dt.date]

    @property
    def check_answer(self) -> ComplaintStatus | None:
        """The answer shown on the check step (None before one, or after new typing)."""
        return self.s.check

    def begin_check(self) -> ComplaintQuery | None:
        """The page's fields checked: a query for a worker, or None (errors beside the
        fields, or a check already on its way)."""
        if self.s.step != Step.CHECK:
            raise FlowError(f"begin_check() on {self.s.step}")
        if self.s.submitting:
            return None
        page = CHECK_PAGES[min(self.s.page, 1)]
        errors = check_page(page, self.s.values, today=self.today())
        self.s.errors, self.s.check = errors, None
        if errors:
            return None
        self.s.submitting = True
        number = normalise_tracking(self.s.values.get("tracking_number"))
        digits = last_four(self.s.values.get("phone_last4", "")) if page is DIGITS_PAGE \
            else None
        return ComplaintQuery(number or "", digits.value if isinstance(digits, v.Ok) else "",
                              self.session)

    def checked(self, query: ComplaintQuery, answer: ComplaintStatus | None) -> bool:
        """The worker's answer (None: the lookup failed). False when the citizen who asked
        has gone (a late answer is dropped). A complaint that needs the phone digits turns
        to their page; any other problem is said beside the field on the page shown."""
        if query.session != self.session or self.s.step != Step.CHECK:
            return False
        self.s.submitting = False
        page = CHECK_PAGES[min(self.s.page, 1)]
        if answer is not None and answer.outcome == "need_digits" and page is CHECK_PAGE:
            self.s.page, self.s.errors = 1, {}
            return True
        problem = answer.error() if answer is not None else (
            "tracking_number", v.Err("check.failed"))
        if problem is not None:
            name = problem[0] if page.field(problem[0]) else page.fields[0].name
            self.s.errors = {name: problem[1]}
        else:
            self.s.check = answer
        return True


def date_lines(t: Translator, answer: ComplaintStatus) -> list[str]:
    """The dates shown with a status, one line each in `t`'s language (those not reached
    yet are left out): filed, answer due, answered, closed."""
    lines = []
    for day, text in ((answer.filed, N_("Filed: {date}")),
                      (answer.due, N_("Answer due by: {date}")),
                      (answer.answered, N_("Answered: {date}")),
                      (answer.closed, N_("Closed: {date}"))):
        if day is not None:
            lines.append(t(text, date=t.date(day)))
    return lines
