"""The programme review report (半年通报、年度评估、三年总评) as PDF: figures against the plan's
targets, per district and in all, three charts, and the estates behind every figure (issue 19)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from retrofit_app.core.evidence.report_digest import (
    ReportDigest,
    digest_for_review,
    gathered_steadily,
    issue_digest,
)
from retrofit_app.core.evidence.report_digest_print import digest_flowables
from retrofit_app.core.programme.review_figures import (
    EstateRef,
    Figure,
    ReviewFigures,
    ReviewScope,
    review_figures,
)
from retrofit_app.core.programme.review_period import ReviewPeriod, parse_period
from retrofit_app.core.programme.review_tables import (
    ReviewTable,
    every_figure,
    figure_name,
    group_name,
    review_tables,
    shown,
    two_places,
    with_unit,
)
from retrofit_app.core.reports.blocks import data_table, widths
from retrofit_app.core.reports.build import ReportResult
from retrofit_app.core.reports.context import ReportContext, numbered_heading, subheading
from retrofit_app.core.reports.fonts import find_report_font
from retrofit_app.core.reports.layout import FRAME_WIDTH, DocumentInfo, build_pdf
from retrofit_app.core.reports.options import ReportOptions, fill_doc_number
from retrofit_app.core.reports.review_charts import elevator_chart, investment_chart, progress_chart
from retrofit_app.core.reports.styles import make_styles, para
from retrofit_app.core.reports.wording import EMPTY, LANGUAGES, words_for
from retrofit_app.core.storage.work_folder import partial_file
from retrofit_app.core.words import say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

KIND = "review"
KIND_LETTERS = "PG"  # 评估: the {kind} of the document number
# The sections in order, each with the tables (by key) and the chart it shows.
SECTIONS = (
    ("review.section.summary", ("summary", "targets"), None),
    ("review.section.progress", ("progress",), progress_chart),
    ("review.section.money", ("money", "money_districts"), investment_chart),
    ("review.section.elevators", ("elevators",), elevator_chart),
    ("review.section.works", ("works",), None),
    ("review.section.satisfaction", ("satisfaction",), None),
    ("review.section.management", ("management",), None),
)
# Where a section's tables need a sentence of their own, said under them.
_NOTES = {"money": "review.budget_note", "management": "review.defects_now"}
_REASONS = {
    "estates_started": "started", "buildings_started": "started", "households_started": "started",
    "floor_area_started": "started", "estates_completed": "completed",
    "buildings_completed": "completed", "households_completed": "completed",
    "floor_area_completed": "completed", "investment_actual": "investment", "works": "works",
    "satisfaction": "satisfaction", "satisfaction_rate": "satisfaction",
}  # fmt: skip
# Digest and QR block of a report (issue 20) goes here: a callable returning flowables.
DigestBlock = Callable[[ReportContext, str], list[Flowable]]


def period_words(period: ReviewPeriod, lang: str) -> str:
    if period.kind == "half":
        half = "h1" if period.start.month == 1 else "h2"
        return say(f"review.period.{half}", lang, year=period.start.year)
    if period.kind == "year":
        return say("review.period.year", lang, year=period.start.year)
    return say("review.period.span", lang, first=period.start.year, last=period.end.year)


def review_title(figures: ReviewFigures, lang: str) -> str:
    where = figures.scope.district or ""
    return where + say(
        f"review.title.{figures.period.kind}", lang, period=period_words(figures.period, lang)
    )


def _scope_words(scope: ReviewScope, lang: str) -> str:
    parts = [
        say(f"review.scope.{key}", lang, name=value)
        for key, value in (
            ("district", scope.district),
            ("street", scope.street),
            ("batch", scope.batch),
        )
        if value
    ]
    return " ".join(parts) or say("review.scope.all", lang)


def _cell(ctx: ReportContext, value: object, figure: Figure | None = None) -> str:
    """A table cell: numbers as the report's language writes them, an empty one as a dash."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, float) and figure is not None and two_places(figure):
        return ctx.words.number(value, 2)
    if isinstance(value, float) and figure is not None and figure.unit == "percent":
        return ctx.words.number(value, 1)  # 79.2 and 75.0, as the satisfaction section
    if isinstance(value, int) and not isinstance(value, bool):
        return ctx.words.count(value)
    if isinstance(value, float):
        return ctx.words.number(value, 2) if value % 1 else ctx.words.count(int(value))
    return str(value)


