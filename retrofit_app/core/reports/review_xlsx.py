"""The review's figures as an XLSX workbook: the PDF's tables, one sheet each, and every estate
behind every figure (counted or not) on a sheet of its own, for a reviewer to filter and check."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from retrofit_app.core.programme.review_figures import ReviewScope, review_figures
from retrofit_app.core.programme.review_period import ReviewPeriod, parse_period
from retrofit_app.core.programme.review_tables import (
    every_figure,
    figure_name,
    group_name,
    review_tables,
    shown,
    unit_name,
)
from retrofit_app.core.reports.review import period_words, review_title
from retrofit_app.core.table_files import Sheet, write_xlsx_sheets
from retrofit_app.core.words import say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

_ESTATE_COLUMNS = ("review.col.district", "review.col.figure", "review.col.unit", "review.col.value",
                   "review.col.counted", "col.code", "col.estate", "review.col.street", "review.col.batch")  # fmt: skip


def write_review_xlsx(
    project: Project,
    period: str | ReviewPeriod,
    out: Path,
    *,
    scope: ReviewScope | None = None,
    lang: str = "zh",
) -> int:
    """Write the workbook; returns how many sheets it has."""
    period = parse_period(period) if isinstance(period, str) else period
    figures = review_figures(project, period, scope)
    about: Sheet = (
        say("review.sheet.about", lang),
        [say("review.col.about_item", lang), say("review.col.about_value", lang)],
        [
            [say("title.review", lang), review_title(figures, lang)],
            [say("review.col.period", lang), period_words(figures.period, lang)],
            [say("review.col.from", lang), figures.period.start],
            [say("review.col.to", lang), figures.period.end],
        ],
        {"A": 16, "B": 50},
    )
    sheets: list[Sheet] = [about]
    sheets += [(t.title, t.header, t.rows, None) for t in review_tables(figures, lang)]
    counted, not_counted = say("review.counted", lang), say("review.not_counted", lang)
    rows = []
    for group, f in every_figure(figures):
        for refs, status in ((f.estates, counted), (f.unknown, not_counted)):
            for r in refs:
                rows.append([group_name(group, lang), figure_name(f, lang), unit_name(f, lang), shown(f),
                             status, r.code, r.name, r.street, r.batch])  # fmt: skip
    head = [say(key, lang) for key in _ESTATE_COLUMNS]
    sheets.append((say("review.sheet.estates", lang), head, rows, None))
    write_xlsx_sheets(Path(out), sheets)
    _shares_as_numbers(Path(out), say("review.col.share", lang))
    return len(sheets)


def _shares_as_numbers(path: Path, heading: str) -> None:
    """完成率 as a number shown as a percentage (0.58 as 58%), so a reviewer can sum and sort it."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        columns = [c.column for c in sheet[1] if c.value == heading]
        for column in columns:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                text = cell.value
                if isinstance(text, str) and text.endswith("%") and text[:-1].isdigit():
                    cell.value = int(text[:-1]) / 100
                    cell.number_format = "0%"
    temp = path.with_name(f".{path.name}.shares.part")
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
