"""The day report as a person reads it: whole words in column heads, numbers written the
report language's way, when it was made (date and time), and which kiosk by its number."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from kiosk.i18n import Translator
from kiosk.reports.figures import DayFigures, TicketLine
from kiosk.reports.pdf import render_report
from tests.helpers.slips import pdf_text

WITA = ZoneInfo("Asia/Makassar")
SERVICE_HEADS = ("Service", "Issued", "Served", "No-shows", "Waiting", "Median wait (min)",
                 "Median service (min)")
HOUR_HEADS = ("Hour", "All tickets", "Visitors")


def words(text: str) -> set[str]:
    return set(re.findall(r"[\w-]+", text))


@pytest.mark.parametrize("language", ["id", "en"])
def test_column_heads_break_between_words_only(busy, reporter, tmp_path, language):
    """Every word of every column head is printed whole (no "Diterbitk|an")."""
    t = Translator(language)
    result = reporter.write(tmp_path / "r.pdf", tmp_path / "r.csv", t=t)
    printed = words(pdf_text(result.pdf))
    broken = [w for head in SERVICE_HEADS + HOUR_HEADS for w in words(t(head))
              if w not in printed]
    assert broken == []


def big_day(**kiosk) -> DayFigures:
    """A synthetic day with four-figure counts and half-minute medians."""
    at = dt.datetime(2019, 10, 23, 9, 0, tzinfo=WITA)
    tickets = tuple(
        TicketLine(code=f"A-{i:03d}", service="NEW", first_service="NEW", priority=False,
                   status="served", counter="1", issued=at,
                   first_called=at + dt.timedelta(minutes=23 + i % 2),
                   done=at + dt.timedelta(minutes=40), last_called=at + dt.timedelta(
                       minutes=23 + i % 2))
        for i in range(1234))
    return DayFigures(dt.date(2019, 10, 23), "GTO-DEMO", "k0a1b2c3d",
                      dt.datetime(2019, 10, 24, 8, 10, tzinfo=WITA), ("NEW",), {9: 1234},
                      tickets, {}, 0, 0, 0, **kiosk)


@pytest.mark.parametrize(("language", "thousands", "half", "foreign"), [
    ("en", "1,234", "23.5", r"\d,\d(?!\d)"),        # a decimal comma in English
    ("id", "1.234", "23,5", r"\d\.\d(?![\d])"),      # a decimal point in Indonesian
])
def test_numbers_are_written_the_report_languages_way(tmp_path, config, catalogue, language,
                                                      thousands, half, foreign):
    """Totals, tables and chart labels: 1,234 and 23.5 in English, 1.234 and 23,5 in
    Indonesian; never a four-figure number without its group separator."""
    path = render_report(big_day(), tmp_path / "r.pdf", config=config, catalogue=catalogue,
                         t=Translator(language))
    text = pdf_text(path)
    assert thousands in text and half in text
    assert not re.search(foreign, re.sub(r"\d{2}[.:]\d{2}", "", text)), \
        re.search(foreign, text)
    assert not re.search(r"(?<![\d-])1234(?!\d)", text)


@pytest.mark.parametrize(("language", "made"), [
    ("en", "Made on 24 Oct 2019 at 08:10 WITA"),
    ("id", "Dibuat 24 Okt 2019 pukul 08.10 WITA"),
])
def test_the_made_line_has_date_and_time(tmp_path, config, catalogue, language, made):
    """A report made the next morning says so: date, time and zone."""
    path = render_report(big_day(), tmp_path / "r.pdf", config=config, catalogue=catalogue,
                         t=Translator(language))
    assert made in " ".join(pdf_text(path).split())


@pytest.mark.parametrize(("language", "kiosk"), [("en", "Kiosk 2 of 3"),
                                                  ("id", "Anjungan 2 dari 3")])
def test_the_kiosk_is_named_by_its_number(tmp_path, config, catalogue, language, kiosk):
    """Header and footer name the kiosk as officers do ("Kiosk 2 of 3") with the event;
    the hash id stays in the footer only, for IT staff matching bundles."""
    path = render_report(big_day(kiosk_number=2, kiosks=3), tmp_path / "r.pdf", config=config,
                         catalogue=catalogue, t=Translator(language))
    pages = PdfReader(str(path)).pages
    first = " ".join(pages[0].extract_text().split())
    assert kiosk in first and "GTO-DEMO" in first
    for page in pages:
        text = page.extract_text()
        assert text.count("k0a1b2c3d") == 1, "the id belongs to the footer, once a page"
