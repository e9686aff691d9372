"""Vector charts for the PDF reports (reportlab.graphics), drawn from plain report charts.

Every function returns a :class:`~reportlab.graphics.shapes.Drawing` of the requested size
with its title inside, in the report's fonts and palette.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from workbench.i18n import gettext
from workbench.reports.fonts import SANS, SANS_BOLD
from workbench.reports.i18n import format_number, format_pct
from workbench.reports.model import Chart, Score

# A drawing starts in reportlab's default graphics state, whose font is Helvetica: every PDF
# with a chart would declare that font without using it. Our charts set DejaVu everywhere.
STATE_DEFAULTS["fontName"] = SANS

ACCENT = colors.HexColor("#1F4E79")
PASS_COLOUR = colors.HexColor("#1E7B34")
FAIL_COLOUR = colors.HexColor("#C00000")
UNKNOWN_COLOUR = colors.HexColor("#7F7F7F")
GRID = colors.HexColor("#D9D9D9")
PALETTE = [
    colors.HexColor(c)
    for c in (
        "#1F4E79",
        "#2E86AB",
        "#F18F01",
        "#6A994E",
        "#C73E1D",
        "#A23B72",
        "#7F7F7F",
        "#E0A458",
        "#5C946E",
        "#3D5A80",
    )
]
TITLE_SIZE = 9
LABEL_SIZE = 7


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    drawing.add(
        String(
            0,
            height - TITLE_SIZE - 1,
            text,
            fontName=SANS_BOLD,
            fontSize=TITLE_SIZE,
            fillColor=ACCENT,
        )
    )


def _compact(value: float, money: bool, lang: str) -> str:
    """Axis label: 1.2 M, 350 k, 12."""
    magnitude = abs(value)
    for size, suffix in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if magnitude >= size and money:
            return f"{format_number(value / size, lang, 1 if value % size else 0)}{suffix}"
    return format_number(value, lang, 0)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _empty(drawing: Drawing, width: float, height: float, lang: str) -> Drawing:
    message = gettext("No data", lang)
    drawing.add(
        String(
            width / 2,
            height / 2,
            message,
            fontName=SANS,
            fontSize=8,
            fillColor=UNKNOWN_COLOUR,
            textAnchor="middle",
        )
    )
    return drawing


def draw_chart(chart: Chart, width: float, height: float, lang: str) -> Drawing:
    """Draw *chart* in a width × height box (points)."""
    drawing = Drawing(width, height)
    _title(drawing, chart.title, width, height)
    categories = chart.categories()
    series = chart.series()
    if not categories or not any(any(v for v in values) for _t, values in series):
        return _empty(drawing, width, height - 14, lang)
    body_height = height - 18
    if chart.kind == "pie":
        _pie(drawing, categories, series[0][1], width, body_height, lang)
    elif chart.kind == "hbar":
        _hbar(drawing, chart, categories, series, width, body_height, lang)
    elif chart.kind == "line":
        _line(drawing, chart, categories, series, width, body_height, lang)
    else:
        _vbar(drawing, chart, categories, series, width, body_height, lang)
    return drawing


def _pie(
    drawing: Drawing,
    categories: list[str],
    values: list[float],
    width: float,
    height: float,
    lang: str,
) -> None:
    pairs = [(c, v) for c, v in zip(categories, values, strict=False) if v > 0]
    total = sum(v for _c, v in pairs) or 1.0
    size = min(height - 10, width * 0.45)
    pie = Pie()
    pie.x, pie.y = 6, (height - size) / 2
    pie.width = pie.height = size
    pie.data = [v for _c, v in pairs]
    pie.labels = [
        format_pct(v * 100 / total, lang, 0) if v / total >= 0.05 else "" for _c, v in pairs
    ]
    pie.simpleLabels = 1
    pie.sideLabels = 0
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 0.8
    pie.slices.fontName = SANS
    pie.slices.fontSize = LABEL_SIZE
    pie.slices.fontColor = colors.white
    pie.slices.labelRadius = 0.68
    for i in range(len(pairs)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    drawing.add(pie)
    x = pie.x + size + 14
    max_chars = max(12, int((width - x - 40) / (LABEL_SIZE * 0.55)))
    legend = _legend(
        x,
        height / 2 + min(len(pairs), 10) * 6,
        [f"{_shorten(c, max_chars)} ({format_number(v, lang, 0)})" for c, v in pairs],
        column_maximum=10,
    )
    legend.deltay = 11
    drawing.add(legend)


def _value_axis(axis: object, chart: Chart, maximum: float, lang: str) -> None:
    money = chart.value_kind == "money"
    axis.valueMin = 0  # type: ignore[attr-defined]
    axis.valueMax = maximum * 1.12 if maximum > 0 else 1  # type: ignore[attr-defined]
    axis.labels.fontName = SANS  # type: ignore[attr-defined]
    axis.labels.fontSize = LABEL_SIZE  # type: ignore[attr-defined]
    axis.labelTextFormat = lambda v: _compact(v, money, lang)  # type: ignore[attr-defined]
    axis.strokeColor = GRID  # type: ignore[attr-defined]
    axis.visibleGrid = 1  # type: ignore[attr-defined]
    axis.gridStrokeColor = GRID  # type: ignore[attr-defined]
    axis.gridStrokeWidth = 0.4  # type: ignore[attr-defined]
    axis.maximumTicks = 6  # type: ignore[attr-defined]
    if maximum <= 5 and not money:
        axis.valueStep = 1  # type: ignore[attr-defined]


def _legend_below(
    drawing: Drawing, series: list[tuple[str, list[float]]], x: float, y: float
) -> None:
    if len(series) < 2:
        return
    legend = _legend(x, y, [title for title, _v in series], column_maximum=1)
    legend.deltax = 70
    drawing.add(legend)


def _legend_space(series: list[tuple[str, list[float]]]) -> float:
    """Room under a chart's plot for :func:`_legend_below` (none for a single series)."""
    return 14 if len(series) > 1 else 0


