"""The PDF slip (reportlab): roll-wide page, height fitted to the content, embedded TrueType
font, vector QR. Laid out in two passes: measure every line, then draw on a page that fits.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kiosk.paths import resources_dir
from kiosk.slips.content import Fact, Slip

REGULAR, BOLD = "KioskSans", "KioskSans-Bold"
QR_QUIET_MODULES = 4


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the shipped DejaVu Sans (regular, bold) once per process."""
    fonts = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    return REGULAR, BOLD


@dataclass(frozen=True)
class Metrics:
    """Sizes in points for one paper width; elderly readers first, so body type stays large."""

    width: float
    margin: float
    office: float
    small: float
    body: float
    value: float
    big_value: float
    title: float
    code_max: float
    qr_max: float

    @property
    def inner(self) -> float:
        return self.width - 2 * self.margin


def metrics_for(paper_mm: int) -> Metrics:
    if paper_mm <= 58:
        return Metrics(width=58 * mm, margin=3 * mm, office=10, small=8, body=9.5, value=11,
                       big_value=13, title=11, code_max=56, qr_max=32 * mm)
    return Metrics(width=80 * mm, margin=4 * mm, office=11.5, small=9, body=10.5, value=12.5,
                   big_value=16, title=13, code_max=80, qr_max=36 * mm)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap by measured width; a word wider than the line is broken, not clipped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if pdfmetrics.stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while pdfmetrics.stringWidth(word, font, size) > width:
                cut = len(word) - 1
                while cut > 1 and pdfmetrics.stringWidth(word[:cut], font, size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


Draw = Callable[[Canvas, float], None]   # draws with its top edge at the given y


class _Layout:
    """A column of blocks, each with a height and a draw function; top-down."""

    def __init__(self, m: Metrics) -> None:
        self.m = m
        self.blocks: list[tuple[float, Draw]] = []

    @property
    def height(self) -> float:
        return sum(h for h, _ in self.blocks)

    def space(self, points: float) -> None:
        self.blocks.append((points, lambda c, top: None))

    def text(self, text: str, *, font: str, size: float, center: bool = False,
             indent: float = 0, bullet: str = "", leading: float = 1.2) -> None:
        x0 = self.m.margin + indent
        width = self.m.inner - indent
        line_h = size * leading
        for i, line in enumerate(wrap(text, font, size, width)):
            mark = bullet if i == 0 else ""
            self.blocks.append((line_h, self._line(line, font, size, x0, width, center, mark)))

    def _line(self, line: str, font: str, size: float, x0: float, width: float,
              center: bool, mark: str) -> Draw:
        def draw(c: Canvas, top: float) -> None:
            baseline = top - size * 0.95
            c.setFont(font, size)
            if center:
                c.drawCentredString(x0 + width / 2, baseline, line)
            else:
                c.drawString(x0, baseline, line)
            if mark:
                c.drawString(x0 - pdfmetrics.stringWidth(mark + " ", font, size), baseline,
                             mark)
        return draw

    def rule(self, *, gap: float = 5, weight: float = 0.8) -> None:
        def draw(c: Canvas, top: float) -> None:
            c.setLineWidth(weight)
            c.line(self.m.margin, top - gap, self.m.margin + self.m.inner, top - gap)
        self.blocks.append((2 * gap, draw))

    def fact(self, label: str, value: str, *, size: float, label_size: float | None = None,
             indent: float = 0, amount: bool = False, strong: bool = True) -> None:
        """Label and value on one line (value right-aligned, like a receipt) when both fit,
        else the label above the value. A value with no spaces (a tracking number) is
        shrunk to fit rather than broken."""
        label_size = label_size or self.m.small + 0.5
        font = BOLD if strong else REGULAR
        label_w = pdfmetrics.stringWidth(label, REGULAR, label_size)
        value_w = pdfmetrics.stringWidth(value, font, size)
        width = self.m.inner - indent
        if label_w + value_w + 4 * mm > width:
            self.text(label, font=REGULAR, size=label_size, indent=indent)
            if amount and value_w <= width:   # amounts stay in the right-hand column
                right = self.m.margin + self.m.inner

                def draw_amount(c: Canvas, top: float) -> None:
                    c.setFont(BOLD, size)
                    c.drawRightString(right, top - size * 0.95, value)
                self.blocks.append((size * 1.22, draw_amount))
                return
            # A date or number reads better whole: shrink a little (up to a fifth) rather than
            # wrap; a value with no spaces (a tracking number) shrinks as far as needed.
            if value_w > width and (value_w * 0.8 <= width or " " not in value.strip()):
                size = max(size * width / value_w * 0.99, self.m.small)
            self.text(value, font=font, size=size, indent=indent)
            return
        left, right = self.m.margin + indent, self.m.margin + self.m.inner
        line_h = max(size, label_size) * 1.22

        def draw(c: Canvas, top: float) -> None:
            baseline = top - max(size, label_size) * 0.95
            c.setFont(REGULAR, label_size)
            c.drawString(left, baseline, label)
            c.setFont(font, size)
            c.drawRightString(right, baseline, value)
        self.blocks.append((line_h, draw))

    def qr(self, token: str) -> None:
        matrix = qr_matrix(token)
        count = len(matrix)
        module = min(self.m.qr_max, self.m.inner) / count
        side = module * count
        quiet = QR_QUIET_MODULES * module
        x0 = self.m.margin + (self.m.inner - side) / 2
        # Runs of dark modules as rectangles in module units (row 0 at the top), written as
        # literal PDF path operators: the same vector drawing as canvas.rect(), ten times
        # cheaper for the ~400 rectangles of a slip's code. Heights overlap a hair so no
        # renderer draws seams between rows.
        ops = []
        for r, row in enumerate(matrix):
            y = count - 1 - r
            start = None
            for col, dark in enumerate([*row, False]):
                if dark and start is None:
                    start = col
                elif not dark and start is not None:
                    ops.append(f"{start} {y - 0.02:.2f} {col - start} 1.04 re")
                    start = None
        body = "\n".join(ops)

        def draw(c: Canvas, top: float) -> None:
            bottom = top - quiet - side
            c.addLiteral(f"q 0 g {module:.4f} 0 0 {module:.4f} {x0:.3f} {bottom:.3f} cm\n"
                         f"{body}\nf Q")
        self.blocks.append((side + 2 * quiet, draw))


def qr_matrix(token: str) -> list[list[bool]]:
    """QR modules for the token (error correction M; base32 text uses alphanumeric mode)."""
    code = qrcode.QRCode(version=_qr_version(len(token)), error_correction=ERROR_CORRECT_M,
                         border=0)
    code.add_data(token)
    code.make(fit=False)
    return code.get_matrix()


@lru_cache(maxsize=8)
def _qr_version(length: int) -> int:
    """The smallest QR version for a base32 token of this length (the same for every token
    of that length, so found once: fitting costs as much as drawing the code)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data("A" * length)
    return code.best_fit()


def code_size(code: str, m: Metrics) -> float:
    """The largest size up to code_max at which the ticket code fits the line."""
    width = pdfmetrics.stringWidth(code, BOLD, 10) / 10
    return min(m.code_max, m.inner * 0.96 / width)


def layout_slip(slip: Slip, paper_mm: int) -> _Layout:
    register_fonts()
    m = metrics_for(paper_mm)
    lay = _Layout(m)
    lay.space(3 * mm)
    lay.text(slip.header[0], font=BOLD, size=m.office, center=True)
    for line in slip.header[1:]:
        lay.text(line, font=REGULAR, size=m.small + 0.5, center=True)
    lay.rule()
    lay.text(slip.title, font=REGULAR, size=m.title, center=True)
    if slip.code:
        size = code_size(slip.code, m)
        lay.text(slip.code, font=BOLD, size=size, center=True, leading=1.1)
    lay.space(2)
    for i, line in enumerate(slip.subtitle):
        lay.text(line, font=BOLD if i == 0 else REGULAR,
                 size=m.title + 2 if i == 0 else m.body, center=True)
    lay.rule()
    for fact in slip.facts:
        lay.fact(fact.label, fact.value, size=m.big_value if fact.big else m.value,
                 strong=fact.strong)
        lay.space(4)
    for section in slip.sections:
        lay.rule(gap=4, weight=0.4)
        lay.text(section.heading, font=BOLD, size=m.body + 0.5)
        lay.space(2)
        indent = m.body * 0.9 if section.bullets else 0
        for item in section.items:
            if isinstance(item, Fact):
                lay.fact(item.label, item.value, size=m.body, label_size=m.body, amount=True)
            else:
                lay.text(item, font=REGULAR, size=m.body, indent=indent,
                         bullet="•" if section.bullets else "")
            lay.space(2)
    lay.rule()
    lay.qr(slip.token)
    lay.text(slip.qr_caption, font=REGULAR, size=m.small, center=True)
    lay.space(4)
    for line in slip.footer:
        lay.text(line, font=REGULAR, size=m.small, center=True)
        lay.space(2)
    lay.space(4 * mm)
    return lay


def render_pdf(slip: Slip, *, paper_mm: int = 80, title: str = "") -> bytes:
    """The slip as PDF bytes: one page, the roll's width, as tall as the content."""
    lay = layout_slip(slip, paper_mm)
    height = lay.height
    buffer = io.BytesIO()
    # The initial font too is ours: otherwise an unused, unembedded Helvetica is listed.
    c = Canvas(buffer, pagesize=(lay.m.width, height), pageCompression=1, invariant=1,
               initialFontName=REGULAR, initialFontSize=lay.m.body)
    c.setTitle(title or slip.title)   # never personal data: the code or the slip's kind
    c.setCreator("passport-kiosk")
    top = height
    for block_height, draw in lay.blocks:
        draw(c, top)
        top -= block_height
    c.showPage()
    c.save()
    return buffer.getvalue()
