"""Bar charts for the day report, drawn with reportlab.graphics (vector, no extra dependency)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

NAVY = colors.HexColor("#1F2A55")
GOLD = colors.HexColor("#C9A227")
GREY = colors.HexColor("#9AA0AE")
RED = colors.HexColor("#B3261E")
FONT, BOLD = "Helvetica", "Helvetica-Bold"

Series = tuple[str, Sequence[float], colors.Color]


def _nice_max(values: Sequence[float]) -> tuple[float, float]:
    """An axis top and step that give whole, readable ticks."""
    top = max([v for v in values if v is not None] + [0])
    if top < 5:
        return 5, 1
    for step in (2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 6:
            return step * (int(top // step) + 1), step
    return top * 1.1, top / 5


def wrap(text: str, width: int = 14) -> str:
    """Break a category name into lines of about `width` characters (no hyphenation)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], *,
              width: float = 88 * mm, height: float = 58 * mm, stacked: bool = False,
              horizontal: bool = False, empty_text: str = "No data",
              number: Callable[[float], str] = "{:.0f}".format,
              value_label: Callable[[float], str] | None = None) -> Drawing:
    """A titled bar chart; a legend beside the title when there is more than one series.

    `number` writes the axis's values (Translator.number: 1.234 / 1,234), `value_label` the
    value above each bar (default: `number`; zero bars carry none).
    """
    value_label = value_label or number
    d = Drawing(width, height)
    d.add(String(0, height - 11, title, fontName=BOLD, fontSize=9.5, fillColor=NAVY))
    values = [v for _, vals, _ in series for v in vals]
    if not categories or not any(values):
        d.add(String(width / 2, height / 2, empty_text, fontName=FONT, fontSize=9,
                     fillColor=GREY, textAnchor="middle"))
        return d
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    names = list(categories) if horizontal else [wrap(c) for c in categories]
    label_lines = max(n.count("\n") + 1 for n in names)
    label_room = 0.0
    if horizontal:
        label_room = min(max(len(c) for c in categories) * 4.0 + 4, width * 0.45)
    chart.x = 22 + label_room
    chart.y = 8 if horizontal else 6 + 8.5 * label_lines
    chart.width = width - chart.x - 10
    chart.height = height - chart.y - (30 if len(series) > 1 else 20)
    chart.data = [list(vals) for _, vals, _ in series]
    totals = [sum(col) for col in zip(*chart.data, strict=True)] if stacked else values
    top, step = _nice_max(totals)
    axis = chart.valueAxis
    axis.valueMin, axis.valueMax, axis.valueStep = 0, top, step
    axis.labels.fontName, axis.labels.fontSize = FONT, 7
    axis.labelTextFormat = number
    axis.visibleGrid, axis.gridStrokeColor, axis.gridStrokeWidth = True, colors.lightgrey, 0.3
    cat = chart.categoryAxis
    cat.categoryNames = names
    cat.labels.fontName, cat.labels.fontSize = FONT, 7
    if horizontal:
        cat.labels.boxAnchor, cat.labels.dx = "e", -3
    else:
        cat.labels.boxAnchor, cat.labels.dy = "n", -2
    if stacked:
        cat.style = "stacked"
    chart.barSpacing, chart.groupSpacing = 1, 6
    for i, (_, _, color) in enumerate(series):
        chart.bars[i].fillColor = color
        chart.bars[i].strokeColor = None
    if not stacked:
        chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 6.5
        chart.barLabelFormat = lambda v: value_label(v) if v else ""
        if horizontal:
            chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 2
        else:
            chart.barLabels.boxAnchor, chart.barLabels.dy = "s", 1
    d.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = chart.x, height - 17
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = max(len(label) for label, _, _ in series) * 4.2 + 20
        legend.fontName, legend.fontSize = FONT, 7
        legend.boxAnchor = "nw"
        legend.dx = legend.dy = 6
        legend.colorNamePairs = [(color, label) for label, _, color in series]
        d.add(legend)
    return d