def _legend(x: float, y: float, names: list[str], *, column_maximum: int) -> Legend:
    """A legend at (x, y) giving the palette's colours, in order, to *names*."""
    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"
    legend.fontName = SANS
    legend.fontSize = LABEL_SIZE
    legend.columnMaximum = column_maximum
    legend.dx = legend.dy = 7
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, name in enumerate(names)]
    return legend


def _name_categories(axis: object, names: list[str]) -> None:
    """Set a category axis's names, in the chart label font."""
    axis.categoryNames = names  # type: ignore[attr-defined]
    axis.labels.fontName = SANS  # type: ignore[attr-defined]
    axis.labels.fontSize = LABEL_SIZE  # type: ignore[attr-defined]


def _style_bars(
    bar: VerticalBarChart | HorizontalBarChart, chart: Chart, lang: str, *, value_labels: bool
) -> None:
    """Bars in the palette's colours without outlines; *value_labels* writes each bar's value."""
    bar.bars.strokeColor = None
    for i in range(len(bar.data)):
        bar.bars[i].fillColor = PALETTE[i % len(PALETTE)]
    if value_labels:
        bar.barLabels.fontName = SANS
        bar.barLabels.fontSize = LABEL_SIZE - 0.5
        bar.barLabelFormat = lambda v: _compact(v, chart.value_kind == "money", lang)


def _vbar(
    drawing: Drawing,
    chart: Chart,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    width: float,
    height: float,
    lang: str,
) -> None:
    stacked = chart.kind == "stacked"
    bar = VerticalBarChart()
    rotate = len(categories) > 6 or max(len(c) for c in categories) > 12
    label_space = 34 if rotate else 14
    bar.x, bar.y = 40, label_space + _legend_space(series)
    bar.width = width - bar.x - 6
    bar.height = height - bar.y - 6
    bar.data = [values for _t, values in series]
    if stacked:
        maximum = max(sum(vals) for vals in zip(*bar.data, strict=False))
        bar.categoryAxis.style = "stacked"
    else:
        maximum = max(max(v) for v in bar.data)
    _value_axis(bar.valueAxis, chart, maximum, lang)
    _name_categories(bar.categoryAxis, [_shorten(c, 18) for c in categories])
    bar.categoryAxis.strokeColor = GRID
    if rotate:
        bar.categoryAxis.labels.angle = 30
        bar.categoryAxis.labels.boxAnchor = "ne"
    bar.barSpacing = 1
    bar.groupSpacing = 6
    value_labels = len(series) == 1 and len(categories) <= 12
    _style_bars(bar, chart, lang, value_labels=value_labels)
    if value_labels:
        bar.barLabels.nudge = 6
    drawing.add(bar)
    _legend_below(drawing, series, bar.x, 6)


