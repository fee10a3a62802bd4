"""What every document builder is handed: project, options, wording, styles, font, progress and cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from retrofit_app.core.reports.fonts import ReportFont
from retrofit_app.core.reports.options import ReportOptions
from retrofit_app.core.reports.styles import Heading, Styles, para
from retrofit_app.core.reports.wording import Wording

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass
class ReportContext:
    project: Project
    options: ReportOptions
    words: Wording
    styles: Styles
    font: ReportFont
    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None
    # Section numbers by heading key when sections are left out (一、二、… stay in sequence).
    section_numbers: dict[str, int] = field(default_factory=dict)

    def is_cancelled(self) -> bool:
        return bool(self.cancelled and self.cancelled())


def numbered_heading(ctx: ReportContext, number: int, key: str) -> Heading:
    """A section heading, 一、工程概况 or 1. Project overview, from a wording key."""
    number = ctx.section_numbers.get(key, number)
    return Heading(ctx.words.heading(number, ctx.words(key)), ctx.styles.h1, room=30 * mm)


def subheading(ctx: ReportContext, text: str, room: float = 25 * mm) -> Heading:
    """A second-level heading with `room` kept below it for what it introduces."""
    return Heading(text, ctx.styles.h2, room=room)


def note(ctx: ReportContext, text: str) -> Flowable:
    return para(text, ctx.styles.body)
