"""Sub-commands for field copies, merges, conflicts and backups."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from retrofit_app.cli.output import emit_json, emit_table
from retrofit_app.core.exchange.conflicts import (
    CHOICES,
    FIELD_DELETED,
    OFFICE_DELETED,
    conflict_kind,
    list_conflicts,
    record_name,
    resolve_conflict,
)
from retrofit_app.core.exchange.export import export_package
from retrofit_app.core.exchange.merge import MergeResult, merge_package
from retrofit_app.core.project import Project
from retrofit_app.core.project_backups import disk_room, list_backups, restore_backup
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import N_, Msg, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-package", help="导出外业副本 / export a field copy of estates")
    p.add_argument("project", type=Path)
    p.add_argument(
        "--estate",
        action="append",
        required=True,
        help="小区编号或名称，可重复 / code or name, repeatable",
    )
    p.add_argument("--out", type=Path, required=True)
    personal = p.add_mutually_exclusive_group()
    personal.add_argument(
        "--no-personal-data",
        action="store_true",
        help="不含业主电话与身份证号 / leave out phones and ID numbers",
    )
    personal.add_argument(
        "--full-personal-data",
        action="store_true",
        help="带完整的身份证号和电话（默认遮盖为 320102********1234、138****1234）"
        " / carry full ID and phone numbers (masked by default)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_export)

    p = sub.add_parser("merge-package", help="合并外业副本 / merge a field copy back")
    p.add_argument("project", type=Path)
    p.add_argument("package", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_merge)

    p = sub.add_parser("conflicts", help="列出合并冲突 / list merge conflicts")
    p.add_argument("project", type=Path)
    p.add_argument("--all", action="store_true", help="包括已处理的 / include decided ones")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_conflicts)

    p = sub.add_parser("resolve-conflict", help="处理一个冲突 / decide one conflict")
    p.add_argument("project", type=Path)
    p.add_argument("conflict", help="冲突编号 (uuid) / the conflict's uuid")
    p.add_argument("--keep", choices=CHOICES, required=True)
    p.set_defaults(run=run_resolve)

    p = sub.add_parser("backups", help="列出备份 / list backups")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_backups)

    p = sub.add_parser("restore-backup", help="从备份恢复 / restore a backup")
    p.add_argument("project", type=Path)
    p.add_argument("backup", type=Path)
    p.set_defaults(run=run_restore)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        made = export_package(
            project,
            args.estate,
            args.out,
            personal_data=not args.no_personal_data,
            full_numbers=args.full_personal_data,
        )
    if made.full_numbers:
        print(say("cli.full_numbers_warning", settings.lang), file=sys.stderr)
    if args.json:
        emit_json(
            {
                "path": str(made.path),
                "package_uuid": made.package_uuid,
                "estates": made.estates,
                "personal_data": made.personal_data,
                "full_personal_data": made.full_numbers,
                "rows": made.rows,
                "base": str(made.base),
            }
        )
    else:
        print(say("cli.package_written", settings.lang, path=made.path, count=len(made.estates)))
    return 0


def run_merge(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        result = merge_package(project, args.package, keep_backups=settings.retention)
    if args.json:
        emit_json(result.as_json())
        return 0
    print(_merge_sentence(result, settings.lang))
    for r in result.recoded:
        print(say("cli.recoded", settings.lang, name=r.name, old=r.old_code, new=r.new_code))
    for table, n in sorted(result.counts.items()):
        print(f"  {table}: +{n['inserted']} ~{n['updated']} -{n['deleted']}")
    if result.logged:
        audit, chain = (result.logged.get(t, 0) for t in ("audit_log", "evidence_chain"))
        print(say("cli.merge_logged", settings.lang, audit=audit, chain=chain))
    for c in result.conflicts:
        kind = conflict_kind(c.field, c.office_value, c.field_value)
        if kind in _DELETE_NOTES:
            print(say(_DELETE_NOTES[kind], settings.lang, what=record_name(c.table, c.record_uuid)))
    return 0


# Delete against edit: said one by one, they are never silent.
_DELETE_NOTES = {
    FIELD_DELETED: N_("cli.field_deleted"),
    OFFICE_DELETED: N_("cli.office_deleted"),
}


def _merge_sentence(result: MergeResult, lang: str) -> str:
    if result.already_merged:
        return say("cli.already_merged", lang)
    rows = sum(sum(n.values()) for n in result.counts.values())
    return say(
        "cli.merged",
        lang,
        package=result.package,
        rows=rows,
        conflicts=len(result.conflicts),
        seconds=result.seconds,
    )


def _show(value: Any) -> str:
    return (
        f"<{len(value)} bytes>"
        if isinstance(value, bytes)
        else ("" if value is None else str(value))
    )


def run_conflicts(args: argparse.Namespace, settings: Settings) -> int:
    from retrofit_app.core.exchange.conflict_words import describe

    lang = settings.lang
    with Project(args.project, readonly=True) as project:
        found = [
            (c, describe(project, c, lang)) for c in list_conflicts(project, open_only=not args.all)
        ]
    if args.json:
        emit_json(
            [
                {
                    "uuid": c.uuid,
                    "table": c.table,
                    "record_uuid": c.record_uuid,
                    "kind": c.kind,
                    "field": c.field,
                    "office_value": _show(c.office_value),
                    "field_value": _show(c.field_value),
                    "place": w.place,
                    "record": w.record,
                    "field_name": w.field,
                    "office_words": w.office_value,
                    "field_words": w.field_value,
                    "office_changed_by": w.office_change.user,
                    "office_changed_at": w.office_change.at,
                    "field_changed_by": w.field_change.user,
                    "field_changed_at": w.field_change.at,
                    "choice": c.choice,
                    "resolved_by": c.resolved_by,
                    "resolved_at": c.resolved_at,
                }
                for c, w in found
            ]
        )
        return 0
    columns = ("cli.col.id", "cli.col.where", "cli.col.record", "cli.col.field", "cli.col.office",
               "cli.col.field_copy", "cli.col.choice")  # fmt: skip
    header = [say(key, lang) for key in columns]

    def side(value: str, change: object) -> str:
        said = str(change)
        return say("conflict.side", lang, value=value, change=said) if said else value

    emit_table(
        header,
        [[c.uuid[:8], w.place, w.record, w.field, side(w.office_value, w.office_change),
          side(w.field_value, w.field_change), c.choice or ""] for c, w in found],
    )  # fmt: skip
    return 0


# The value a decision kept: catalogue ids.
_KEPT = {"office": N_("cli.kept.office"), "field": N_("cli.kept.field")}


def run_resolve(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        resolve_conflict(project, args.conflict, args.keep)
    print(say("cli.decided", settings.lang, kept=Msg(_KEPT[args.keep])))
    return 0


def run_backups(args: argparse.Namespace, settings: Settings) -> int:
    found = list_backups(Path(args.project).absolute())
    if args.json:
        emit_json(
            [
                {
                    "path": str(b.path),
                    "made_at": b.made_at.isoformat(),
                    "reason": b.reason,
                    "bytes": b.path.stat().st_size,
                }
                for b in found
            ]
        )
        return 0
    if not found:
        print(say("cli.no_backups", settings.lang))
        return 0
    columns = ("cli.col.made_utc", "cli.col.reason", "cli.col.backup_file")
    header = [say(key, settings.lang) for key in columns]
    emit_table(
        header, [[b.made_at.strftime("%Y-%m-%d %H:%M:%S"), b.reason, str(b.path)] for b in found]
    )
    room = disk_room(Path(args.project).absolute())
    print(say("cli.backups_disk", settings.lang, taken_mb=room.taken_mb, free_mb=room.free_mb))
    if room.low:
        print(say("backup.disk_low", settings.lang, taken_mb=room.taken_mb, free_mb=room.free_mb,
                  folder=room.folder), file=sys.stderr)  # fmt: skip
    return 0


def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        saved = restore_backup(project, args.backup, keep=settings.retention)
    print(say("cli.restored", settings.lang, backup=args.backup, saved=saved))
    return 0
