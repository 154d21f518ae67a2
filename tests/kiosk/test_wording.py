"""The words people read: one Indonesian term for each thing in both catalogues (the kiosk's
and the office's), the terms of public service as Ditjen Imigrasi and KBBI write them, and the
phrases the field trial found wrong never come back (issue 10, item 16)."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from kiosk.central.i18n import catalogue_path as central_path
from kiosk.citizen.schema import DAMAGE_CAUSES, DISASTER
from kiosk.i18n import Translator
from kiosk.i18n import catalogue_path as kiosk_path

# (what is no longer written, the word used instead, why)
TERMS = [
    (r"\bkios\b", "anjungan", "the public-service word for a self-service machine (Anjungan "
     "Dukcapil Mandiri, Anjungan Tunai Mandiri); in a mall a kios is a shop stall"),
    (r"\b[Ll]embar (antrean|informasi|Anda|tidak)\b", "slip", "what the printer gives is "
     "called a slip on the slip itself and on the officer's side"),
    (r"\bsurat rujukan\b", "slip rujukan", "a referral is a slip, not a letter"),
    (r"\b[Ss]urel\b", "e-mail", "as the citizen's form writes it"),
    (r"\bstik\b", "flashdisk", "as the export and its errors say it"),
    (r"\b[Kk]etuk\b", "tekan", "one verb for a tap, as on every citizen screen"),
    (r"\bantrian\b", "antrean", "KBBI"),
    (r"\bmaterai\b", "meterai", "KBBI"),
    (r"\b[Rr]ekaman\b", "catatan", "a record; rekaman is a sound or video recording"),
    (r"\bnomor telepon\b", "nomor HP", "the form asks for a mobile number"),
    (r"(?<!akan )dipanggil berikutnya", "akan dipanggil berikutnya", "it has not happened yet"),
    (r"\bLayanan lambat\b", "Pelayanan lambat", "the complaint category as the kiosk names it"),
    (r"\bBeridentitas\b", "Dengan identitas", "the identity choice as the kiosk names it"),
]
FOUND_WRONG = {
    "en": ["How should we treat your name", "you are called next", "are not taken",
           "lost or damaged (BAP)", "Of which", "Holed", "on duty stamp (materai)",
           "Your first ordinary passport"],
    # "paspor biasa" is also the book without a chip: a new passport may be electronic
    "id": ["Bagaimana identitas Anda diperlakukan", "Pemeriksaan oleh petugas (BAP)",
           "Paspor biasa pertama",
           # "too long" (a duration), for a birth date too far in the past
           "Tanggal ini terlalu lama",
           # Indonesian has one form for every count: "one of them" reads wrong for 1
           "salah satunya mungkin"],
}


def texts(language: str) -> list[tuple[str, str]]:
    """(msgid, text) of every message a person reads in `language`, in both catalogues: the
    translation, or the English msgid itself where the English catalogue leaves it blank."""
    out = []
    for path in (kiosk_path, central_path):
        with open(path(language), "rb") as fh:
            for m in read_po(fh):
                if not m.id:
                    continue
                ids = (m.id,) if isinstance(m.id, str) else m.id
                strings = (m.string,) if isinstance(m.string, str) else m.string
                out += [(ids[0], s or ids[min(i, len(ids) - 1)])
                        for i, s in enumerate(strings)]
    return out


@pytest.mark.parametrize(("old", "new", "why"), TERMS, ids=[t[1] for t in TERMS])
def test_one_indonesian_term_for_each_thing(old, new, why):
    """Indonesian says each thing one way (the reason is in TERMS)."""
    found = [(msgid, text) for msgid, text in texts("id") if re.search(old, text)]
    assert found == [], f"write {new!r}: {why}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_phrases_found_wrong_are_gone(language):
    """"Anda dipanggil berikutnya", "How should we treat your name?", BAP listed as a
    document, a damaged passport called "lost or damaged" and the like."""
    found = [(msgid, text) for msgid, text in texts(language)
             for phrase in FOUND_WRONG[language] if phrase in text]
    assert found == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_burnt_is_told_apart_from_a_fire_disaster(language):
    """"Terbakar" beside "banjir, kebakaran atau bencana lain": a passport burnt in a house
    fire is the disaster (no surcharge), so the plain "burnt" choice says it is not one."""
    t = Translator(language)
    labels = {c.value: t(c.label) for c in DAMAGE_CAUSES}
    disaster_word = {"id": "bencana", "en": "disaster"}[language]
    assert disaster_word in labels[DISASTER].lower()
    assert disaster_word in labels["burnt"].lower()
