"""The review report's three charts, drawn with ReportLab graphics: progress by district,
actual investment by source, added elevators by stage."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from retrofit_app.core.programme.codes import ELEVATOR_STAGE_WORDS, word
from retrofit_app.core.programme.review_figures import ELEVATOR_STAGES, ReviewFigures
from retrofit_app.core.programme.review_tables import group_name, part_name, shown
from retrofit_app.core.reports.layout import FRAME_WIDTH
from retrofit_app.core.words import say

HEIGHT = 190
PALETTE = [colors.HexColor(c) for c in (
    "#3b6ea5", "#e08a2c", "#4c9a5b", "#c0504d", "#8064a2", "#4bacc6", "#9b8b3a", "#7f7f7f", "#d67fa4",
)]  # fmt: skip


def _frame(title: str, font: str) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, HEIGHT)
    drawing.add(
        String(
            FRAME_WIDTH / 2, HEIGHT - 12, title, fontName=font, fontSize=10.5, textAnchor="middle"
        )
    )
    return drawing


def _empty(drawing: Drawing, font: str, lang: str) -> Drawing:
    drawing.add(String(FRAME_WIDTH / 2, HEIGHT / 2, say("review.nothing", lang), fontName=font,
                       fontSize=9, textAnchor="middle", fillColor=colors.grey))  # fmt: skip
    return drawing


def _bars(
    drawing: Drawing, font: str, categories: list[str], series: list[tuple[str, list[float]]]
) -> Drawing:
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 45, 45, FRAME_WIDTH - 170, HEIGHT - 75
    chart.data = [values for _, values in series]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.angle = 0 if len(categories) <= 6 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(categories) <= 6 else "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max((v for _, values in series for v in values), default=0)
    chart.valueAxis.valueMax = max(top * 1.15, 1)
    chart.valueAxis.valueStep = _step(chart.valueAxis.valueMax)
    chart.barLabelFormat = _label
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.add(
        _legend(font, [(PALETTE[i], name) for i, (name, _) in enumerate(series)], FRAME_WIDTH - 115)
    )
    return drawing


def _label(value: float) -> str:
    return f"{value:g}"


def _step(top: float) -> float:
    """A round step giving about five gridlines (1, 2, 5 × 10ⁿ), whole for counts."""
    raw = top / 5
    scale = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * scale:
            return factor * scale
    return 10 * scale


def _legend(font: str, items: list[tuple[colors.Color, str]], x: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, HEIGHT - 40
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.dx = legend.dy = 7
    legend.deltay = 11
    legend.columnMaximum = 10
    legend.colorNamePairs = items
    return legend


def progress_chart(figures: ReviewFigures, font: str, lang: str) -> Drawing:
    """Estates started and completed in the period, district by district."""
    drawing = _frame(say("review.chart.progress", lang), font)
    groups = figures.districts or [figures.whole]
    if not figures.estates:
        return _empty(drawing, font, lang)
    series = [
        (
            say(f"review.legend.{event}", lang),
            [float(shown(g.get(f"estates_{event}")) or 0) for g in groups],
        )
        for event in ("started", "completed")
    ]
    return _bars(drawing, font, [group_name(g, lang) for g in groups], series)


def investment_chart(figures: ReviewFigures, font: str, lang: str) -> Drawing:
    """Actual investment in the period by funding source, as a pie with each share named."""
    drawing = _frame(say("review.chart.investment", lang), font)
    parts = [f for f in figures.whole.parts("investment_actual") if f.value]
    if not parts:
        return _empty(drawing, font, lang)
    pie = Pie()
    size = HEIGHT - 60
    pie.x, pie.y, pie.width, pie.height = 60, 20, size, size
    values = [float(f.value or 0) for f in parts]
    pie.data = values
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for index in range(len(parts)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    total = sum(values)
    items = [
        (
            PALETTE[i % len(PALETTE)],
            say(
                "with_share",
                lang,
                value=f"{part_name(f, lang)} {shown(f):g}",
                share=f"{values[i] / total:.0%}",
            ),
        )
        for i, f in enumerate(parts)
    ]
    legend = _legend(font, items, pie.x + size + 50)  # text runs right of the swatches
    legend.y = HEIGHT - 35
    drawing.add(legend)
    return drawing


def elevator_chart(figures: ReviewFigures, font: str, lang: str) -> Drawing:
    """Elevators at each stage: reached in the period, and all that had by its end."""
    drawing = _frame(say("review.chart.elevators", lang), font)
    whole = figures.whole
    cumulative = [float(shown(whole.get(f"elevators_{s}_total")) or 0) for s in ELEVATOR_STAGES]
    if not any(cumulative):
        return _empty(drawing, font, lang)
    series = [
        (say("review.legend.in_period", lang),
         [float(shown(whole.get(f"elevators_{s}")) or 0) for s in ELEVATOR_STAGES]),
        (say("review.legend.total", lang), cumulative),
    ]  # fmt: skip
    categories = [word(ELEVATOR_STAGE_WORDS, s, lang) for s in ELEVATOR_STAGES]
    return _bars(drawing, font, categories, series)
