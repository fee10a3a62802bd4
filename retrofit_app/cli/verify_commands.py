"""Sub-command verify: the evidence chain whole, and every evidence record as it last recorded."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json, fail
from retrofit_app.core.evidence.chain_check import verify_project
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify",
        help="核对证据链：记录是否在程序之外被改动 / check the evidence chain: records changed outside the program",
    )
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, readonly=True) as project:
        result = verify_project(project)
    lang = settings.lang
    if args.json:
        emit_json({"path": str(args.project), **result.as_json(lang)})
        return 0 if result.ok else 1
    if result.ok:
        print(say("verify.passed", lang, entries=result.entries, records=result.records))
        return 0
    for finding in result.findings:
        sys.stderr.write(finding.sentence(lang) + "\n")
    return fail(say("verify.failed", lang, count=len(result.findings)))
