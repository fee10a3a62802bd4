"""The dashboard's three Qt Charts (progress by district, investment by source, elevators by
stage); each bar and slice calls back with the figure it shows, for the estates behind it."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

from retrofit_app.core.programme.codes import ELEVATOR_STAGE_WORDS, word
from retrofit_app.core.programme.review_figures import ELEVATOR_STAGES, Figure, ReviewFigures
from retrofit_app.core.programme.review_tables import group_name, part_name, shown
from retrofit_app.core.words import say

OnFigure = Callable[[Figure], None]


def _bars(
    title: str,
    categories: list[str],
    series: list[tuple[str, list[Figure | None]]],
    on_figure: OnFigure,
) -> tuple[QChart, list[QBarSet]]:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    bars = QBarSeries()
    sets = []
    top = 0.0
    for name, figures in series:
        bar_set = QBarSet(name)
        for f in figures:
            value = float(shown(f) or 0)
            top = max(top, value)
            bar_set.append(value)
        # The set's own figures, bound now: a click on bar i shows the estates behind figures[i].
        bar_set.clicked.connect(lambda i, fs=figures: fs[i] is not None and on_figure(fs[i]))
        bars.append(bar_set)
        sets.append(bar_set)
    bars.setLabelsVisible(True)
    chart.addSeries(bars)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    axis_x.setTruncateLabels(False)  # 建邺区, not 建…: a district's name is the point of the bar
    if len(categories) > 6:
        axis_x.setLabelsAngle(-40)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(axis_x)
    axis_y = QValueAxis()
    # Whole-number gridlines: a count of 1 reads 0, 1 rather than 0, 0.25, 0.5 … printed as 0, 0, 0.
    upper, step = _scale(top)
    axis_y.setRange(0, upper)
    axis_y.setTickCount(int(upper / step) + 1)
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis_y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart, sets


def _scale(top: float) -> tuple[int, int]:
    """An axis top above `top` and a whole step giving at most about six gridlines."""
    wanted = max(math.ceil(top * 1.1), 1)
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000):
        if wanted / step <= 6:
            return step * math.ceil(wanted / step), step
    step = 10 ** len(str(wanted))
    return step * math.ceil(wanted / step), step


def progress_chart(
    figures: ReviewFigures, lang: str, on_figure: OnFigure
) -> tuple[QChart, list[QBarSet]]:
    groups = figures.districts or [figures.whole]
    series = [
        (say(f"review.legend.{event}", lang), [g.get(f"estates_{event}") for g in groups])
        for event in ("started", "completed")
    ]
    return _bars(
        say("review.chart.progress", lang), [group_name(g, lang) for g in groups], series, on_figure
    )


def elevator_chart(
    figures: ReviewFigures, lang: str, on_figure: OnFigure
) -> tuple[QChart, list[QBarSet]]:
    whole = figures.whole
    series = [
        (
            say("review.legend.in_period", lang),
            [whole.get(f"elevators_{s}") for s in ELEVATOR_STAGES],
        ),
        (
            say("review.legend.total", lang),
            [whole.get(f"elevators_{s}_total") for s in ELEVATOR_STAGES],
        ),
    ]
    # 已达成意见 and 已投入使用 on two lines: on one, Qt drops the labels that do not fit a bar's width.
    categories = [_two_lines(word(ELEVATOR_STAGE_WORDS, s, lang)) for s in ELEVATOR_STAGES]
    return _bars(say("review.chart.elevators", lang), categories, series, on_figure)


def _two_lines(label: str) -> str:
    """A Chinese label of more than four characters broken after its third ('已投入' / '使用');
    an English one at its last space."""
    if " " in label:
        head, _, tail = label.rpartition(" ")
        return f"{head}<br>{tail}"
    return f"{label[:3]}<br>{label[3:]}" if len(label) > 4 else label


def investment_chart(
    figures: ReviewFigures, lang: str, on_figure: OnFigure
) -> tuple[QChart, QPieSeries]:
    chart = QChart()
    chart.setTitle(say("review.chart.investment", lang))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    pie = QPieSeries()
    for f in figures.whole.parts("investment_actual"):
        if not f.value:
            continue
        piece = pie.append(f"{part_name(f, lang)} {shown(f):.2f}", float(f.value))  # 万元, as printed
        piece.clicked.connect(lambda f=f: on_figure(f))
    chart.addSeries(pie)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    if pie.count() == 0:
        chart.setTitle(say("review.chart.investment", lang) + "\n" + say("review.nothing", lang))
    return chart, pie


RENDER_HINT = QPainter.RenderHint.Antialiasing
