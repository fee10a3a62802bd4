"""Sub-commands for field copies, merges, conflicts and backups."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from retrofit_app.cli.output import emit_json, emit_table, say
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
from retrofit_app.core.project_backups import list_backups, restore_backup
from retrofit_app.core.settings import Settings


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
        print(say(*_FULL_NUMBERS_WARNING, settings.lang), file=sys.stderr)
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
        print(
            say(
                f"已导出外业副本 {made.path}（{len(made.estates)} 个小区）。",
                f"Wrote the field copy {made.path} ({len(made.estates)} estate(s)).",
                settings.lang,
            )
        )
    return 0


_FULL_NUMBERS_WARNING = (
    "注意：这个外业副本带有业主完整的身份证号和电话。请只交给需要的同事，妥善保管，用完删除。",
    "Warning: this field copy holds owners' full ID and phone numbers."
    " Hand it only to a colleague who needs them, keep it safe and delete it after use.",
)


def run_merge(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        result = merge_package(project, args.package, keep_backups=settings.backups_to_keep)
    if args.json:
        emit_json(result.as_json())
        return 0
    print(_merge_sentence(result, settings.lang))
    for r in result.recoded:
        print(
            say(
                f"外业新增的小区“{r.name}”编号 {r.old_code} 在办公室已有别的小区使用，已改为 {r.new_code}。",
                f"The field's new estate '{r.name}' had code {r.old_code}, which the office uses for another estate; it is now {r.new_code}.",
                settings.lang,
            )
        )
    for table, n in sorted(result.counts.items()):
        print(f"  {table}: +{n['inserted']} ~{n['updated']} -{n['deleted']}")
    for c in result.conflicts:
        kind = conflict_kind(c.field, c.office_value, c.field_value)
        if kind in _DELETE_NOTES:
            zh, en = record_name(c.table, c.record_uuid)
            print(
                say(
                    _DELETE_NOTES[kind][0].format(what=zh),
                    _DELETE_NOTES[kind][1].format(what=en),
                    settings.lang,
                )
            )
    return 0


# Delete against edit: said one by one, they are never silent.
_DELETE_NOTES = {
    FIELD_DELETED: (
        "外业删除了{what}，但办公室在导出后改过它：记录已保留，请用 conflicts / resolve-conflict 决定是否删除。",
        "The field deleted {what}, which the office edited after the export: it was kept; decide with conflicts / resolve-conflict whether to delete it.",
    ),
    OFFICE_DELETED: (
        "办公室已删除{what}，但外业在此期间改过它：外业的修改已写入，记录仍为已删除，请用 conflicts / resolve-conflict 决定是否恢复。",
        "The office deleted {what}, which the field edited meanwhile: the field's edits were written and it stays deleted; decide with conflicts / resolve-conflict whether to restore it.",
    ),
}


def _merge_sentence(result: MergeResult, lang: str) -> str:
    if result.already_merged:
        return say(
            "该外业副本已合并过（或没有修改），未做任何改动。",
            "This field copy was merged already (or holds no changes); nothing changed.",
            lang,
        )
    rows = sum(sum(n.values()) for n in result.counts.values())
    return say(
        f"已合并 {result.package}：{rows} 处修改，{len(result.conflicts)} 个冲突（保留了办公室的值），用时 {result.seconds:.1f} 秒。",
        f"Merged {result.package}: {rows} change(s), {len(result.conflicts)} conflict(s) (the office values were kept), {result.seconds:.1f} s.",
        lang,
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
        found = [(c, describe(project, c, lang)) for c in list_conflicts(project, open_only=not args.all)]
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
    header = [say(*h, lang) for h in (("编号", "id"), ("位置", "where"), ("记录", "record"),
              ("字段", "field"), ("办公室", "office"), ("外业", "field copy"), ("处理", "choice"))]  # fmt: skip

    def side(value: str, change: object) -> str:
        said = str(change)
        return f"{value}（{said}）" if said and lang == "zh" else (f"{value} ({said})" if said else value)

    emit_table(
        header,
        [[c.uuid[:8], w.place, w.record, w.field, side(w.office_value, w.office_change),
          side(w.field_value, w.field_change), c.choice or ""] for c, w in found],
    )  # fmt: skip
    return 0


def run_resolve(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        resolve_conflict(project, args.conflict, args.keep)
    kept = say(
        "办公室的值" if args.keep == "office" else "外业的值",
        f"the {args.keep} value",
        settings.lang,
    )
    print(say(f"已处理：保留{kept}。", f"Decided: kept {kept}.", settings.lang))
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
        print(say("还没有备份。", "No backups yet.", settings.lang))
        return 0
    header = (
        ["时间 (UTC)", "原因", "文件"]
        if settings.lang == "zh"
        else ["made (UTC)", "reason", "file"]
    )
    emit_table(
        header, [[b.made_at.strftime("%Y-%m-%d %H:%M:%S"), b.reason, str(b.path)] for b in found]
    )
    return 0


def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        saved = restore_backup(project, args.backup, keep=settings.backups_to_keep)
    print(
        say(
            f"已从 {args.backup} 恢复；恢复前的内容另存为 {saved}。",
            f"Restored from {args.backup}; the content it replaced was saved as {saved}.",
            settings.lang,
        )
    )
    return 0
