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
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import phonenumbers
from dateutil.relativedelta import relativedelta
from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik

from kiosk.citizen.regions import regions

T = TypeVar("T")

NAME_MAX = 100
PLACE_MAX = 60


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
    """A 16-digit NIK with a real birth date and a known province; Ok(the 16 digits).

    Layout PPRRSSDDMMYYXXXX (Kemendagri): province, regency, district, birth day (+ 40 for
    women), month, two-digit year, serial. python-stdnum's ``stdnum.id.nik`` reads the
    birth date; the province codes come from resources/nik_regions.toml
    (kiosk.citizen.regions), since stdnum's table lags the Kemendagri numbering. Spaces,
    dashes and dots as printed are dropped. Errors: ``nik.empty``, ``nik.digits``,
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
    if not regions().knows(raw):
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
    """An Indonesian mobile number (08…, 628…, +628…) normalised to E.164 +628….

    Whether the number is a mobile one, and how long one may be, is Google's
    libphonenumber metadata for Indonesia (the phonenumbers package): toll-free 0800
    numbers, landlines and unassigned prefixes are not mobiles. Spaces, dashes, dots and
    brackets as written are dropped. Errors: ``phone.empty``, ``phone.format`` (not an
    Indonesian number), ``phone.mobile`` (not a mobile number), ``phone.short`` and
    ``phone.long`` (params: min, max digits in the 08… form).
    """
    raw = re.sub(r"[\s\-().]", "", _clean(text))
    if not raw:
        return Err("phone.empty")
    local = re.fullmatch(r"(?:\+62|62|0)([0-9]+)", raw) if raw.isascii() else None
    if local is None:
        return Err("phone.format")
    national = local.group(1)
    if national.startswith("0"):
        return Err("phone.format")          # 00…, or +62 0812…: a 0 too many
    lengths = _mobile_lengths()
    bounds = {"min": lengths[0] + 1, "max": lengths[-1] + 1}     # + the leading 0
    if len(national) > 17:                  # longer than any number (E.164: 15 digits)
        return Err("phone.long", bounds)
    number = phonenumbers.PhoneNumber(country_code=62, national_number=int(national))
    if phonenumbers.number_type(number) in _MOBILE:
        return Ok(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    reason = phonenumbers.is_possible_number_for_type_with_reason(
        number, phonenumbers.PhoneNumberType.MOBILE)
    if reason == phonenumbers.ValidationResult.TOO_SHORT:
        return Err("phone.short", bounds)
    if reason == phonenumbers.ValidationResult.TOO_LONG:
        return Err("phone.long", bounds)
    return Err("phone.mobile")


_MOBILE = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


@functools.cache
def _mobile_lengths() -> tuple[int, ...]:
    """The lengths of an Indonesian mobile number without its 0 (libphonenumber: 9 to 12)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("ID")
    return tuple(sorted(metadata.mobile.possible_length))


LATIN_LETTERS = frozenset(string.ascii_letters)
NAME_MARKS = frozenset(" '-.")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def _as_on_ektp(text: object, *, key: str, max_len: int, upper: bool) -> Result[str]:
    """Text in the e-KTP's alphabet: the letters A to Z, spaces, ' - . (uppercase if `upper`).

    The e-KTP prints names and places in the Latin alphabet of Indonesian spelling (A-Z;
    Permendagri 73/2022 on recording names, Pasal 5: "huruf latin sesuai dengan kaidah
    bahasa Indonesia"), and so can every slip back end: the DejaVu
    fonts of the PDF and the ESC/POS printer's power-on code page (PC437), where Arabic
    comes out unjoined and reversed and CJK not at all. Upper-casing may lengthen the text
    (ß becomes SS), so the limit is on the stored form. Errors (``key`` is ``name`` or
    ``place``): ``.empty``, ``.accent`` (a letter with an accent, such as É: the e-KTP
    writes E), ``.latin`` (a letter of another alphabet), ``.chars`` (digits, symbols,
    or no letter at all), ``.long`` (params: max).
    """
    raw = _clean(text).translate(_APOSTROPHES)
    if not raw:
        return Err(f"{key}.empty")
    stored = raw.upper() if upper else raw
    for ch in stored:
        if ch in LATIN_LETTERS or ch in NAME_MARKS:
            continue
        if unicodedata.category(ch) == "Mn":                  # a combining accent
            return Err(f"{key}.accent")
        if ch.isalpha():
            base = unicodedata.normalize("NFKD", ch)[0]
            return Err(f"{key}.accent" if base in LATIN_LETTERS else f"{key}.latin")
        return Err(f"{key}.chars")
    if not any(ch in LATIN_LETTERS for ch in stored):
        return Err(f"{key}.chars")
    if len(stored) > max_len:
        return Err(f"{key}.long", {"max": max_len})
    return Ok(stored)


def name(text: object) -> Result[str]:
    """A name as on the e-KTP, stored uppercase, at most 100 characters; see `_as_on_ektp`
    (errors ``name.empty``, ``name.accent``, ``name.latin``, ``name.chars``, ``name.long``)."""
    return _as_on_ektp(text, key="name", max_len=NAME_MAX, upper=True)


def place(text: object) -> Result[str]:
    """A place of birth in the e-KTP's alphabet, at most 60 characters, kept as typed
    (the record's bytes for what the keyboards type are those of before); see `_as_on_ektp`
    (errors ``place.empty``, ``place.accent``, ``place.latin``, ``place.chars``,
    ``place.long``)."""
    return _as_on_ektp(text, key="place", max_len=PLACE_MAX, upper=False)


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
