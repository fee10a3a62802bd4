"""The review's figures as tables a reviewer can check: header, rows of plain values, and for each
cell the Figure behind it (the PDF, the XLSX and the dashboard all show these same tables)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from retrofit_app.core.programme.codes import (
    ELEVATOR_STAGE_WORDS,
    SOURCE_WORDS,
    UNIT_WORDS,
    WORK_WORDS,
    word,
)
from retrofit_app.core.programme.review_figures import (
    ELEVATOR_STAGES,
    RATINGS,
    Figure,
    GroupFigures,
    ReviewFigures,
)
from retrofit_app.core.words import say

FEN_PER_WAN = 1_000_000  # 1 万元 = 10,000 yuan = 1,000,000 fen
SUMMARY = (
    "estates_started", "estates_completed", "buildings_started", "buildings_completed",
    "households_started", "households_completed", "floor_area_started", "floor_area_completed",
    "investment_actual", "elevators_consented", "elevators_started", "elevators_in_service",
    "satisfaction_rate", "defects_open", "committees_formed", "property_brought_in",
)  # fmt: skip
PROGRESS_COLUMNS = SUMMARY[:8]
MANAGEMENT = ("committees_formed", "committees_total", "property_brought_in", "property_total")


@dataclass
class ReviewTable:
    key: str  # summary, progress, targets, money, money_districts, elevators, works, …
    title: str
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    figures: list[list[Figure | None]] = field(default_factory=list)  # the figure behind each cell

    def add(self, values: list[Any], figures: list[Figure | None] | None = None) -> None:
        self.rows.append(values)
        self.figures.append(figures or [None] * len(values))


def shown(figure: Figure | None) -> float | int | None:
    """A figure's value as printed: money in 万元 (two places), areas to two places, counts whole."""
    if figure is None or figure.value is None:
        return None
    if figure.unit == "fen":
        return round(figure.value / FEN_PER_WAN, 2)
    if figure.unit == "count":
        return int(figure.value)
    if figure.unit == "percent":  # one place, as the satisfaction section prints it: 79.2
        return round(figure.value, 1)
    return round(figure.value, 2)


def two_places(figure: Figure) -> bool:
    """Money in 万元 and floor areas are written with two places: 11092.00, not 11092."""
    return figure.unit == "fen" or figure.measure.startswith("floor_area")


def target_shown(figure: Figure) -> float | int | None:
    if figure.target is None:
        return None
    target = round(figure.target / FEN_PER_WAN, 2) if figure.unit == "fen" else figure.target
    return int(target) if float(target).is_integer() else target


def share(figure: Figure) -> str:
    """What share of its target the figure reached, '' without a target."""
    if figure.target in (None, 0) or figure.value is None:
        return ""
    return f"{figure.value / figure.target:.0%}"


def figure_name(figure: Figure, lang: str) -> str:
    name = say(f"review.measure.{figure.measure}", lang)
    if not figure.part:
        return name
    return f"{name}·{part_name(figure, lang)}"


def part_name(figure: Figure, lang: str) -> str:
    if figure.measure.startswith("investment"):
        return word(SOURCE_WORDS, figure.part, lang)
    if figure.measure == "works":
        return word(WORK_WORDS, figure.part, lang)
    if figure.measure == "satisfaction":
        return say(f"review.rating.{figure.part}", lang)
    return figure.part


# What a count counts, by the first word of its measure: 个 (estates), 栋, 户, 部, 项.
_COUNTED = {
    "estates": "estate", "buildings": "building", "households": "household",
    "elevators": "elevator", "committees": "estate", "property": "estate", "defects": "item",
}  # fmt: skip


def unit_name(figure: Figure, lang: str) -> str:
    if figure.unit == "count":
        counted = _COUNTED.get(figure.measure.split("_")[0])
        return say(f"review.unit.{counted}", lang) if counted else ""
    if not figure.unit:
        return ""
    if figure.unit in ("fen", "percent"):
        return say(f"review.unit.{figure.unit}", lang)
    return word(UNIT_WORDS, figure.unit, lang)


def group_name(group: GroupFigures, lang: str) -> str:
    if group.district is None:
        return say("review.whole", lang)
    return group.district or say("review.no_district", lang)


def review_tables(figures: ReviewFigures, lang: str) -> list[ReviewTable]:
    return [
        _summary(figures, lang), _progress(figures, lang), _targets(figures, lang),
        _money(figures, lang), _money_districts(figures, lang), _elevators(figures, lang),
        _works(figures, lang), _satisfaction(figures, lang), _defects_and_management(figures, lang),
    ]  # fmt: skip


def _t(key: str, section: str, header_keys: tuple[str, ...], lang: str) -> ReviewTable:
    return ReviewTable(key, say(section, lang), [say(k, lang) for k in header_keys])


def _summary(figures: ReviewFigures, lang: str) -> ReviewTable:
    table = _t("summary", "review.section.summary", ("review.col.figure", "review.col.unit",
               "review.col.value", "review.col.target", "review.col.share", "review.col.unknown"), lang)  # fmt: skip
    for measure in SUMMARY:
        f = figures.whole.get(measure)
        if f is None:
            continue
        table.add(
            [
                figure_name(f, lang),
                unit_name(f, lang),
                shown(f),
                target_shown(f),
                share(f),
                len(f.unknown),
            ],
            [None, None, f, None, None, f],
        )
    return table


