"""Sub-command verify-report: does the project still hold, unchanged, the records a report was built from?"""

from __future__ import annotations

import argparse
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify-report",
        help="核验公示、验收或审查报告所依据的记录此后是否改动 / check a report's records against the project",
    )
    p.add_argument("project", type=Path)
    p.add_argument(
        "pdf", type=Path, nargs="?", help="本程序生成的报告 PDF / a report PDF made by this program"
    )
    p.add_argument(
        "--digest",
        metavar="CODE",
        help="纸质报告上的核验码，如 92A9-A0E8-F6D9-9380 / the code printed on a paper report",
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="列出本项目出具过的报告（时间、种类、文号、核验码）/ list the reports this project issued",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_verify_report)


def _list_issued(args: argparse.Namespace, settings: Settings) -> int:
    """The reports the project issued, the latest first (the archive of what was printed)."""
    from retrofit_app.core.evidence.report_digest_check import issued_reports

    with Project(args.project, readonly=True) as project:
        issued = issued_reports(project)
    if args.json:
        emit_json([{**vars(r), "code": r.code} for r in issued])
    else:
        for report in issued:
            print(report.line(settings.lang))
    return 0


def run_verify_report(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when every record is as it was (and a signed PDF's signature holds), 1 when any
    changed, went or came (or on an error);
    with --list alone, the reports issued."""
    from retrofit_app.core.evidence.report_digest_check import digest_in_pdf, verify_digest

    if args.list and args.pdf is None and args.digest is None:
        return _list_issued(args, settings)
    if (args.pdf is None) == (args.digest is None):
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="PDF / --digest", value="")
    lang = settings.lang
    code = args.digest if args.digest is not None else digest_in_pdf(args.pdf)
    with Project(args.project, readonly=True) as project:
        check = verify_digest(project, code)
    signed, holds = "", True
    if args.pdf is not None:  # a signed report: does its signature still hold?
        from retrofit_app.core.evidence.report_signature import signature_verdict

        signed, holds = signature_verdict(args.pdf, lang)
    if args.json:
        emit_json({**check.as_json(lang), "signature": signed or None, "signature_holds": holds})
    else:
        print("\n".join([*check.sentences(lang), *([signed] if signed else [])]))
    return 0 if check.unchanged and holds else 1
