"""Build one report into a PDF file: pick the font, lay out the document, report what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from retrofit_app.core.checklists.acceptance_verdict import AcceptanceVerdict, acceptance_verdict
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.report_digest import (
    ReportDigest,
    digest_for_report,
    gathered_steadily,
    issue_digest,
)
from retrofit_app.core.limits import NAME_MAX_CHARS
from retrofit_app.core.model import Estate
from retrofit_app.core.reports.acceptance import acceptance_story
from retrofit_app.core.reports.acceptance_record import RecordFacts, record_facts
from retrofit_app.core.reports.context import ReportContext
from retrofit_app.core.reports.facts import estate_facts, resolve_scope
from retrofit_app.core.reports.feasibility import feasibility_story
from retrofit_app.core.reports.fonts import find_report_font
from retrofit_app.core.reports.layout import DocumentInfo, build_pdf
from retrofit_app.core.reports.notice import notice_story
from retrofit_app.core.reports.options import KINDS, ReportOptions
from retrofit_app.core.reports.styles import make_styles
from retrofit_app.core.reports.survey import survey_story
from retrofit_app.core.reports.wording import LANGUAGES, words_for
from retrofit_app.core.storage.work_folder import partial_file
from retrofit_app.core.text_limits import shortened
from retrofit_app.core.words import say

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

    from retrofit_app.core.project import Project

# Share of the progress bar spent gathering data and photos; layout takes the rest.
_GATHER_SHARE = 0.4
_STEPS = 1000


@dataclass(frozen=True)
class ReportResult:
    path: Path
    kind: str
    pages: int
    photos: int
    doc_number: str
    font_path: Path | None
    warning: ErrorCode | None  # PDF_FONT_FALLBACK when no TrueType font could be embedded
    verdict: AcceptanceVerdict | None = None  # an acceptance report's conclusion and what is open
    digest: str | None = None  # the digest of the records it was built from (notice, acceptance)


def _scaled(
    progress: Callable[[int, int], None] | None, start: float, share: float
) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if progress and total:
            progress(int(_STEPS * (start + share * min(done, total) / total)), _STEPS)

    return report


def _story(
    ctx: ReportContext,
    kind: str,
    estates: list[Estate],
    scope: str | None,
    doc_number: str,
    verdict: AcceptanceVerdict | None = None,
    record: RecordFacts | None = None,
) -> tuple[str, list[Flowable], int]:
    """The `kind` report's title, its flowables and how many photos they place."""
    words, estate = ctx.words, estates[0]
    base_title = words(f"title.{kind}")
    if kind == "acceptance" and verdict is not None and record is not None:
        story, photo_count = acceptance_story(ctx, estate, base_title, doc_number, verdict, record)
        return words("doc.title", subject=estate.name, title=base_title), story, photo_count
    if kind == "feasibility":
        story, photo_count, label = feasibility_story(ctx, estate, scope)
        subject = words("scope", estate=estate.name, scope=label)
        return words("doc.title", subject=subject, title=base_title), story, photo_count
    if kind == "notice":
        scope_uuid, label = None, ""
        if scope:
            _, scope_uuid = resolve_scope(estate_facts(ctx.project, estate), scope)
            label = "".join(scope.split())
        subject = words("scope", estate=estate.name, scope=label) if label else estate.name
        title = words("doc.title", subject=subject, title=base_title)
        return title, notice_story(ctx, estate, scope_uuid, label), 0
    names = estate.name if len(estates) == 1 else words("doc.estates", n=len(estates))
    title = words("doc.title", subject=names, title=base_title)
    story, photo_count = survey_story(ctx, estates, title)
    return title, story, photo_count


def _doc_number(
    project: Project, kind: str, estate: Estate, options: ReportOptions, code: str
) -> tuple[str, RecordFacts | None]:
    """The report's 文号, and for an acceptance the record of the acceptance it reports: the
    estate's acceptance keeps the 文号 its first report got; another gets a free one."""
    doc_number = options.doc_number(kind, code)
    if kind != "acceptance":
        return doc_number, None
    chosen = project.acceptances.chosen(estate.uuid, options.acceptance)
    if chosen is not None:
        doc_number = project.acceptances.doc_number(
            chosen, lambda seq: options.doc_number(kind, code, seq)
        )
    parties = [p.uuid for p in chosen.parties.values()] if chosen is not None else []
    return doc_number, record_facts(chosen, options, project.signatures.of_parties(parties))


