"""The staff pages' words in Indonesian and English: one catalogue per language, gettext .po
files read with Babel (resources/locale/LANG/LC_MESSAGES/central.po), source strings English.

Kept apart from the kiosk's own kiosk.po so the two can change independently.
"""

from __future__ import annotations

import datetime as dt
import gettext
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from kiosk.central.shared import (
    Compiled,
    Messages,
    compile_catalogue,
    parse_utc_iso,
    resources_dir,
)

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
BABEL_LOCALES = {"id": "id_ID", "en": "en_ID"}
DOMAIN = "central"


def catalogue_path(language: str) -> Path:
    return resources_dir() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=4)
def _messages(language: str) -> Compiled:
    with open(catalogue_path(language), "rb") as fh:
        return compile_catalogue(fh.read(), locale=BABEL_LOCALES[language], domain=DOMAIN)


@lru_cache(maxsize=4)
def _translations(language: str) -> gettext.GNUTranslations:
    return _messages(language).translations()


class PageText(Messages):
    """Translate and format for one language: t("Text {q}", q=q), t.ngettext("{n} row",
    "{n} rows", n, n=n) (templates call it as ngettext), dates, local times."""

    def __init__(self, language: str, tz: ZoneInfo) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.locale = BABEL_LOCALES[self.language]
        self.tz = tz
        super().__init__(_messages(self.language), _translations(self.language))

    def date(self, value: str | dt.date | None) -> str:
        """Rabu, 23 Oktober 2019 / Wednesday, 23 October 2019."""
        if not value:
            return ""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, "EEEE, d MMMM y", locale=self.locale)

    def short_date(self, value: str | dt.date | None) -> str:
        if not value:
            return ""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, "d MMM y", locale=self.locale)

    def when(self, utc: str | None) -> str:
        """A stored UTC time in the office's clock: 23 Okt 2019 09.30."""
        if not utc:
            return ""
        local = parse_utc_iso(utc).astimezone(self.tz)
        pattern = "d MMM y HH.mm" if self.language == "id" else "d MMM y HH:mm"
        return format_datetime(local, pattern, locale=self.locale)