def _hbar(
    drawing: Drawing,
    chart: Chart,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    width: float,
    height: float,
    lang: str,
) -> None:
    # Largest first, at most 12 bars; reportlab draws the first category at the bottom.
    rows = list(zip(categories, *[values for _t, values in series], strict=False))
    if len(series) == 1:
        rows.sort(key=lambda r: r[1], reverse=True)
    rows = rows[:12][::-1]
    names = [_shorten(r[0], 30) for r in rows]
    label_width = min(width * 0.4, max(stringWidth(n, SANS, LABEL_SIZE) for n in names) + 8)
    bar = HorizontalBarChart()
    bar.x, bar.y = label_width, 14 + _legend_space(series)
    bar.width = width - label_width - 30
    bar.height = height - bar.y - 4
    bar.data = [[r[i + 1] for r in rows] for i in range(len(series))]
    maximum = max(max(v) for v in bar.data)
    _value_axis(bar.valueAxis, chart, maximum, lang)
    bar.valueAxis.visibleGrid = 1
    _name_categories(bar.categoryAxis, names)
    bar.categoryAxis.strokeColor = GRID
    bar.barSpacing = 1
    bar.groupSpacing = 4
    value_labels = len(series) == 1
    _style_bars(bar, chart, lang, value_labels=value_labels)
    if value_labels:
        bar.barLabels.boxAnchor = "w"
        bar.barLabels.dx = 3
    drawing.add(bar)
    _legend_below(drawing, series, label_width, 6)


def _line(
    drawing: Drawing,
    chart: Chart,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    width: float,
    height: float,
    lang: str,
) -> None:
    line = HorizontalLineChart()
    line.x, line.y = 40, 14 + _legend_space(series)
    line.width = width - line.x - 8
    line.height = height - line.y - 6
    line.data = [values for _t, values in series]
    _value_axis(line.valueAxis, chart, max(max(v) for v in line.data), lang)
    _name_categories(line.categoryAxis, categories)
    line.joinedLines = 1
    for i in range(len(series)):
        line.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        line.lines[i].strokeWidth = 1.6
    drawing.add(line)
    _legend_below(drawing, series, line.x, 6)


def readiness_gauge(score: Score, width: float, lang: str) -> Drawing:
    """The readiness score as a horizontal bar with the label's bar marked."""
    height = 80.0
    drawing = Drawing(width, height)
    bar_y, bar_h = 16.0, 15.0
    span = width - 2
    if score.bar_pct is None:
        colour = ACCENT  # no bar to meet (Silver, Bronze): no pass or fail colour either
    elif score.ready:
        colour = PASS_COLOUR
    elif score.score_pct >= score.bar_pct * 0.75:
        colour = colors.HexColor("#D98E04")
    else:
        colour = FAIL_COLOUR
    drawing.add(
        String(0, height - 10, score.caption, fontName=SANS_BOLD, fontSize=9, fillColor=ACCENT)
    )
    big = format_pct(score.score_pct, lang)
    drawing.add(String(0, height - 33, big, fontName=SANS_BOLD, fontSize=19, fillColor=colour))
    drawing.add(
        String(
            stringWidth(big, SANS_BOLD, 19) + 8,
            height - 33,
            f"{score.passing} / {score.total}",
            fontName=SANS,
            fontSize=10,
            fillColor=UNKNOWN_COLOUR,
        )
    )
    drawing.add(Rect(0, bar_y, span, bar_h, fillColor=colors.HexColor("#EDEDED"), strokeColor=None))
    filled = max(0.0, min(score.score_pct, 100.0)) / 100 * span
    drawing.add(Rect(0, bar_y, filled, bar_h, fillColor=colour, strokeColor=None))
    if score.bar_pct is not None:
        _bar_marker(
            drawing,
            score.bar_pct / 100 * span,
            bar_y,
            bar_h,
            f"{score.level} {format_pct(score.bar_pct, lang, 0)}",
        )
    for pct in (0, 50, 100):
        x = pct / 100 * span
        anchor = "start" if pct == 0 else ("end" if pct == 100 else "middle")
        drawing.add(
            String(
                x,
                5,
                f"{pct} %",
                fontName=SANS,
                fontSize=6.5,
                fillColor=UNKNOWN_COLOUR,
                textAnchor=anchor,
            )
        )
    return drawing


def _bar_marker(drawing: Drawing, x: float, bar_y: float, bar_h: float, text: str) -> None:
    """The level's bar as a vertical line across the gauge, labelled above it."""
    drawing.add(Line(x, bar_y - 3, x, bar_y + bar_h + 3, strokeColor=colors.black, strokeWidth=1.5))
    drawing.add(
        String(x, bar_y + bar_h + 6, text, fontName=SANS_BOLD, fontSize=7.5, textAnchor="middle")
    )
