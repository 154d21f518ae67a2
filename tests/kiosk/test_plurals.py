"""Both message catalogues (the kiosk's kiosk.po, the office's central.po), both languages:
they compile, every message with a count has gettext plural forms, and the placeholders of
every translation are those of its message.

A message key (nik.length) has no placeholders of its own: its English text is the reference
for the Indonesian one. A count is a placeholder named for what it counts ({n}, {count},
{days}, ...); the few that never need a plural form are listed with the reason.
"""

from __future__ import annotations

import io
import re
import string
import zoneinfo

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk.central.i18n import PageText
from kiosk.central.i18n import catalogue_path as central_path
from kiosk.i18n import Translator
from kiosk.i18n import catalogue_path as kiosk_path

PATHS = {"kiosk": kiosk_path, "central": central_path}
NPLURALS = {"id": 1, "en": 2}
KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
COUNTS = {"n", "count", "days", "seconds", "minutes", "hours", "tries", "years"}
# A count that needs no plural form, and why.
NO_PLURAL = {
    "Step {n} of {total}": "a position, not an amount",
    "part {n} of {total}": "a position, not an amount",
    "Page {n}": "a page number",
    "People ahead of you: {n}": "a label and its number",
    "Records of today not exported yet: {n}": "a label and its number",
    "Due for removal now: {n}": "a label and its number",
    "Old enough, but not exported yet: {n}": "a label and its number",
    "Locked: {minutes} min": "a unit symbol (min)",
    "store.busy": "a unit symbol (s)",
    "{n} d": "a unit symbol (d), of a clock change",
    "{n} h": "a unit symbol (h), of a clock change",
    "{n} min": "a unit symbol (min), of a clock change",
    "The answer is longer than {n} characters.": "a fixed limit (4000), never 1",
    "Next try in about {n} min": "a unit symbol (min), of the sync's next try",
    "Next try in about {n} s": "a unit symbol (s), of the sync's next try",
    "Records the office holds another version of: {n}. They are kept here and not sent "
    "again; tell the office's IT staff.": "a label and its number",
}


def catalogue(domain: str, language: str):
    with open(PATHS[domain](language), "rb") as fh:
        return read_po(fh)


def fields(text: str) -> set[str]:
    """The {placeholders} of a text (str.format's own parser: a stray brace raises)."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def forms(message) -> list[str]:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return [s for s in strings if s]


def singular(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


CASES = [(d, lang) for d in PATHS for lang in NPLURALS]


@pytest.mark.parametrize(("domain", "language"), CASES)
def test_catalogues_compile_clean(domain, language):
    """Babel's checks pass (plural forms counted, formats sound) and write_mo compiles it;
    the Plural-Forms header says one form for Indonesian, two for English."""
    cat = catalogue(domain, language)
    assert cat.num_plurals == NPLURALS[language]
    problems = [(singular(m), [str(e) for e in errors]) for m, errors in cat.check()]
    assert problems == []
    mo = io.BytesIO()
    write_mo(mo, cat)
    assert len(mo.getvalue()) > 1000


@pytest.mark.parametrize(("domain", "language"), CASES)
def test_translations_keep_the_placeholders(domain, language):
    """Every {placeholder} of a msgid (and msgid_plural) is in each msgstr form, and no
    msgstr has one its msgid lacks; a message key is held to its English text."""
    english = {singular(m): m for m in catalogue(domain, "en") if m.id}
    problems = []
    for m in catalogue(domain, language):
        if not m.id:
            continue
        key = singular(m)
        if KEY.match(key):
            reference = set().union(*map(fields, forms(english[key]))) if key in english \
                else set()
        else:
            ids = (m.id,) if isinstance(m.id, str) else m.id
            reference = set().union(*map(fields, ids))
        for text in forms(m):
            if fields(text) != reference:
                problems.append((key, text, sorted(reference)))
    assert problems == []


@pytest.mark.parametrize(("domain", "language"), CASES)
def test_every_message_with_a_count_has_plural_forms(domain, language):
    """"1 seconds" cannot happen: a message counting something is a plural entry, in every
    form the language has (the exceptions above say why not)."""
    english = {singular(m): m for m in catalogue(domain, "en") if m.id}
    wrong = []
    for m in catalogue(domain, language):
        if not m.id or singular(m) in NO_PLURAL:
            continue
        key = singular(m)
        texts = [key] if not KEY.match(key) else forms(english.get(key, m))
        counted = set().union(*map(fields, texts)) & COUNTS
        if counted and not m.pluralizable:
            wrong.append(key)
        elif m.pluralizable and len(m.string) != NPLURALS[language]:
            wrong.append(key)
    assert wrong == []


def test_one_and_many_read_right_in_english():
    """about 1 minute / about 2 minutes; 1 try left / 2 tries left (a message key by its
    count); 1 character / 3 characters on the office's pages."""
    en, idn = Translator("en"), Translator("id")
    assert en.minutes(1) == "about 1 minute" and en.minutes(2) == "about 2 minutes"
    assert idn.minutes(1) == "sekitar 1 menit" and idn.minutes(7) == "sekitar 7 menit"
    assert en("pin.wrong", count=1) == "Wrong PIN. 1 try left."
    assert en("pin.wrong", count=2) == "Wrong PIN. 2 tries left."
    assert idn("pin.wrong", count=1) == "PIN salah. Sisa percobaan: 1."
    seconds = ("For your privacy the screen clears in {n} second.",
               "For your privacy the screen clears in {n} seconds.")
    assert en.ngettext(*seconds, 1, n=1).endswith("in 1 second.")
    assert en.ngettext(*seconds, 5, n=5).endswith("in 5 seconds.")
    page = PageText("en", zoneinfo.ZoneInfo("Asia/Makassar"))
    assert page.ngettext("{n} character", "{n} characters", 1, n=1) == "1 character"
    assert page.ngettext("{n} character", "{n} characters", 3, n=3) == "3 characters"



@pytest.mark.parametrize(("domain", "language"), CASES)
def test_a_message_key_is_not_flagged_as_a_format(domain, language):
    """A message key (pin.wrong) has no placeholders of its own, so `#, python-brace-format`
    on it makes GNU `msgfmt -c` fail ("{count} doesn't exist in msgid"); keys go unflagged.
    Read from the file: Babel drops the flag on reading."""
    lines = PATHS[domain](language).read_text(encoding="utf-8").splitlines()
    flagged = [msgid for flag, msgid in zip(lines, lines[1:], strict=False)
               if "python-brace-format" in flag and msgid.startswith('msgid "')
               and KEY.match(msgid[7:-1])]
    assert flagged == []
