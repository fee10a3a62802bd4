"""What every document builder is handed: project, options, styles, font, progress and cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph

from retrofit_app.core.reports.fonts import ReportFont
from retrofit_app.core.reports.options import ReportOptions
from retrofit_app.core.reports.styles import Styles, para

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass
class ReportContext:
    project: Project
    options: ReportOptions
    styles: Styles
    font: ReportFont
    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None

    def is_cancelled(self) -> bool:
        return bool(self.cancelled and self.cancelled())


def numbered_heading(ctx: ReportContext, number: int, text: str) -> Paragraph:
    return para(f"{_CHINESE_NUMBERS[number]}、{text}", ctx.styles.h1)


def note(ctx: ReportContext, text: str) -> Flowable:
    return para(text, ctx.styles.body)


_CHINESE_NUMBERS = [
    "〇",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
]
