"""Sub-commands on a whole project file: new, demo, info, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json, fail
from retrofit_app.core import integrity
from retrofit_app.core.geo.geometry_repair import repair_geometries
from retrofit_app.core.orphan_repair import repair_orphans
from retrofit_app.core.project import Project
from retrofit_app.core.project_file import create_project_file, repair_views
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import N_, Msg, say


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
    p.add_argument(
        "--repair",
        action="store_true",
        help="修复能安全修复的问题 / repair what can be repaired safely",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="快速检查：SQLite 快速检查，只核对上次检查后新增的照片 / "
        "quick: SQLite's quick check, hashing only the photos added since the last check",
    )
    p.set_defaults(run=run_check)


def run_new(args: argparse.Namespace, settings: Settings) -> int:
    create_project_file(args.project)
    print(say("cli.created_project", settings.lang, path=args.project))
    return 0


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from retrofit_app.core.demo import build_demo

    build_demo(args.project, user=settings.user_name or "示范")
    print(say("cli.wrote_demo", settings.lang, path=args.project))
    return 0


# What `info` counts: catalogue ids.
_COUNTED = {
    "estates": N_("cli.count.estates"),
    "buildings": N_("cli.count.buildings"),
    "units": N_("cli.count.units"),
    "households": N_("cli.count.households"),
    "photos": N_("cli.count.photos"),
}


def run_info(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, readonly=True) as project:
        meta = project.meta()
        counts = vars(project.counts())
        document = {
            "path": str(project.path),
            "schema_version": int(meta["schema_version"]),
            "project_uuid": meta.get("project_uuid"),
            "created_at": meta.get("created_at"),
            "readonly": project.readonly,
            # A full-file read costs seconds on a district's file: integrity is check's work.
            "integrity": None,
            "counts": counts,
        }
    if args.json:
        emit_json(document)
        return 0
    lang = settings.lang
    print(say("cli.info.path", lang, path=document["path"]))
    print(say("cli.info.schema", lang, version=document["schema_version"]))
    for key, value in counts.items():
        print(say("cli.info.count", lang, what=Msg(_COUNTED[key]), count=value))
    print(say("cli.info.integrity_in_check", lang))
    return 0


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    repaired = _repair_views(args, settings) if args.repair else []
    # --repair may write, so an older file is migrated (read-only, it would be refused).
    with Project(args.project, readonly=not args.repair, user=settings.user_name) as project:
        if args.repair:  # Z/M dropped, invalid polygons made valid, orphans' records in the trash (after a backup)
            repaired += _repair_geometries(project, args, settings)
        checked = integrity.run_check(project, quick=args.quick)
    problems = checked.problems
    scope = _quick_scope(checked, settings.lang) if args.quick else None
    if args.json:
        sentences = [p.sentence(settings.lang) for p in problems]
        document = {"ok": not problems, "problems": sentences, "repaired": repaired}
        if scope:
            document["quick"] = {
                "not_checked": scope,
                "photos_hashed": checked.photos_hashed,
                "photos_not_hashed": checked.photos_not_hashed,
                "last_full_check": checked.last_full_check or None,
            }
        emit_json(document)
        return 1 if problems else 0
    if scope:
        print(scope)
    if not problems:
        print(say("cli.check_passed", settings.lang))
        return 0
    for problem in problems:
        sys.stderr.write(problem.sentence(settings.lang) + "\n")
    return fail(say("cli.problems_found", settings.lang, count=len(problems)))


def _quick_scope(checked: integrity.Checked, lang: str) -> str:
    """What a quick check did and did not look at, in one sentence."""
    if not checked.earlier_check:
        photos = Msg("cli.check_quick_all", hashed=checked.photos_hashed)
    else:
        at = checked.last_full_check
        full = Msg("cli.check_quick_full_at", at=at) if at else Msg("cli.check_quick_never")
        photos = Msg(
            "cli.check_quick_since",
            hashed=checked.photos_hashed,
            not_hashed=checked.photos_not_hashed,
            full=full,
        )
    return say("cli.check_quick", lang, photos=photos)


def _repair_geometries(project: Project, args: argparse.Namespace, settings: Settings) -> list[str]:
    """The geometry repairs that are safe, and records deleted elsewhere put back in the trash; one sentence each."""
    found = repair_geometries(project) + repair_orphans(project)
    done = [say(m, settings.lang, **m.params) for m in found]
    for sentence in done if not args.json else []:
        print(sentence)
    return done


def _repair_views(args: argparse.Namespace, settings: Settings) -> list[str]:
    """Overview views another program made tables, views again; their names."""
    repaired = repair_views(args.project)
    folder = repaired.backup_folder
    for msgid, names in (
        ("cli.views_repaired", repaired.tables),
        ("cli.tables_rebuilt", repaired.rebuilt),
    ):
        if names and not args.json:
            print(say(msgid, settings.lang, tables=", ".join(names), backup_folder=folder))
    return repaired.tables + repaired.rebuilt
