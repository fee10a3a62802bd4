"""Sub-commands on checklists: checklist, checklist-export, checklist-templates and template import/export."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from retrofit_app.cli.output import emit_json, emit_table
from retrofit_app.core.checklists.export import FORMATS, export_checklists
from retrofit_app.core.checklists.model import DEFECT_STATUS_LABELS, Checklist
from retrofit_app.core.checklists.progress import visible_slots
from retrofit_app.core.checklists.sources import (
    basis,
    basis_label,
    citation_json,
    citations,
    sources_json,
)
from retrofit_app.core.checklists.template_model import CHECK_STAGE_LABELS, Template
from retrofit_app.core.checklists.templates import read_template_file, shipped_templates
from retrofit_app.core.checklists.upgrade import CHANGE_LABELS, ItemChange, Upgrade
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "checklist",
        help="小区的检查清单、答案、进度和整改问题 / an estate's checklists, answers, progress, defects",
    )
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help="小区编号或名称 / estate code or name")
    p.add_argument(
        "--create",
        action="store_true",
        help="先按模板建立缺少的清单 / first make the missing checklists",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_checklist)

    p = sub.add_parser(
        "checklist-upgrade",
        help="把小区的清单升级到模板最新版，答案保留 / move an estate's checklists to the latest "
        "template version, keeping every answer",
    )
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help="小区编号或名称 / estate code or name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_upgrade)

    p = sub.add_parser(
        "checklist-export",
        help="导出检查清单答案（每条目一行）/ export checklist answers, one row per item",
    )
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True)
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=run_export)

    p = sub.add_parser(
        "checklist-templates", help="列出项目中的清单模板 / list the checklist templates"
    )
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--sources",
        action="store_true",
        help="每个模板最新版引用的法规、规范和政策：登记状态、是否已核实、哪些条目引用 / "
        "what each template's latest version cites: register status, checked or not, which items",
    )
    p.set_defaults(run=run_templates)

    p = sub.add_parser(
        "checklist-template-import", help="导入清单模板 JSON / import a template JSON file"
    )
    p.add_argument("project", type=Path)
    p.add_argument("file", type=Path)
    p.set_defaults(run=run_template_import)

    p = sub.add_parser(
        "checklist-template-export", help="导出清单模板 JSON / export a template JSON file"
    )
    p.add_argument("project", type=Path)
    p.add_argument("template_id")
    p.add_argument("--version", type=int, help="默认最新版 / the latest by default")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(run=run_template_export)


def checklist_document(checklist: Checklist, lang: str = "zh") -> dict[str, Any]:
    template = checklist.template
    values = checklist.values()
    shown = visible_slots(template, values)
    items = []
    for item in template.items:
        for stage in item.stages:
            answer = checklist.answers.get((item.id, stage))
            value = answer.value if answer else None
            items.append({
                "id": item.id, "section": item.section, "text": item.text(lang), "stage": stage,
                "required": item.required, "shown": (item.id, stage) in shown,
                "value": value, "label": item.option_label(value, lang),
                "failed": (item.id, stage) in shown and item.fails(value, stage),
                "note": answer.note if answer else "",
                "answered_by": answer.answered_by if answer else "",
                "answered_at": answer.answered_at if answer else None,
                "standard": item.citation(lang), "basis": basis(item),
                "basis_label": basis_label(item, lang), "sources": sources_json(item, lang),
            })  # fmt: skip
    return {
        "uuid": checklist.uuid,
        "template_id": template.template_id,
        "version": template.version,
        "name": template.name(lang),
        "target_kind": checklist.target_kind,
        "target": checklist.target_label,
        "progress": checklist.progress.as_json(),
        "items": items,
    }


def estate_checklists_document(
    project: Project, estate_code: str, lang: str = "zh"
) -> dict[str, Any]:
    estate = project.estates.resolve(estate_code)
    checklists = project.checklists.of_estate(estate.uuid)
    defects = project.checklists.defects.of_estate(estate.uuid, unresolved_only=True, lang=lang)
    return {
        "estate": {"code": estate.code, "name": estate.name, "stage": str(estate.stage)},
        "progress": project.checklists.estate_progress(estate.uuid).as_json(),
        "checklists": [checklist_document(c, lang) for c in checklists],
        "open_defects": [
            {"uuid": d.uuid, "item_id": d.item_id, "description": d.description, "responsible": d.responsible,
             "deadline": d.deadline, "status": str(d.status), "created_at": d.created_at}
            for d in defects
        ],
    }  # fmt: skip


def run_checklist(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.lang
    if args.create:
        with Project(args.project, user=settings.user_name) as project:
            project.checklists.create_for_estate(project.estates.resolve(args.estate).uuid)
    with Project(args.project, readonly=True) as project:
        document = estate_checklists_document(project, args.estate, lang)
    if args.json:
        emit_json(document)
        return 0
    _print_document(document, lang)
    return 0


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Each outdated checklist moved to its template's latest version; the changes listed."""
    lang = settings.lang
    done: list[dict[str, Any]] = []
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        for checklist in project.checklists.outdated(estate.uuid):
            plan = project.checklists.upgrade(checklist.uuid)
            done.append({
                "checklist": checklist.uuid, "template_id": plan.new.template_id,
                "target": checklist.target_label, "from_version": plan.old.version,
                "to_version": plan.new.version, "name": plan.new.name(lang),
                "changes": [dict(c.as_json(), text=_item_words(plan, c, lang)) for c in plan.changes],
            })  # fmt: skip
    if args.json:
        emit_json({"estate": estate.code, "upgraded": done})
        return 0
    if not done:
        print(say("cli.upgrade.none", lang))
    for entry in done:
        print(say("cli.upgrade.heading", lang, name=entry["name"], target=entry["target"],
                  old=entry["from_version"], new=entry["to_version"]))  # fmt: skip
        emit_table(
            [say(key, lang) for key in ("cli.upgrade.change", "export.item_id", "export.item")],
            [[say(CHANGE_LABELS[c["kind"]], lang), c["item"], c["text"]] for c in entry["changes"]],
        )
    return 0


