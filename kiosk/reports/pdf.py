"""The day report as an A4 PDF: header, totals, five charts and a per-service table.

Uses reportlab's built-in Helvetica (no font file to embed). Texts go through the
Translator; the report carries counts and times only, no personal data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.event.catalogue import Catalogue
from kiosk.event.clock import zone_name
from kiosk.event.config import Config
from kiosk.i18n import Translator
from kiosk.reports.charts import BOLD, FONT, GOLD, GREY, NAVY, RED, bar_chart
from kiosk.reports.figures import DayFigures

CATEGORY_KEYS = {
    "slow_service": "report.category.slow_service",
    "officer_conduct": "report.category.officer_conduct",
    "illegal_fees": "report.category.illegal_fees",
    "wrong_information": "report.category.wrong_information",
    "facilities": "report.category.facilities",
    "other": "report.category.other",
}

_TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=17, leading=21, textColor=NAVY)
_SUB = ParagraphStyle("sub", fontName=FONT, fontSize=9.5, leading=13, textColor=colors.black)
_SMALL = ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=10, textColor=GREY)
_TH = ParagraphStyle("th", fontName=BOLD, fontSize=8.5, leading=10, textColor=colors.white,
                     alignment=TA_RIGHT, splitLongWords=0)
_TH_LEFT = ParagraphStyle("th_left", parent=_TH, alignment=TA_LEFT)
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10)
_SIZE, _MIN_HEAD_SIZE, _PAD = 8.5, 6.5, 6          # table type (pt); reportlab's cell padding
_PAGE_WIDTH = A4[0] - 32 * mm                      # inside the margins
_HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=11, leading=14, textColor=NAVY,
                       spaceBefore=4, spaceAfter=3)


def render_report(figures: DayFigures, path: Path, *, config: Config, catalogue: Catalogue,
                  t: Translator) -> Path:
    """Write the report PDF to `path` (written beside, then renamed: never half a file)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial")
    doc = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm,
                            title=t("Day report") + f" {figures.day.isoformat()}",
                            author=config.event.office, subject=config.event.name)
    story = _header(figures, config, t)
    story += [Paragraph(t("Totals"), _HEAD), _totals_table(figures, t), Spacer(1, 4 * mm)]
    arrivals, *pairs = _charts(figures, catalogue, t)
    grid = Table([[arrivals, ""], pairs[0:2], pairs[2:4]], colWidths=[89 * mm, 89 * mm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (0, 0), (1, 0)),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [grid, PageBreak(), Paragraph(t("Per service"), _HEAD),
              _service_table(figures, catalogue, t), Spacer(1, 4 * mm),
              Paragraph(t("Tickets issued per hour"), _HEAD), _hour_table(figures, catalogue, t),
              Spacer(1, 2 * mm),
              Paragraph(t("Per hour by the letter of the ticket code (the service it was issued "
                          "for); a transferred ticket counts in its new service in the table "
                          "above."), _SMALL),
              Spacer(1, 2 * mm),
              Paragraph(t("Counts and queue times only: this report holds no personal data."),
                        _SMALL)]
    doc.build(story, onFirstPage=_footer(figures, t), onLaterPages=_footer(figures, t))
    tmp.replace(path)
    return path


def _header(figures: DayFigures, config: Config, t: Translator) -> list:
    made = figures.made_at
    made_text = t("Made on {date} at {time}", date=t.short_date(made.date()),
                  time=f"{t.time(made)} {zone_name(config.event.timezone, made)}")
    title, event = t("Day report"), t("Event")
    return [
        Paragraph(escape(f"{title}: {config.event.name}"), _TITLE),
        Paragraph(f"{escape(config.event.office)}<br/>{escape(config.event.venue)}", _SUB),
        Paragraph(f"<b>{escape(t.date(figures.day))}</b> &nbsp; {escape(event)} "
                  f"{escape(figures.event_code)} &nbsp; {escape(_kiosk(figures, t))} &nbsp; "
                  f"{escape(made_text)}", _SUB),
        Spacer(1, 1 * mm),
    ]


def _kiosk(figures: DayFigures, t: Translator) -> str:
    """The kiosk as officers name it: Kiosk 1 of 2 (its hash id is for IT, in the footer)."""
    return t("Kiosk {number} of {kiosks}", number=figures.kiosk_number, kiosks=figures.kiosks)


def _totals_table(figures: DayFigures, t: Translator, columns: int = 3) -> Table:
    """The totals as label/value pairs, `columns` pairs a row, read down each column."""
    pairs = [(t(label), _number(value, t)) for label, value in figures.totals()]
    per_column = -(-len(pairs) // columns)
    rows = []
    for i in range(per_column):
        row: list[str] = []
        for c in range(columns):
            k = c * per_column + i
            row += list(pairs[k]) if k < len(pairs) else ["", ""]
        rows.append(row)
    table = Table(rows, colWidths=[42 * mm, 14 * mm] * columns)
    style = [("FONT", (0, 0), (-1, -1), FONT, 8.5), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.lightgrey),
             ("LEFTPADDING", (0, 0), (0, -1), 0)]
    for c in range(columns):
        v = 2 * c + 1
        style += [("FONT", (v, 0), (v, -1), BOLD, 11), ("ALIGN", (v, 0), (v, -1), "RIGHT"),
                  ("TEXTCOLOR", (v, 0), (v, -1), NAVY), ("RIGHTPADDING", (v, 0), (v, -1), 8)]
    table.setStyle(TableStyle(style))
    return table


def _charts(figures: DayFigures, catalogue: Catalogue, t: Translator) -> list:
    no_data = t("No data")
    whole, tenths = t.number, (lambda v: t.number(v, decimals=1))
    hours = [f"{h:02d}" for h in figures.hours]
    arrivals = [figures.arrivals_per_hour.get(h, 0) for h in figures.hours]
    names = [f"{catalogue.letter_of(s)} {t(catalogue.service(s).name)}" for s in figures.services]
    served = [figures.count(service=s, status="served") for s in figures.services]
    no_show = [figures.count(service=s, status="no_show") for s in figures.services]
    waiting = [figures.count(service=s, status="waiting") + figures.count(service=s,
               status="called") for s in figures.services]
    wait = [figures.median_wait(s) or 0 for s in figures.services]
    service_time = [figures.median_service(s) or 0 for s in figures.services]
    cats = sorted(figures.complaints_by_category.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        bar_chart(t("Arrivals per hour"), hours, [(t("visitors"), arrivals, NAVY)],
                  empty_text=no_data, width=178 * mm, height=50 * mm, number=whole),
        bar_chart(t("Tickets per service"), names,
                  [(t("served"), served, NAVY), (t("no-show"), no_show, RED),
                   (t("waiting"), waiting, GOLD)], stacked=True, empty_text=no_data,
                  number=whole),
        bar_chart(t("Median wait and service time (minutes)"), names,
                  [(t("wait"), wait, GOLD), (t("at the counter"), service_time, NAVY)],
                  empty_text=no_data, number=whole, value_label=tenths),
        bar_chart(t("No-shows per service"), names, [(t("no-shows"), no_show, RED)],
                  empty_text=no_data, number=whole),
        bar_chart(t("Complaints per category"),
                  [t(CATEGORY_KEYS.get(c, "report.category.other")) for c, _ in cats],
                  [(t("complaints"), [n for _, n in cats], NAVY)], horizontal=True,
                  empty_text=no_data, number=whole),
    ]


def _service_table(figures: DayFigures, catalogue: Catalogue, t: Translator) -> Table:
    head = [t("Service"), t("Issued"), t("Served"), t("No-shows"), t("Waiting"),
            t("Median wait (min)"), t("Median service (min)")]
    rows: list[list] = [head]
    for s in figures.services:
        counts = [figures.count(service=s), figures.count(service=s, status="served"),
                  figures.count(service=s, status="no_show"),
                  figures.count(service=s, status="waiting")]
        rows.append([f"{catalogue.letter_of(s)}\u00a0\u00a0{t(catalogue.service(s).name)}",
                     *[t.number(n) for n in counts],
                     _decimal(figures.median_wait(s), t),
                     _decimal(figures.median_service(s), t)])
    return _grid(rows, [52 * mm, 17 * mm, 17 * mm, 21 * mm, 17 * mm, 27 * mm, 27 * mm])


def _hour_table(figures: DayFigures, catalogue: Catalogue, t: Translator) -> Table:
    letters = [catalogue.letter_of(s) for s in figures.services]
    rows: list[list] = [[t("Hour"), *letters, t("All tickets"), t("Visitors")]]
    per_service = [figures.tickets_per_hour(s) for s in figures.services]
    for hour in figures.hours:
        counts = [p.get(hour, 0) for p in per_service]
        rows.append([t.time(dt.time(hour)), *[t.number(n) for n in counts],
                     t.number(sum(counts)), t.number(figures.arrivals_per_hour.get(hour, 0))])
    rows.append([t("Total"), *[t.number(sum(p.values())) for p in per_service],
                 t.number(len(figures.tickets)),
                 t.number(sum(figures.arrivals_per_hour.values()))])
    widths = [22 * mm] + [16 * mm] * len(letters) + [24 * mm, 22 * mm]
    table = _grid(rows, widths, give=None)
    table.setStyle(TableStyle([("FONT", (0, -1), (-1, -1), BOLD, _SIZE)]))
    return table


def _grid(rows: list[list[str]], widths: list[float], *, give: int | None = 0) -> Table:
    """A table with a navy header row whose labels wrap between words, never inside one.

    Each column is made wide enough for the longest word of its head and its longest value
    (measured in the font they are drawn in); the column `give` (the label column) gives
    up the width the others took, down to its own longest word: its values wrap. When the
    words still do not fit in the page's width, the heads' type shrinks (to 6.5 pt).
    """
    widths, size = _fit(rows, widths, give=give)
    th = ParagraphStyle("th_fit", parent=_TH, fontSize=size, leading=size * 1.2)
    th_left = ParagraphStyle("th_fit_left", parent=th, alignment=TA_LEFT)
    head = [Paragraph(escape(str(text)), th_left if i == 0 else th)
            for i, text in enumerate(rows[0])]
    body = [[Paragraph(escape(row[0]), _CELL) if give == 0 else row[0], *row[1:]]
            for row in rows[1:]]
    table = Table([head, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, _SIZE), ("FONT", (0, 0), (-1, 0), BOLD, _SIZE),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white), ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F3F4F8")]),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, NAVY),
    ]))
    return table