def with_unit(figure: Figure | None, lang: str) -> str:
    """The figure's name with its unit when the name does not say it: 开工面积（平方米）."""
    if figure is None:
        return ""
    name, unit = figure_name(figure, lang), unit_name(figure, lang)
    if figure.unit == "count":
        return name
    return say("review.with_unit", lang, name=name, unit=unit)


def _progress(figures: ReviewFigures, lang: str) -> ReviewTable:
    table = _t("progress", "review.section.progress", ("review.col.district",), lang)
    table.header += [with_unit(figures.whole.get(m), lang) for m in PROGRESS_COLUMNS]
    for group in [*figures.districts, figures.whole]:
        cells = [group.get(m) for m in PROGRESS_COLUMNS]
        table.add([group_name(group, lang), *(shown(f) for f in cells)], [None, *cells])
    return table


def _targets(figures: ReviewFigures, lang: str) -> ReviewTable:
    """Every figure the plan sets a target for, district by district and in all."""
    table = _t("targets", "review.section.targets", ("review.col.district", "review.col.figure",
               "review.col.value", "review.col.target", "review.col.share"), lang)  # fmt: skip
    for group in [*figures.districts, figures.whole]:
        for f in group.figures:
            if f.target is not None:
                table.add(
                    [
                        group_name(group, lang),
                        with_unit(f, lang),
                        shown(f),
                        target_shown(f),
                        share(f),
                    ],
                    [None, None, f, None, None],
                )
    return table


def _money(figures: ReviewFigures, lang: str) -> ReviewTable:
    table = _t("money", "review.section.money",
               ("review.col.part", "review.col.budget", "review.col.actual"), lang)  # fmt: skip
    whole = figures.whole
    for source in [f.part for f in whole.parts("investment_budget")] + [
        f.part
        for f in whole.parts("investment_actual")
        if whole.get("investment_budget", f.part) is None
    ]:
        budget, actual = (
            whole.get("investment_budget", source),
            whole.get("investment_actual", source),
        )
        name = word(SOURCE_WORDS, source, lang)
        table.add([name, shown(budget), shown(actual)], [None, budget, actual])
    budget, actual = whole.get("investment_budget"), whole.get("investment_actual")
    table.add([say("review.whole", lang), shown(budget), shown(actual)], [None, budget, actual])
    return table


def _money_districts(figures: ReviewFigures, lang: str) -> ReviewTable:
    table = _t("money_districts", "review.section.money_districts",
               ("review.col.district", "review.col.budget", "review.col.actual"), lang)  # fmt: skip
    for group in [*figures.districts, figures.whole]:
        budget, actual = group.get("investment_budget"), group.get("investment_actual")
        table.add([group_name(group, lang), shown(budget), shown(actual)], [None, budget, actual])
    return table


def _elevators(figures: ReviewFigures, lang: str) -> ReviewTable:
    """Each stage in the period and cumulative, by district and in all."""
    table = _t("elevators", "review.section.elevators", ("review.col.district",), lang)
    for stage in ELEVATOR_STAGES:
        name = word(ELEVATOR_STAGE_WORDS, stage, lang)
        table.header += [
            say("review.stage_in_period", lang, stage=name),
            say("review.stage_total", lang, stage=name),
        ]
    for group in [*figures.districts, figures.whole]:
        cells = [
            group.get(f"elevators_{s}{end}") for s in ELEVATOR_STAGES for end in ("", "_total")
        ]
        table.add([group_name(group, lang), *(shown(f) for f in cells)], [None, *cells])
    return table


def _works(figures: ReviewFigures, lang: str) -> ReviewTable:
    table = _t("works", "review.section.works", ("review.col.part", "review.col.unit",
               "review.col.quantity", "review.col.estates", "review.col.unknown"), lang)  # fmt: skip
    for f in figures.whole.parts("works"):
        table.add(
            [part_name(f, lang), unit_name(f, lang), shown(f), len(f.estates), len(f.unknown)],
            [None, None, f, f, f],
        )
    return table


def _satisfaction(figures: ReviewFigures, lang: str) -> ReviewTable:
    table = _t("satisfaction", "review.section.satisfaction",
               ("review.col.figure", "review.col.value", "review.col.unknown"), lang)  # fmt: skip
    for rating in RATINGS:
        f = figures.whole.get("satisfaction", rating)
        if f is not None:
            table.add([part_name(f, lang), shown(f), len(f.unknown)], [None, f, f])
    rate = figures.whole.get("satisfaction_rate")
    if rate is not None:
        value = f"{shown(rate)}%" if rate.value is not None else say("review.no_rate", lang)
        table.add([figure_name(rate, lang), value, len(rate.unknown)], [None, rate, rate])
    return table


def _defects_and_management(figures: ReviewFigures, lang: str) -> ReviewTable:
    table = _t("management", "review.section.management", ("review.col.district",), lang)
    measures = ("defects_open", "defects_rectified", *MANAGEMENT)
    table.header += [say(f"review.measure.{m}", lang) for m in measures]
    for group in [*figures.districts, figures.whole]:
        cells = [group.get(m) for m in measures]
        table.add([group_name(group, lang), *(shown(f) for f in cells)], [None, *cells])
    return table


def every_figure(figures: ReviewFigures) -> list[tuple[GroupFigures, Figure]]:
    """Each figure of each group, the whole scope first: for the lists of estates behind them."""
    return [(group, f) for group in figures.groups for f in group.figures]
