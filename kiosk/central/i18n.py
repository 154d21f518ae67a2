"""The staff pages' words in Indonesian and English: one catalogue per language, gettext .po
files read with Babel (resources/locale/LANG/LC_MESSAGES/central.po), source strings English.

Kept apart from the kiosk's own kiosk.po so the two can change independently.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po

from kiosk.central.shared import parse_utc_iso, resources_dir

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
BABEL_LOCALES = {"id": "id_ID", "en": "en_ID"}
DOMAIN = "central"


def catalogue_path(language: str) -> Path:
    return resources_dir() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=4)
def _messages(language: str) -> dict[str, str]:
    with open(catalogue_path(language), "rb") as fh:
        catalog = read_po(fh, locale=BABEL_LOCALES[language], domain=DOMAIN)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string}


class PageText:
    """Translate and format for one language: t("Text {n}", n=3), dates, local times."""

    def __init__(self, language: str, tz: ZoneInfo) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.locale = BABEL_LOCALES[self.language]
        self.tz = tz
        self._messages = _messages(self.language)

    def __call__(self, msgid: str, **params: object) -> str:
        text = self._messages.get(msgid, msgid)
        return text.format(**params) if params else text

    def has(self, msgid: str) -> bool:
        return msgid in self._messages

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
