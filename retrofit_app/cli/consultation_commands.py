"""Sub-commands on resident consultation: import-households, tally, rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json, emit_table, say
from retrofit_app.core.consultation.explain import (
    area_text,
    condition_sentences,
    missing_text,
    tally_document,
)
from retrofit_app.core.consultation.roster import read_roster
from retrofit_app.core.consultation.roster_import import import_roster
from retrofit_app.core.consultation.rules import rule_sets
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-households",
        help="导入住户名册（CSV 或 XLSX）/ import a household roster (CSV or XLSX)",
    )
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help="小区编号或名称 / estate code or name")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--all-or-nothing",
        action="store_true",
        help="有任何不合格行则不导入 / import nothing when any row is rejected",
    )
    p.add_argument(
        "--subject",
        default="elevator",
        choices=["elevator", "retrofit_plan", "other"],
        help="名册中的表决属于哪项征询（默认加装电梯）/ the consultation the roster's votes belong to",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_import)

    p = sub.add_parser("tally", help="统计表决结果 / tally the votes")
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True)
    p.add_argument("--rule", help="表决规则名称（默认按各征询的规则）/ rule set name")
    p.add_argument("--subject", default="elevator", choices=["elevator", "retrofit_plan", "other"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_tally)

    p = sub.add_parser("rules", help="列出表决规则 / list the rule sets")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_rules)


def _lang(settings: Settings) -> str:
    return "en" if settings.lang == "en" else "zh"


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    lang = _lang(settings)
    plan = read_roster(args.file)
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        summary = import_roster(
            project, estate.uuid, plan, all_or_nothing=args.all_or_nothing, subject=args.subject
        )
    rejected = [
        {"line": r.line, "reason": r.reason, "text": r.sentence(lang)} for r in plan.rejected
    ]
    if args.json:
        emit_json({"encoding": plan.encoding, **vars(summary), "rejected": rejected})
    else:
        print(
            say(
                f"已导入 {summary.imported} 户（新增 {summary.households_created}，更新 {summary.households_updated}，"
                f"未变 {summary.households_unchanged}），记录表决 {summary.votes_recorded} 条；文件编码 {plan.encoding}。",
                f"Imported {summary.imported} households ({summary.households_created} new, "
                f"{summary.households_updated} updated, {summary.households_unchanged} unchanged), "
                f"{summary.votes_recorded} votes recorded; file encoding {plan.encoding}.",
                lang,
            )
        )
    for r in rejected:
        sys.stderr.write(r["text"] + "\n")
    if plan.rejected:
        count = len(plan.rejected_lines)
        sys.stderr.write(
            say(f"有 {count} 行未导入。", f"{count} row(s) were not imported.", lang) + "\n"
        )
        return 1
    return 0


def run_tally(args: argparse.Namespace, settings: Settings) -> int:
    lang = _lang(settings)
    with Project(args.project, readonly=True) as project:
        estate = project.estates.resolve(args.estate)
        scopes = project.consultations.tally_estate(
            estate.uuid, rule=args.rule, subject=args.subject
        )
    if args.json:
        emit_json(
            {
                "estate": estate.code,
                "name": estate.name,
                "subject": args.subject,
                "scopes": [
                    {
                        "building": s.building,
                        "unit": s.unit,
                        "scope": s.scope_kind,
                        "status": s.consultation.status if s.consultation else None,
                        **tally_document(s.result, lang),
                    }
                    for s in scopes
                ],
            }
        )
        return 0
    print(f"{estate.code} {estate.name}")
    if not scopes:
        print(say("没有表决记录。", "No consultations to tally.", lang))
        return 0
    zh = lang == "zh"
    header = (
        ["楼栋", "单元", "规则", "人数", "面积㎡", "参与", "参与面积", "同意", "同意面积", "反对", "结果", "尚缺/原因"]
        if zh
        else ["Building", "Unit", "Rule", "Owners", "Area m²", "Voted", "Area voted", "Agree",
              "Area agree", "Object", "Result", "Missing / why"]
    )  # fmt: skip
    rows = []
    for s in scopes:
        r = s.result
        verdict = ("通过" if zh else "passed") if r.passed else ("未通过" if zh else "failed")
        sep = "; " if lang == "en" else "；"
        why = sep.join(t for t in [missing_text(r, lang), *condition_sentences(r, lang)] if t)
        building = s.building if s.scope_kind != "estate" else ("全小区" if zh else "whole estate")
        rows.append([
            building, s.unit, r.rule.name, r.owners_total, area_text(r.area_total), r.owners_voted,
            area_text(r.area_voted), r.owners_agree, area_text(r.area_agree), r.owners_object, verdict, why,
        ])  # fmt: skip
    emit_table(header, rows)
    passed = sum(1 for s in scopes if s.result.passed)
    print(
        say(
            f"共 {len(scopes)} 个表决范围，{passed} 个通过。",
            f"{len(scopes)} scopes, {passed} passed.",
            lang,
        )
    )
    return 0


def run_rules(args: argparse.Namespace, settings: Settings) -> int:
    lang = _lang(settings)
    rules = list(rule_sets().values())
    if args.json:
        emit_json(
            [
                {
                    "name": r.name,
                    "title": r.title(lang),
                    "scope": r.scope,
                    "citation": r.citation,
                    "default": r.default,
                }
                for r in rules
            ]
        )
        return 0
    emit_table(
        ["名称", "范围", "说明"] if lang == "zh" else ["Name", "Scope", "Title"],
        [[r.name + (" *" if r.default else ""), r.scope, r.title(lang)] for r in rules],
    )
    return 0
