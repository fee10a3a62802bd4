"""Sub-command report: the acceptance report, public notice and survey summary as PDF files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.cli.review_report import add_review_arguments, run_review
from retrofit_app.core.checklists.acceptance_verdict import record_override
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Estate
from retrofit_app.core.project import Project
from retrofit_app.core.reports import KINDS, ReportOptions, ReportResult, build_report
from retrofit_app.core.reports.options import ACCEPTANCE_SECTIONS, GRID_SIZES, PARTY_ROLES
from retrofit_app.core.reports.photo_choice import PHOTO_CHOICES
from retrofit_app.core.reports.wording import normalise_language
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="生成 PDF 报告 / write a PDF report")
    p.add_argument("project", type=Path)
    p.add_argument(
        "--estate",
        action="append",
        default=[],
        help="小区编号或名称，可重复 / code or name, repeatable",
    )
    p.add_argument("--all", action="store_true", help="全部小区 / every estate")
    p.add_argument("--kind", required=True, choices=(*KINDS, "review"))
    p.add_argument(
        "--out",
        required=True,
        type=Path,
        help="PDF 文件；多个小区时为文件夹 / PDF file, or a folder for a batch",
    )
    p.add_argument(
        "--unit",
        help="公示或可行性报告的范围，如“1幢2单元”或“1幢” / scope of a notice or feasibility "
        "record, e.g. 1幢2单元",
    )
    p.add_argument(
        "--photos",
        choices=PHOTO_CHOICES,
        default="default",
        help="验收报告的照片：default 验收项的改造后照片及其改造前对照（默认），all 全部，none 不印 / "
        "acceptance photos: default (after photos of the acceptance items and their befores), all, none",
    )
    p.add_argument("--photo", action="append", default=[], metavar="UUID",
                   help="只印这些照片，可重复 / print only these photos, repeatable")  # fmt: skip
    p.add_argument(
        "--sections",
        metavar="LIST",
        help="验收报告印哪些章节（逗号分隔）：" + ",".join(ACCEPTANCE_SECTIONS)
        + "；封面、验收结论和签章总印 / acceptance sections to print; cover, conclusion and "
        "signatures always",
    )  # fmt: skip
    p.add_argument(
        "--grid",
        type=int,
        choices=GRID_SIZES,
        help="每页照片数（默认取设置或 4） / photos per page",
    )
    p.add_argument("--office", help="发文单位 / issuing office")
    p.add_argument(
        "--doc-number",
        help="文号格式，如“宁房改〔{year}〕{code}-{kind}-{seq:02d}” / number pattern",
    )
    p.add_argument("--party", action="append", default=[], metavar="ROLE=NAME",
                   help="参建单位：" + ", ".join(k for k, _ in PARTY_ROLES))  # fmt: skip
    p.add_argument("--days", type=int, help="公示天数 / notice days")
    # Checked in run (not argparse choices) so a wrong value gets the same one-sentence error.
    p.add_argument(
        "--lang",
        metavar="zh|en",
        help="报告语言（默认取设置） / report language (default: the Settings language)",
    )
    p.add_argument(
        "--override-reason",
        metavar="TEXT",
        help="验收组在未整改项上仍同意通过的理由（记入审计日志并印在报告上） / "
        "why the team accepts over open items (audit log and report)",
    )
    p.add_argument("--by", default="", help="记录人（默认设置中的姓名） / who records the override")
    p.add_argument("--acceptance", type=int, metavar="N",
                   help="验收报告用小区的第 N 次验收（默认最近一次）/ the estate's acceptance N (default: the latest)")  # fmt: skip
    add_review_arguments(p)
    p.add_argument("--pdfa", nargs="?", const="2b", default="", choices=("2b", "1b"), metavar="2b|1b",
                   help="存为 PDF/A（档案馆长期保存）：2b（默认）或 1b（GB/T 23286.1，报告不能有透明效果）/ "
                   "save as PDF/A for the archive: 2b (default) or 1b (GB/T 23286.1, no transparency)")  # fmt: skip
    p.add_argument("--sign-p12", type=Path, metavar="FILE",
                   help="用此 PKCS#12 证书对报告数字签名 / sign the report with this PKCS#12 certificate")  # fmt: skip
    p.add_argument("--sign-password-env", metavar="VAR", default="RETROFIT_SIGN_PASSWORD",
                   help="存放证书口令的环境变量（默认 RETROFIT_SIGN_PASSWORD）/ environment variable "
                   "holding the certificate's password")  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_report)


def _options(args: argparse.Namespace, settings: Settings) -> ReportOptions:
    language = normalise_language(args.lang) if args.lang is not None else settings.lang
    options = ReportOptions.from_saved(settings.report, language=language)
    if args.grid:
        options.photo_grid = args.grid
    if args.office:
        options.issuing_office = args.office
    if args.doc_number:
        options.doc_number_pattern = args.doc_number
    if args.days:
        options.notice_days = args.days
    options.acceptance = args.acceptance
    options.photo_choice = args.photos
    options.photo_uuids = tuple(args.photo)
    if args.sections is not None:
        options.sections = tuple(s.strip() for s in args.sections.split(",") if s.strip())
    roles = {key for key, _ in PARTY_ROLES}
    for item in args.party:
        role, _, name = item.partition("=")
        if role not in roles or not name:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="--party", value=item)
        options.parties[role] = name
    return options


def _estates(project: Project, args: argparse.Namespace) -> list[Estate]:
    if args.all:
        return project.estates.list()
    if not args.estate:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--estate", value="''")
    return [project.estates.resolve(key) for key in args.estate]


def _document(result: ReportResult, lang: str = "zh") -> dict:
    verdict = result.verdict.as_json(lang) if result.verdict is not None else None
    return {
        "path": str(result.path),
        "kind": result.kind,
        "pages": result.pages,
        "photos": result.photos,
        "doc_number": result.doc_number,
        "font": str(result.font_path) if result.font_path else None,
        "warning": str(result.warning) if result.warning else None,
        "digest": result.digest,
        **({"acceptance": verdict} if verdict is not None else {}),
    }


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    options = _options(args, settings)
    finish = _finishing(args)  # a missing or wrong password is said before any work
    if args.kind == "review":
        return run_review(args, settings, options, finish)
    lang = settings.lang
    results: list[ReportResult] = []
    failures = 0
    if args.override_reason is not None:
        _record_override(args, settings)
    # An acceptance report keeps its 文号 on the estate's acceptance; a notice or acceptance report
    # keeps the digest of the records it was built from (issue 20): the only writes a report makes.
    writes = args.kind in ("acceptance", "notice")
    with Project(args.project, readonly=not writes, user=settings.user_name) as project:
        estates = _estates(project, args)
        batch = args.kind != "survey" and len(estates) > 1
        for chosen, out in _jobs(args, estates, batch):
            try:
                results.append(
                    build_report(
                        project,
                        args.kind,
                        chosen,
                        out,
                        scope=args.unit,
                        options=options,
                        font_path=settings.pdf_font or None,
                    )
                )
                finish(results[-1].path)
            except RetrofitError as error:
                if not batch:
                    raise
                failures += 1
                sys.stderr.write(f"{chosen[0].code}: {error.sentence(lang)}\n")
    _tell(args, results, batch, lang)
    return 1 if failures else 0


def _finishing(args: argparse.Namespace) -> Callable[[Path], None]:
    """What is done to each written PDF: PDF/A (2b or 1b), then the signature (issue 20 point 5)."""
    from retrofit_app.core.evidence.report_signature import (
        certificate_holder,
        finish_report,
        password_from_env,
    )

    password = password_from_env(args.sign_password_env) if args.sign_p12 else ""
    if args.sign_p12:  # a wrong password is said before any report is written
        certificate_holder(args.sign_p12, password)

    def finish(path: Path) -> None:
        finish_report(path, pdfa=args.pdfa, p12=args.sign_p12, password=password)

    return finish


def _record_override(args: argparse.Namespace, settings: Settings) -> None:
    """验收合格 over open items, by a named person with a reason (the audit log keeps both)."""
    if args.kind != "acceptance" or len(args.estate) != 1:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--override-reason", value="--estate")
    by = (args.by or settings.user_name).strip()
    if not by:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--by", value="''")
    with Project(args.project, user=by) as project:
        record_override(project, project.estates.resolve(args.estate[0]).uuid, args.override_reason)


def _jobs(
    args: argparse.Namespace, estates: list[Estate], batch: bool
) -> list[tuple[list[Estate], Path]]:
    """What to build: one file of them all, or (a batch) a file per estate in the folder --out."""
    if not batch:
        return [(estates, args.out)]
    args.out.mkdir(parents=True, exist_ok=True)
    return [([e], args.out / f"{e.code}-{e.name}-{args.kind}.pdf") for e in estates]


def _tell(args: argparse.Namespace, results: list[ReportResult], batch: bool, lang: str) -> None:
    """The font warnings on stderr, then what was written (as JSON with --json)."""
    warnings = {r.warning for r in results if r.warning}
    for warning in warnings:
        sys.stderr.write(RetrofitError(warning).sentence(lang) + "\n")
    if args.json:
        documents = [_document(r, lang) for r in results]
        emit_json(documents[0] if not batch else documents)
        return
    for r in results:
        print(
            say(
                "cli.report_written",
                lang,
                path=r.path,
                pages=r.pages,
                photos=r.photos,
                number=r.doc_number,
            )
        )