def _item_words(plan: Upgrade, change: ItemChange, lang: str) -> str:
    item = plan.new.item(change.item_id) or plan.old.item(change.item_id)
    return item.text(lang) if item else change.item_id


def _print_document(document: dict[str, Any], lang: str) -> None:
    estate, total = document["estate"], document["progress"]
    print(say("cli.checklist.summary", lang, code=estate["code"], name=estate["name"],
              answered=total["answered"], required=total["required"], failed=total["failed"],
              open=total["open_defects"]))  # fmt: skip
    if not document["checklists"]:
        print(say("cli.checklist.none", lang))
    for checklist in document["checklists"]:
        p = checklist["progress"]
        print("\n" + say("cli.checklist.heading", lang, name=checklist["name"],
                         version=checklist["version"], target=checklist["target"],
                         answered=p["answered"], required=p["required"], failed=p["failed"]))  # fmt: skip
        rows = [
            [say(CHECK_STAGE_LABELS[i["stage"]], lang), i["text"], i["label"],
             _failed_words(i, lang) if i["failed"] else "", i["note"]]
            for i in checklist["items"] if i["value"] is not None and i["shown"]
        ]  # fmt: skip
        if rows:
            keys = ("export.stage", "export.item", "export.answer", "export.result", "export.note")
            emit_table([say(key, lang) for key in keys], rows)
    if document["open_defects"]:
        print("\n" + say("cli.checklist.open_defects", lang))
        columns = ("cli.col.defect", "cli.col.responsible", "cli.col.deadline", "col.status")
        emit_table(
            [say(key, lang) for key in columns],
            [[d["description"], d["responsible"], d["deadline"] or "", say(DEFECT_STATUS_LABELS[d["status"]], lang)]
             for d in document["open_defects"]],
        )  # fmt: skip


def _failed_words(row: dict[str, Any], lang: str) -> str:
    """不合格 with what stands behind it: 不合格（法定要求：GB 55037-2022…）."""
    return say("cli.checklist.fail_basis", lang, fail=say("cli.checklist.fail", lang),
               basis=row["basis_label"], source=row["standard"] or "—")  # fmt: skip


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, readonly=True) as project:
        estate = project.estates.resolve(args.estate)
        count = export_checklists(project, estate.uuid, args.out, args.format, lang=settings.lang)
    print(say("cli.wrote_rows", settings.lang, path=args.out, count=count))
    return 0


def run_templates(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, readonly=True) as project:
        templates = project.checklists.templates()
    # Shipped templates not yet stored in this file are listed too: they are stored on first use.
    stored = {(t.template_id, t.version) for t in templates}
    templates += [t for t in shipped_templates() if (t.template_id, t.version) not in stored]
    if args.sources:
        return _print_citations(templates, settings.lang, as_json=args.json)
    documents = [
        {"template_id": t.template_id, "version": t.version, "name": t.name(settings.lang), "scope": t.scope,
         "acceptance": t.acceptance, "items": len(t.items)}
        for t in templates
    ]  # fmt: skip
    if args.json:
        emit_json(documents)
        return 0
    keys = ("cli.col.template", "cli.col.version", "cli.col.name", "col.scope", "cli.col.items")
    head = [say(key, settings.lang) for key in keys]
    emit_table(
        head,
        [[d["template_id"], d["version"], d["name"], d["scope"], d["items"]] for d in documents],
    )
    return 0


def _print_citations(templates: list[Template], lang: str, *, as_json: bool) -> int:
    """The latest version of each template: every text it cites, how sure, which items."""
    latest: dict[str, Template] = {}
    for template in sorted(templates, key=lambda t: (t.template_id, t.version)):
        latest[template.template_id] = template
    if as_json:
        emit_json([
            {"template_id": t.template_id, "version": t.version,
             "citations": [citation_json(c, lang) for c in citations(t)]}
            for t in latest.values()
        ])  # fmt: skip
        return 0
    keys = ("cli.col.source", "cli.col.source_kind", "cli.col.status", "cli.col.cited_by")
    head = [say(key, lang) for key in keys]
    for template in latest.values():
        print(say("cli.templates.sources_heading", lang, name=template.name(lang),
                  version=template.version))  # fmt: skip
        rows = [[c.source.label(lang), say("source_kind." + c.source.kind, lang),
                 c.source.status(lang), ", ".join(c.items)] for c in citations(template)]  # fmt: skip
        emit_table(head, rows)
        print()
    return 0


def run_template_import(args: argparse.Namespace, settings: Settings) -> int:
    read_template_file(args.file)  # a refused file must not leave the shipped templates written
    with Project(args.project, user=settings.user_name) as project:
        project.checklists.ensure_shipped()
        template = project.checklists.import_template(args.file)
    print(f"{template.template_id} v{template.version}")
    return 0


def run_template_export(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        project.checklists.ensure_shipped()
        matching = [t for t in project.checklists.templates() if t.template_id == args.template_id]
        if args.version is not None:
            matching = [t for t in matching if t.version == args.version]
        if not matching:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="template", value=args.template_id)
        project.checklists.export_template(matching[-1].uuid, args.out)
    print(args.out)
    return 0
