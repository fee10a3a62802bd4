"""report --kind review: the programme's review for a period as PDF, or XLSX with --format xlsx."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.programme.review_figures import ReviewScope
from retrofit_app.core.programme.review_period import parse_period
from retrofit_app.core.project import Project
from retrofit_app.core.reports.options import ReportOptions
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say

FORMATS = ("pdf", "xlsx")


def add_review_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", metavar="2025H1|2025|2021-2023",
                   help="评估期间（review）：半年、年或多年 / the review's period")  # fmt: skip
    p.add_argument("--district", help="只评估一个区（review） / one district only")
    p.add_argument("--format", choices=FORMATS, default="pdf",
                   help="review 的格式：pdf（默认）或 xlsx / the review as PDF or XLSX")  # fmt: skip


def run_review(
    args: argparse.Namespace,
    settings: Settings,
    options: ReportOptions,
    finish: Callable[[Path], None] = lambda _path: None,
    *,
    snapshot: bool = False,
) -> int:
    """The review as XLSX, or as PDF (which keeps its digest in the project, issue 20) finished
    by `finish` (PDF/A-2b, signature). `snapshot`: the project is a server's snapshot, which
    is removed after; the PDF then prints no digest (nothing would be left to check it against)."""
    # The period is checked before the project is opened: a typing slip costs nothing.
    if not args.period:
        raise RetrofitError(ErrorCode.REVIEW_PERIOD, value="")
    period = parse_period(args.period)
    scope = ReviewScope(district=(args.district or "").strip())
    lang = options.language
    as_xlsx = args.format == "xlsx"
    with Project(args.project, readonly=as_xlsx or snapshot, user=settings.user_name) as project:
        if as_xlsx:
            from retrofit_app.core.reports.review_xlsx import write_review_xlsx

            sheets = write_review_xlsx(project, period, args.out, scope=scope, lang=lang)
            document = {"path": str(args.out), "kind": "review", "format": "xlsx", "sheets": sheets}
            sentence = say("review.xlsx_written", settings.lang, path=args.out, sheets=sheets)
        else:
            from retrofit_app.core.reports.review import build_review_report

            r = build_review_report(project, period, args.out, scope=scope, options=options,
                                    font_path=settings.pdf_font or None)  # fmt: skip
            finish(r.path)
            if r.warning:
                sys.stderr.write(RetrofitError(r.warning).sentence(settings.lang) + "\n")
            document = {"path": str(r.path), "kind": "review", "format": "pdf", "pages": r.pages,
                        "doc_number": r.doc_number, "period": period.label,
                        "digest": r.digest}  # fmt: skip
            sentence = say("cli.report_written", settings.lang, path=r.path, pages=r.pages,
                           photos=0, number=r.doc_number)  # fmt: skip
    if args.json:
        emit_json(document)
    else:
        print(sentence)
    return 0