def _fit(rows: list[list[str]], widths: list[float], *,
         give: int | None) -> tuple[list[float], float]:
    """Column widths and the heads' font size so that no word is wider than its column, and
    the label column (`give`) on one line when the others have room to spare."""
    size = _SIZE
    while True:
        need = []
        for c, head in enumerate(rows[0]):
            values = [str(row[c]) for row in rows[1:]]
            if c == give:                        # its values wrap too: their longest word
                values = [w for v in values for w in v.split()]
            need.append(max([_width(w, BOLD, size) for w in str(head).split()]
                            + [_width(v, FONT, _SIZE) for v in values]) + 2 * _PAD + 1)
        fitted = [max(w, n) for w, n in zip(widths, need, strict=True)]
        if give is not None:
            fitted[give] = max(need[give], widths[give] - (sum(fitted) - sum(widths)))
            natural = max(_width(str(row[give]), FONT, _SIZE) for row in rows) + 2 * _PAD + 1
            spare = {c: fitted[c] - need[c] for c in range(len(fitted))
                     if c != give and fitted[c] > need[c]}
            take = min(natural - fitted[give], sum(spare.values()))
            if take > 0:
                for c, room in spare.items():
                    fitted[c] -= take * room / sum(spare.values())
                fitted[give] += take
        if sum(fitted) <= _PAGE_WIDTH + 0.01 or size <= _MIN_HEAD_SIZE:
            return fitted, size
        size -= 0.25


def _width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def _decimal(value: float | None, t: Translator) -> str:
    return "" if value is None else t.number(value, decimals=1)


def _number(text: str, t: Translator) -> str:
    """Totals come as text ("1234", "5.0"); show them the reader's way (1.234 and 5,0 in
    Indonesian, 1,234 and 5.0 in English)."""
    if not text:
        return "–"   # a median of nothing
    return _decimal(float(text), t) if "." in text else t.number(int(text))


def _footer(figures: DayFigures, t: Translator):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(16 * mm, 8 * mm, f"{figures.event_code} · {_kiosk(figures, t)} "
                          f"({figures.kiosk_id}) · {figures.day.isoformat()}")
        canvas.drawRightString(A4[0] - 16 * mm, 8 * mm, t("Page {n}", n=doc.page))
        canvas.restoreState()
    return draw
