"""One message catalogue for screens and slips: gettext .po files read with Babel, no Qt.

Source strings are English. Message keys (``nik.length``) carry the errors a citizen
can cause; both languages translate them. Placeholders use ``{name}`` and are filled
from an Err's params.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from babel.dates import format_date, format_time
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

from kiosk.paths import resources_dir
from kiosk.textfile import read_utf8_bytes

LANGUAGES = ("id", "en")


class Message(Protocol):
    """Anything that says what went wrong as a msgid and its parameters: a KioskError
    (kiosk/errors.py) or a field check's Err (kiosk/citizen/validation.py)."""

    key: str
    params: dict[str, Any]
BABEL_LOCALES = {"id": "id_ID", "en": "en_ID"}
# Numbers as the reader writes them: CLDR's English-in-Indonesia (en_ID) writes 1.234,5 like
# Indonesian, which an English reader takes for one-point-two; money stays Rp350.000.
NUMBER_LOCALES = {"id": "id_ID", "en": "en"}


def catalogue_path(language: str) -> Path:
    return resources_dir() / "locale" / language / "LC_MESSAGES" / "kiosk.po"


@lru_cache(maxsize=4)
def _messages(language: str) -> dict[str, str]:
    lines = io.BytesIO(read_utf8_bytes(catalogue_path(language)))
    catalog = read_po(lines, locale=BABEL_LOCALES[language])
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string}


class Translator:
    """Translates msgids and formats money, dates and times for one language."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self.locale = BABEL_LOCALES[language]
        self._messages = _messages(language)

    def __call__(self, msgid: str, **params: object) -> str:
        text = self._messages.get(msgid, msgid)
        return text.format(**params) if params else text

    def has(self, msgid: str) -> bool:
        return msgid in self._messages

    def error(self, problem: Message) -> str:
        """The message of an error or a field check, in this language."""
        return self(problem.key, **problem.params)

    def money(self, amount: int) -> str:
        """Rupiah the Indonesian way in both languages: Rp350.000."""
        return format_currency(amount, "IDR", format="¤#,##0", locale=self.locale,
                               currency_digits=False)

    def number(self, value: float, *, decimals: int = 0) -> str:
        """A count or a measure, grouped and rounded the reader's way: 1.234 and 23,5 in
        Indonesian, 1,234 and 23.5 in English (`decimals` places, shown even when 0)."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=NUMBER_LOCALES[self.language],
                              decimal_quantization=True)

    def date(self, day: dt.date) -> str:
        """Rabu, 23 Oktober 2019 / Wednesday, 23 October 2019."""
        return format_date(day, "EEEE, d MMMM y", locale=self.locale)

    def short_date(self, day: dt.date) -> str:
        return format_date(day, "d MMM y", locale=self.locale)

    def time(self, when: dt.datetime | dt.time) -> str:
        """24-hour time: 09.05 in Indonesian, 09:05 in English."""
        return format_time(when, "HH.mm" if self.language == "id" else "HH:mm",
                           locale=self.locale)

    def minutes(self, count: int) -> str:
        return self("about {n} minutes", n=count) if count != 1 else self("about 1 minute")


def N_(msgid: str) -> str:
    """Mark a string for extraction where it is defined; translate it where it is shown."""
    return msgid


@lru_cache(maxsize=1)
def _english() -> Translator:
    return Translator("en")


def english(problem: Message) -> str:
    """The English text of an error (for the command line and the log)."""
    return _english().error(problem)
