"""One message catalogue for screens and slips: gettext .po files read with Babel, no Qt.

Source strings are English. Message keys (``nik.length``) carry the errors a citizen
can cause; both languages translate them. Placeholders use ``{name}`` and are filled
from an Err's params.

A message with a count has gettext plural forms (``msgid_plural``, ``msgstr[N]``; the
catalogue's Plural-Forms header says how many: Indonesian one, English two):
``t.ngettext("{n} record", "{n} records", n, n=n)``. A message key with plural forms
chooses its form by its ``count`` parameter (as Rails and i18next do):
``t("pin.wrong", count=2)``. Each catalogue is compiled to gettext's binary form (Babel's
``write_mo``) when first used and read by the standard library's ``gettext``, which applies
the Plural-Forms rule.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
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


@dataclass(frozen=True)
class Compiled:
    """A .po catalogue compiled: its gettext binary (`mo`), the msgids it translates, and
    those of them with plural forms (by their singular msgid)."""

    mo: bytes
    translated: frozenset[str]
    plural: frozenset[str]

    def __len__(self) -> int:
        return len(self.translated)

    def translations(self) -> gettext.GNUTranslations:
        return gettext.GNUTranslations(io.BytesIO(self.mo))


def compile_catalogue(data: bytes, *, locale: str, domain: str | None = None) -> Compiled:
    """Compile the text of a .po file (UTF-8, any BOM already removed). Entries without a
    translation, and fuzzy ones, are left out, as `msgfmt` leaves them out."""
    catalog = read_po(io.BytesIO(data), locale=locale, domain=domain)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    kept = [m for m in list(catalog)[1:] if m.id and not m.fuzzy]
    translated = {m.id for m in kept if isinstance(m.id, str) and m.string}
    plural = {m.id[0] for m in kept if not isinstance(m.id, str) and any(m.string)}
    return Compiled(mo.getvalue(), frozenset(translated | plural), frozenset(plural))


@lru_cache(maxsize=4)
def _messages(language: str) -> Compiled:
    return compile_catalogue(read_utf8_bytes(catalogue_path(language)),
                             locale=BABEL_LOCALES[language])


@lru_cache(maxsize=4)
def _translations(language: str) -> gettext.GNUTranslations:
    return _messages(language).translations()


class Messages:
    """Looks msgids up in one compiled catalogue and fills their placeholders; the kiosk's
    Translator and the central office's PageText both build on it."""

    def __init__(self, compiled: Compiled, translations: gettext.GNUTranslations) -> None:
        self._compiled = compiled
        self._gettext = translations

    def __call__(self, msgid: str, /, **params: object) -> str:
        """The text of `msgid` (itself when untranslated); a message key with plural forms
        takes the form for its `count` parameter."""
        if msgid in self._compiled.plural and "count" in params:
            text = self._gettext.ngettext(msgid, msgid, _count(params["count"]))
        else:
            text = self._gettext.gettext(msgid)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, number: int, /, **params: object) -> str:
        """The form of a message with a count that fits `number` ("1 record", "2 records"),
        placeholders filled from `params` (pass the count among them too: n=number)."""
        text = self._gettext.ngettext(singular, plural, _count(number))
        return text.format(**params) if params else text

    def has(self, msgid: str) -> bool:
        return msgid in self._compiled.translated


def _count(n: object) -> int:
    """gettext's plural rule wants an integer; a count may come as 3.0 or "3"."""
    return int(n)  # type: ignore[call-overload]


class Translator(Messages):
    """Translates msgids and formats money, dates and times for one language."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self.locale = BABEL_LOCALES[language]
        super().__init__(_messages(language), _translations(language))

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
        """An estimated wait: about 1 minute, about 5 minutes."""
        return self.ngettext("about {n} minute", "about {n} minutes", count, n=count)


def N_(msgid: str) -> str:
    """Mark a string for extraction where it is defined; translate it where it is shown."""
    return msgid


@lru_cache(maxsize=1)
def _english() -> Translator:
    return Translator("en")


def english(problem: Message) -> str:
    """The English text of an error (for the command line and the log)."""
    return _english().error(problem)
