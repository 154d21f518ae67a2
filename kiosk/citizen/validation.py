"""Validators for what citizens type: each returns Ok(typed value) or Err(message key).

Message keys (e.g. ``nik.length``) are msgids in the translation catalogue, so the
screen shows them in the citizen's language next to the field. No validator raises, whatever
it is given (text, None, numbers, bytes). The form's fields bind them in
kiosk.citizen.schema.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from dateutil.relativedelta import relativedelta
from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik

T = TypeVar("T")

NAME_MAX = 100
PHONE_LOCAL_MIN, PHONE_LOCAL_MAX = 10, 13


@dataclass(frozen=True)
class Ok(Generic[T]):
    """A value that passed, in its checked form (e.g. an upper-cased name, a date)."""

    value: T
    ok = True


@dataclass(frozen=True)
class Err:
    """Why a value did not pass: a message key and the parameters its text names."""

    key: str
    params: dict = field(default_factory=dict)
    ok = False


Result = Ok[T] | Err


def _clean(text: object) -> str:
    """Text as typed, with control characters dropped and whitespace runs collapsed."""
    if not isinstance(text, str):
        return ""
    if text.isascii() and text.isprintable():      # what the keypads type: no controls
        return " ".join(text.split())
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\t\n")
    return re.sub(r"\s+", " ", text).strip()


def nik(text: object) -> Result[str]:
    """A 16-digit NIK with a real birth date and a known region; Ok(the 16 digits).

    Layout PPRRSSDDMMYYXXXX (Kemendagri): province, regency, district, birth day (+ 40 for
    women), month, two-digit year, serial; read with python-stdnum's ``stdnum.id.nik``.
    Spaces, dashes and dots as printed are dropped. Errors: ``nik.empty``, ``nik.digits``,
    ``nik.length`` (params: count), ``nik.date``, ``nik.region``.
    """
    raw = _clean(text).replace(" ", "").replace("-", "").replace(".", "")
    if not raw:
        return Err("nik.empty")
    if not raw.isascii() or not raw.isdigit():
        return Err("nik.digits")
    if len(raw) != 16:
        return Err("nik.length", {"count": len(raw)})
    day = int(raw[6:8])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        # stdnum takes the day modulo 40, so it would read 81 as the 1st.
        return Err("nik.date")
    try:
        stdnum_nik.get_birth_date(raw)
    except stdnum_errors.ValidationError:
        return Err("nik.date")
    try:
        stdnum_nik.validate(raw)
    except stdnum_errors.ValidationError:
        return Err("nik.region")
    return Ok(raw)


def nik_sex(number: str) -> str:
    """'F' when 40 was added to the birth day, else 'M'."""
    return "F" if int(number[6:8]) > 40 else "M"


def nik_agrees(number: str, *, birth_date: dt.date, sex: str) -> Err | None:
    """None when a valid NIK's DDMMYY and sex match what was entered ('M' or 'F'), else
    ``nik.sex_mismatch`` or ``nik.birth_mismatch`` (the year by its last two digits)."""
    day = int(number[6:8])
    expected_day = birth_date.day + (40 if sex == "F" else 0)
    if nik_sex(number) != sex:
        return Err("nik.sex_mismatch")
    if (day, int(number[8:10]), int(number[10:12])) != (
        expected_day, birth_date.month, birth_date.year % 100
    ):
        return Err("nik.birth_mismatch")
    return None


def phone(text: object) -> Result[str]:
    """An Indonesian mobile number (08…, 628…, +628…) normalised to E.164 +628…."""
    raw = re.sub(r"[\s\-().]", "", _clean(text))
    if not raw:
        return Err("phone.empty")
    if raw.startswith("+"):
        raw = raw[1:]
        if not raw.startswith("62"):
            return Err("phone.format")
    if not raw.isascii() or not raw.isdigit():
        return Err("phone.format")
    if raw.startswith("62"):
        local = "0" + raw[2:]
    elif raw.startswith("0"):
        local = raw
    else:
        return Err("phone.format")
    if not local.startswith("08"):
        return Err("phone.mobile")
    if not PHONE_LOCAL_MIN <= len(local) <= PHONE_LOCAL_MAX:
        return Err("phone.length")
    return Ok("+62" + local[1:])


def name(text: object) -> Result[str]:
    """A name as on the e-KTP: letters, spaces, ' - . ; stored uppercase, max 100 characters."""
    raw = _clean(text).replace("\u2019", "'").replace("`", "'")
    if not raw:
        return Err("name.empty")
    if len(raw) > NAME_MAX:
        return Err("name.long", {"max": NAME_MAX})
    if not all(ch.isalpha() or ch in " '-." for ch in raw):
        return Err("name.chars")
    if not any(ch.isalpha() for ch in raw):
        return Err("name.chars")
    return Ok(raw.upper())


