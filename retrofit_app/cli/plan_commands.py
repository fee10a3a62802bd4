"""The `import-plan` and `export-plan` commands: the programme's plan, money, elevators and management as an XLSX workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-plan",
        help="从 XLSX 导入计划、资金、电梯、长效管理和议事会（每行单独检查，未通过的行列出）"
        " / import the plan, money, elevators and management from XLSX (rows checked one by one)",
    )
    p.add_argument("project", type=Path)
    p.add_argument(
        "file",
        type=Path,
        help="export-plan 导出格式的工作簿 / a workbook laid out as export-plan writes it",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_import_plan)
    p = sub.add_parser(
        "export-plan",
        help="把计划、资金、电梯、长效管理和议事会导出为 XLSX / export the plan, money, elevators and management as XLSX",
    )
    p.add_argument("project", type=Path)
    p.add_argument("file", type=Path)
    p.set_defaults(run=run_export_plan)


def run_import_plan(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when every row was recorded, 1 when some were refused (the rest are recorded)."""
    from retrofit_app.core.programme.plan_import import import_plan

    with Project(args.project, user=settings.user_name) as project:
        result = import_plan(project, args.file, settings.lang)
    if args.json:
        emit_json({
            "sheets": [{"sheet": s.title, "added": s.added, "changed": s.changed,
                        "refused": s.refused} for s in result.sheets],
            "refusals": result.refusals,
        })  # fmt: skip
    else:
        for counts in result.sheets:
            print(say("programme.import.counts", settings.lang, sheet=counts.title,
                      added=counts.added, changed=counts.changed, refused=counts.refused))  # fmt: skip
        for sentence in result.refusals:
            print(sentence, file=sys.stderr)
    return 1 if result.refused else 0


def run_export_plan(args: argparse.Namespace, settings: Settings) -> int:
    from retrofit_app.core.programme.plan_export import export_plan

    with Project(args.project, readonly=True) as project:
        estates = export_plan(project, args.file, settings.lang)
    print(say("programme.export.done", settings.lang, estates=estates, path=args.file))
    return 0
