"""The catalogue: every message key and visible string is translated; money and dates."""

from __future__ import annotations

import datetime as dt
import re

from babel.messages.pofile import read_po

from kiosk.i18n import Translator, catalogue_path

KEY = re.compile(r"^[a-z_]+\.[a-z_.]+$")


def _entries(language):
    """msgid -> msgstr; a plural entry by its singular msgid, with its forms joined."""
    with open(catalogue_path(language), "rb") as fh:
        return {(m.id if isinstance(m.id, str) else m.id[0]):
                (m.string if isinstance(m.string, str) else "".join(m.string))
                for m in read_po(fh) if m.id}


def test_every_msgid_has_an_indonesian_translation():
    """No English source string reaches an Indonesian screen untranslated."""
    missing = [k for k, v in _entries("id").items() if not v]
    assert not missing, missing


def test_both_catalogues_hold_the_same_msgids():
    """The English and Indonesian catalogues list the same messages."""
    assert set(_entries("id")) == set(_entries("en"))


def test_message_keys_have_english_text_too():
    """Error keys such as nik.length are never shown raw in English."""
    missing = [k for k, v in _entries("en").items() if KEY.match(k) and not v]
    assert not missing, missing


def test_catalogue_strings_are_in_the_po_files(catalogue):
    """Service names and documents from resources/catalogue.toml are translated."""
    ids = _entries("id")
    assert [s for s in catalogue.visible_strings() if s not in ids] == []


def test_money_and_dates_per_language():
    """Rp350.000 in both; Rabu, 23 Oktober 2019 / Wednesday, 23 October 2019."""
    idn, en = Translator("id"), Translator("en")
    assert idn.money(350000) == "Rp350.000" == en.money(350000)
    assert idn.date(dt.date(2019, 10, 23)) == "Rabu, 23 Oktober 2019"
    assert en.date(dt.date(2019, 10, 23)) == "Wednesday, 23 October 2019"
    assert idn.time(dt.time(9, 5)) == "09.05" and en.time(dt.time(9, 5)) == "09:05"


def test_no_msgid_is_written_twice():
    """Merged catalogues keep one entry per msgid (Babel would silently keep only one)."""
    for language in ("id", "en"):
        lines = catalogue_path(language).read_text(encoding="utf-8").splitlines()
        ids = [line for line in lines if line.startswith('msgid "') and line != 'msgid ""']
        assert len(ids) == len(set(ids)), [i for i in set(ids) if ids.count(i) > 1]


def test_catalogues_hold_no_merge_conflict_markers():
    """A merge left <<<<<<< lines once; Babel reads past them, so check by hand."""
    for language in ("id", "en"):
        text = catalogue_path(language).read_text(encoding="utf-8")
        marks = [line for line in text.splitlines()
                 if line.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
        assert marks == [], language


def test_every_msgid_of_the_kiosk_is_found_where_it_is_used():
    """`pybabel extract -F babel.cfg` (t, N_ and ngettext calls) or resources/catalogue.toml
    finds every text msgid of kiosk.po: a label kept in a table unmarked would be dropped as
    obsolete by the next `pybabel update`, and a msgid nothing shows is dead weight. Message
    keys (nik.length) are composed in code and kept by hand."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    from kiosk.event.catalogue import load_catalogue

    root = Path(__file__).resolve().parents[2]
    with open(root / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    used = {m if isinstance(m, str) else m[0]
            for _f, _l, m, *_ in extract_from_dir(str(root), method_map, options_map)}
    used |= set(load_catalogue().visible_strings())
    for language in ("id", "en"):
        unused = sorted(m for m in _entries(language) if not KEY.match(m) and m not in used)
        assert unused == [], language