_DATE_FORMS = (
    (re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})"), "dmy"),
    (re.compile(r"(\d{2})(\d{2})(\d{4})"), "dmy"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "ymd"),
)


def date(text: object, *, today: dt.date, not_future: bool = True,
         earliest: dt.date = dt.date(1900, 1, 1)) -> Result[dt.date]:
    """A date typed as DD-MM-YYYY (or DDMMYYYY from the keypad, or ISO YYYY-MM-DD), from
    `earliest` up to `today` (the event day). Errors: ``date.empty``, ``date.format``,
    ``date.invalid`` (no such day), ``date.future``, ``date.too_old``."""
    raw = _clean(text)
    if not raw:
        return Err("date.empty")
    for pattern, order in _DATE_FORMS:
        m = pattern.fullmatch(raw)
        if m:
            a, b, c = (int(g) for g in m.groups())
            d, mth, y = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                value = dt.date(y, mth, d)
            except ValueError:
                return Err("date.invalid")
            if not_future and value > today:
                return Err("date.future")
            if value < earliest:
                return Err("date.too_old")
            return Ok(value)
    return Err("date.format")


@functools.lru_cache(maxsize=64)      # one event day asks the same bound on every Next
def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier; from 29 February to a common year, 28 February.

    python-dateutil's relativedelta clips to the end of the month, so this never raises for
    a real date (``day.replace(year=...)`` does, on 29 February).
    """
    return day - relativedelta(years=years)


@dataclass(frozen=True)
class DateRule:
    """Which typed dates a field takes: none after the event day, none before its first day.

    The first day is `earliest`, or with `years_back` the same calendar day that many years
    before the event day (see `years_before`). Calling the rule checks a typed date:
    ``rule(text, today=day)`` gives Ok(date) or Err with ``date.empty``, ``date.format``,
    ``date.invalid``, ``date.future`` or ``date.too_old``; it never raises.
    """

    earliest: dt.date = dt.date(1900, 1, 1)
    years_back: int = 0

    def first_day(self, today: dt.date) -> dt.date:
        """The earliest date this rule takes on the event day `today`."""
        return years_before(today, self.years_back) if self.years_back else self.earliest

    def __call__(self, text: object, *, today: dt.date) -> Result[dt.date]:
        return date(text, today=today, earliest=self.first_day(today))


def police_report(text: object) -> Result[str]:
    """A police loss-report number such as SKTLK/123/X/2019/SPKT (letters, digits, / - . space)."""
    raw = _clean(text).upper()
    if not raw:
        return Err("police.empty")
    if len(raw) > 60:
        return Err("police.long", {"max": 60})
    if not re.fullmatch(r"[A-Z0-9/.\- ]+", raw) or not re.search(r"\d", raw) or len(raw) < 4:
        return Err("police.format")
    return Ok(raw)


def free_text(text: object, *, max_len: int = 2000, required: bool = True) -> Result[str]:
    """Free text (what happened, a place): control characters dropped, bounded in length."""
    if not isinstance(text, str):
        text = ""
    raw = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch == "\n").strip()
    if not raw and required:
        return Err("text.empty")
    if len(raw) > max_len:
        return Err("text.long", {"max": max_len})
    return Ok(raw)


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")


def email(text: object) -> Result[str]:
    """An optional e-mail address: empty is fine, otherwise it must look like one."""
    raw = _clean(text)
    if not raw:
        return Ok("")
    if len(raw) > 254 or not _EMAIL.fullmatch(raw):
        return Err("email.format")
    return Ok(raw.lower())


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years from `birth` to `day`; born on 29 February, one older on 1 March."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
