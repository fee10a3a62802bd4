"""Sub-commands on a whole project file: new, demo, info, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json, fail, say
from retrofit_app.core.integrity import check_project
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.storage import create_project_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="写一个空项目 / write an empty project")
    p.add_argument("project", type=Path)
    p.set_defaults(run=run_new)

    p = sub.add_parser("demo", help="写示范项目 / write the demo project")
    p.add_argument("project", type=Path)
    p.set_defaults(run=run_demo)

    p = sub.add_parser("info", help="数据版本、数量与完整性 / schema version, counts, integrity")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_info)

    p = sub.add_parser("check", help="检查项目文件 / check the project file")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_check)


def run_new(args: argparse.Namespace, settings: Settings) -> int:
    create_project_file(args.project)
    print(say(f"已创建项目：{args.project}", f"Created project {args.project}", settings.lang))
    return 0


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from retrofit_app.core.demo import build_demo

    build_demo(args.project, user=settings.user_name or "示范")
    print(
        say(
            f"已写出示范项目：{args.project}",
            f"Wrote the demo project {args.project}",
            settings.lang,
        )
    )
    return 0


def run_info(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, readonly=True) as project:
        meta = project.meta()
        counts = project.counts()
        quick = project.quick_check()
        document = {
            "path": str(project.path),
            "schema_version": int(meta["schema_version"]),
            "project_uuid": meta.get("project_uuid"),
            "created_at": meta.get("created_at"),
            "readonly": project.readonly,
            "integrity": quick,
            "counts": vars(counts),
        }
    if args.json:
        emit_json(document)
        return 0
    zh = settings.lang == "zh"
    labels = (
        {
            "estates": "小区",
            "buildings": "楼栋",
            "units": "单元",
            "households": "住户",
            "photos": "照片",
        }
        if zh
        else {k: k for k in document["counts"]}
    )
    print(("项目文件：" if zh else "Project file: ") + document["path"])
    print(("数据版本：" if zh else "Schema version: ") + str(document["schema_version"]))
    for key, value in document["counts"].items():
        print(f"{labels[key]}：{value}" if zh else f"{labels[key]}: {value}")
    print(("完整性：" if zh else "Integrity: ") + quick)
    return 0 if quick == "ok" else 1


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, readonly=True) as project:
        problems = check_project(project)
    if args.json:
        emit_json({"ok": not problems, "problems": [p.sentence(settings.lang) for p in problems]})
        return 1 if problems else 0
    if not problems:
        print(say("检查通过：未发现问题。", "Check passed: no problems found.", settings.lang))
        return 0
    for problem in problems:
        sys.stderr.write(problem.sentence(settings.lang) + "\n")
    return fail(
        say(f"发现 {len(problems)} 个问题。", f"{len(problems)} problem(s) found.", settings.lang)
    )