def _width(text: str) -> int:
    """Printed width in half-width characters: a Chinese character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


_PADDING = 12  # points of a cell's left and right padding together, with a little to spare


def _half_width(ctx: ReportContext) -> float:
    """Points a half-width character takes in a table cell (a Chinese character takes two)."""
    return ctx.styles.cell.fontSize * 0.6


def _fitted(
    ctx: ReportContext, header: list[str], rows: list[list[str]], cap: int = 24
) -> tuple[list[str], list[float]]:
    """Each column as wide as its longest value (a number never wraps), and a header too wide
    for its column broken before its bracket: 已达成意见 / （本期）, not 已达成 / 意见（ / 本期）."""
    longest = [max([4, *(_width(row[c]) for row in rows)]) for c in range(len(header))]
    sizes = [min(n, cap) for n in longest]
    cols = widths(*sizes)
    fitted = [
        h.replace("（", "\n（", 1)
        if "（" in h and _width(h) * _half_width(ctx) > col - _PADDING
        else h
        for h, col in zip(header, cols, strict=True)
    ]
    return fitted, cols


def _table(ctx: ReportContext, table: ReviewTable, section: str) -> list[Flowable]:
    """The table under its title (none when the section's heading already says it)."""
    head = [] if table.title == section else [subheading(ctx, table.title)]
    if not table.rows:
        return [*head, para(ctx.words("review.nothing"), ctx.styles.body)]
    rows = [
        [_cell(ctx, v, f) for v, f in zip(row, figures, strict=True)]
        for row, figures in zip(table.rows, table.figures, strict=True)
    ]
    header, cols = _fitted(ctx, table.header, rows)
    return [*head, data_table(ctx.styles, header, rows, cols), Spacer(1, 3 * mm)]


def _estate(ctx: ReportContext, ref: EstateRef) -> str:
    return ctx.words("paren", text=ref.name, inner=ref.code)


def _unknown_notes(ctx: ReportContext, figures: ReviewFigures) -> list[Flowable]:
    """Each figure of the whole scope that could not count some estates, and which."""
    lang, story = ctx.words.lang, []
    for f in figures.whole.figures:
        if not f.unknown or f.measure == "satisfaction":  # the rate names the undated ratings once
            continue
        reason = _REASONS.get(
            f.measure, "elevators" if f.measure.startswith("elevators") else "management"
        )
        names = ctx.words.join([_estate(ctx, r) for r in f.unknown[:30]])
        text = say("review.unknown_note", lang, figure=figure_name(f, lang), n=len(f.unknown),
                   reason=say(f"review.reason.{reason}", lang), names=names)  # fmt: skip
        story.append(para(text, ctx.styles.body))
    return story or [para(ctx.words("review.no_unknown"), ctx.styles.body)]


def _estates_behind(ctx: ReportContext, figures: ReviewFigures) -> list[Flowable]:
    """For every figure with estates behind it: the group, the figure, its value and the estates."""
    lang = ctx.words.lang
    header = ctx.words.labels(("review.col.district", "review.col.figure", "review.col.value",
                               "review.col.estates"))  # fmt: skip
    rows = [
        [group_name(group, lang), with_unit(f, lang), _cell(ctx, shown(f), f),
         ctx.words.join([_estate(ctx, r) for r in f.estates])]
        for group, f in every_figure(figures)
        if f.estates
    ]  # fmt: skip
    if not rows:
        return [para(ctx.words("review.nothing"), ctx.styles.body)]
    # District, figure and value as wide as they need (a value never wraps); the estates the rest.
    sizes = [max([4, *(_width(row[c]) for row in rows)]) for c in range(3)]
    sizes = [min(sizes[0], 8), min(sizes[1], 22), sizes[2]]
    cols = [n * _half_width(ctx) + _PADDING for n in sizes]
    return [data_table(ctx.styles, header, rows, [*cols, FRAME_WIDTH - sum(cols)])]


def review_story(
    ctx: ReportContext, figures: ReviewFigures, title: str, digest: DigestBlock | None = None
) -> list[Flowable]:
    words, s, lang = ctx.words, ctx.styles, ctx.words.lang
    tables = {t.key: t for t in review_tables(figures, lang)}
    byline = words(
        "survey.byline",
        office=ctx.options.office(words),
        date=words.date(ctx.options.report_date()),
    )
    scope = say("review.scope", lang, scope=_scope_words(figures.scope, lang),
                start=words.date(figures.period.start), end=words.date(figures.period.end))  # fmt: skip
    story: list[Flowable] = [
        para(title, s.title),
        para(byline, s.centre),
        Spacer(1, 4 * mm),
        para(scope, s.body),
    ]
    story.append(para(say("review.targets_note", lang, period=figures.period.label), s.small))
    for number, (key, table_keys, chart) in enumerate(SECTIONS, start=1):
        story.append(CondPageBreak(60 * mm))
        story.append(numbered_heading(ctx, number, key))
        if chart is not None:
            story.append(KeepTogether([chart(figures, s.font, lang), Spacer(1, 3 * mm)]))
        for table_key in table_keys:
            story += _table(ctx, tables[table_key], words(key))
            if table_key in _NOTES:
                story.append(para(words(_NOTES[table_key]), s.small))
    number = len(SECTIONS) + 1
    story += [
        numbered_heading(ctx, number, "review.section.unknown"),
        *_unknown_notes(ctx, figures),
    ]
    story += [
        numbered_heading(ctx, number + 1, "review.section.estates"),
        *_estates_behind(ctx, figures),
    ]
    if digest is not None:  # issue 20: the report's digest and QR code
        story += digest(ctx, title)
    return story


def build_review_report(
    project: Project,
    period: str | ReviewPeriod,
    out: Path,
    *,
    scope: ReviewScope | None = None,
    options: ReportOptions | None = None,
    font_path: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReportResult:
    """Write the review of `period` (2025H1, 2025, 2021-2023) for `scope` to the PDF `out`.

    It prints the digest of the records it counts (issue 20) and keeps it in the project, so
    `verify-report` can tell later what changed since; a project opened read-only gets no digest."""
    period = parse_period(period) if isinstance(period, str) else period
    options = options or ReportOptions()
    words = words_for(options.language)
    scope = scope or ReviewScope()
    day = options.report_date()
    doc_number = fill_doc_number(
        options.doc_number_pattern,
        {"code": period.label, "kind": KIND_LETTERS, "date": day, "year": day.year, "seq": 1},
    )
    # The figures printed are those the digest names, even when the window edits meanwhile.
    figures, digest = gathered_steadily(
        lambda: review_figures(project, period, scope),
        lambda: _digest(project, period, scope, doc_number),
    )
    if progress:
        progress(1, 3)
    font = find_report_font(font_path)
    ctx = ReportContext(
        project, options, words, make_styles(font.name, words.lang), font, cancelled=cancelled
    )
    title = review_title(figures, words.lang)
    story = review_story(ctx, figures, title, digest_flowables(digest) if digest else None)
    info = DocumentInfo(
        title=title,
        subject=" ".join(say("title.review", lang) for lang in LANGUAGES),
        author=options.office(words),
        doc_number=doc_number,
        font=font.name,
        keywords=", ".join(
            [words("doc.keywords"), figures.period.label, *([digest.keyword] if digest else [])]
        ),
        language=words.lang,
        digest_code=digest.short if digest else "",
    )
    with partial_file(project.path, Path(out)) as partial:
        pages = build_pdf(Path(out), story, info, cancelled=cancelled, partial=partial)
    if digest is not None:
        issue_digest(project, digest)
    if progress:
        progress(3, 3)
    return ReportResult(Path(out), KIND, pages, 0, doc_number, font.path, font.warning,
                        digest=digest.digest if digest else None)  # fmt: skip


def _digest(
    project: Project, period: ReviewPeriod, scope: ReviewScope, doc_number: str
) -> ReportDigest | None:
    """The digest of the records the review counts for its period and scope (issue 20)."""
    return digest_for_review(project, period.label, district=scope.district,
                             street=scope.street, batch=scope.batch, doc_number=doc_number)  # fmt: skip