def _digest(
    project: Project, kind: str, estate: Estate, scope: str | None, doc_number: str,
    record: RecordFacts | None,
) -> ReportDigest | None:
    """The digest of the records a notice or acceptance report is built from (issue 20)."""
    scope_uuid = None
    if kind == "notice" and scope:
        _, scope_uuid = resolve_scope(estate_facts(project, estate), scope)
    acceptance = record.record.uuid if record is not None and record.record is not None else None
    return digest_for_report(
        project, kind, estate.uuid, doc_number, scope_uuid=scope_uuid, acceptance_uuid=acceptance
    )


def build_report(
    project: Project,
    kind: str,
    estates: list[Estate],
    out: Path,
    *,
    scope: str | None = None,
    options: ReportOptions | None = None,
    font_path: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReportResult:
    """Write the `kind` report of `estates` (survey: any number; others: the first) to `out`.

    `scope` names a unit or building ('1幢2单元', '1幢') for the notice; the file is
    written whole or not at all, and cancelling raises RetrofitError(CANCELLED). The
    report's fixed words, dates and numbers follow `options.language` ('zh' or 'en').
    """
    if kind not in KINDS:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="kind", value=kind)
    if not estates:
        raise RetrofitError(ErrorCode.NO_SUCH_ESTATE, estate="")
    options = options or ReportOptions()
    words = words_for(options.language)  # an unknown language is refused before any work
    font = find_report_font(font_path)
    # A file from before the length limits may hold a megabyte-long name: print its first 100 characters.
    estates = [replace(e, name=shortened(e.name, NAME_MAX_CHARS)) for e in estates]
    estate = estates[0]
    code = estate.code if kind != "survey" or len(estates) == 1 else "HZ"
    doc_number, record = _doc_number(project, kind, estate, options, code)
    ctx = ReportContext(
        project, options, words, make_styles(font.name, words.lang), font,
        progress=_scaled(progress, 0, _GATHER_SHARE), cancelled=cancelled,
    )  # fmt: skip

    def gather() -> tuple[AcceptanceVerdict | None, tuple[str, list[Flowable], int]]:
        verdict = acceptance_verdict(project, estate.uuid, words.lang) if kind == "acceptance" else None
        return verdict, _story(ctx, kind, estates, scope, doc_number, verdict, record)

    # The paper shows what the digest names, even when the window edits while this builds.
    (verdict, (title, story, photo_count)), digest = gathered_steadily(
        gather, lambda: _digest(project, kind, estate, scope, doc_number, record)
    )
    if digest is not None:
        # Imported here: it imports core.reports, whose package imports this module.
        from retrofit_app.core.evidence.report_digest_print import digest_block

        story += digest_block(ctx.styles, words, digest)
    if cancelled and cancelled():
        raise RetrofitError(ErrorCode.CANCELLED)
    info = DocumentInfo(
        title=title,
        subject=" ".join(say(f"title.{kind}", lang) for lang in LANGUAGES),  # both languages, so either finds it
        author=shortened(options.office(words), NAME_MAX_CHARS),
        doc_number=doc_number,
        font=font.name,
        keywords=", ".join(
            [words("doc.keywords"), *(e.code for e in estates[:20]), *([digest.keyword] if digest else [])]
        ),
        language=words.lang,
        watermark=words("acc.draft_mark") if verdict is not None and verdict.draft else "",
        digest_code=digest.short if digest else "",
    )
    # The half-written PDF's name is recorded in the project's folder: a killed build's
    # is removed when the project is next opened (storage/work_folder.py).
    with partial_file(project.path, Path(out)) as partial:
        pages = build_pdf(
            Path(out),
            story,
            info,
            progress=_scaled(progress, _GATHER_SHARE, 1 - _GATHER_SHARE),
            cancelled=cancelled,
            partial=partial,
        )
    if digest is not None:
        issue_digest(project, digest)
    return ReportResult(
        Path(out), kind, pages, photo_count, doc_number, font.path, font.warning, verdict,
        digest.digest if digest else None,
    )  # fmt: skip
