"""Sub-commands on resident consultation: import-households, tally, rules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrofit_app.cli.output import emit_json, emit_table
from retrofit_app.core import words
from retrofit_app.core.consultation.explain import area_text, reasons, status_text, tally_document
from retrofit_app.core.consultation.roster import RosterPlan, read_roster
from retrofit_app.core.consultation.roster_import import ImportSummary, import_roster
from retrofit_app.core.consultation.roster_report import UNPLACED, kept_sentence
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
    return words.language_of(settings.lang)


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    """Rows kept to settle and spellings merged are told on stderr; a refused row makes the status 1."""
    lang = _lang(settings)
    plan = read_roster(args.file)
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        summary = import_roster(
            project, estate.uuid, plan, all_or_nothing=args.all_or_nothing, subject=args.subject
        )
    report = _import_report(plan, summary, lang)
    if args.json:
        counts = {k: v for k, v in vars(summary).items() if k not in ("merged", "kept")}
        emit_json({"encoding": plan.encoding, **counts, **report})
    else:
        print(words.say("roster.imported", lang, imported=summary.imported,
                        created=summary.households_created, updated=summary.households_updated,
                        unchanged=summary.households_unchanged, votes=summary.votes_recorded,
                        encoding=plan.encoding))  # fmt: skip
        if summary.households_kept:
            print(words.say("roster.kept_count", lang, count=summary.households_kept))
        if plan.refused_kept:
            print(words.say("roster.refused_kept_count", lang, count=len(plan.refused_kept)))
    for item in (*report["kept"], *report["merged"], *report["rejected"], *report["unplaced"]):
        sys.stderr.write(str(item["text"]) + "\n")
    if plan.lines_not_imported:
        count = len(plan.lines_not_imported)
        sys.stderr.write(words.say("roster.not_imported", lang, count=count) + "\n")
    return 1 if plan.rejected else 0


def _import_report(plan: RosterPlan, summary: ImportSummary, lang: str) -> dict[str, list[dict]]:
    """Kept rows (with their problem codes; a refused row kept as its flat with its reasons), merged
    spellings, refused rows (and whether their flat was kept) and rows in no scope, each in a
    sentence."""
    kept_lines = set(plan.refused_lines_kept)
    return {
        "kept": [
            {"line": r.line, "place": r.place, "problems": list(r.problem_codes),
             "refused": [
                 {"line": j.line, "reason": j.reason, "field": j.field, "text": j.reason_text(lang)}
                 for p in r.problems for j in p.refusals
             ],
             "text": kept_sentence(r.line, r.place, r.problems, lang)}
            for r in summary.kept
        ],
        "merged": [
            {"line": m.line, "what": m.what, "written": m.written, "same_as": m.same_as,
             "text": m.sentence(lang)}
            for m in (*plan.merged, *summary.merged)
        ],
        "rejected": [
            {"line": r.line, "reason": r.reason, "kept": r.line in kept_lines,
             "text": r.sentence(lang)}
            for r in plan.rejected
        ],
        "unplaced": [
            {"line": line, "text": words.say(UNPLACED, lang, line=line)} for line in plan.unplaced
        ],
    }  # fmt: skip


_TALLY_COLUMNS = ("building", "unit", "rule", "owners", "area", "voted", "area_voted", "agree",
                  "area_agree", "object", "result", "why")  # fmt: skip


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
                        # the consultation's own stage (征询中, 公示中, …); "status" is the result's
                        "notice_status": s.consultation.status if s.consultation else None,
                        **tally_document(s.result, lang),
                    }
                    for s in scopes
                ],
            }
        )
        return 0
    print(f"{estate.code} {estate.name}")
    if not scopes:
        print(words.say("cli.no_tally", lang))
        return 0
    header = [words.say(f"tally.column.{key}", lang) for key in _TALLY_COLUMNS]
    rows = []
    for s in scopes:
        r = s.result
        verdict = status_text(r, lang)
        why = words.say("join.reasons", lang).join(reasons(r, lang))
        building = s.building if s.scope_kind != "estate" else words.say("scope.whole_estate", lang)
        rows.append([
            building, s.unit, r.rule.name, r.owners_total, area_text(r.area_total), r.owners_voted,
            area_text(r.area_voted), r.owners_agree, area_text(r.area_agree), r.owners_object, verdict, why,
        ])  # fmt: skip
    emit_table(header, rows)
    passed = sum(1 for s in scopes if s.result.passed)
    undecided = sum(1 for s in scopes if s.result.passed is None)
    print(words.say("tally.summary", lang, scopes=len(scopes), passed=passed, undecided=undecided))
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
                    # law | local_variant (the district must confirm its document) | practice
                    "basis": r.basis,
                    "basis_note": r.basis_text(lang) or None,
                    "local_document": r.local_document,
                    "unverified": r.unverified or None,
                    "articles": [
                        {"source": a.source, "article": a.article, "text": a.text} for a in r.articles
                    ],
                    "notice": {
                        "days_counted": r.notice.days_counted,
                        "last_day_rest": r.notice.last_day_rest,
                    },
                }
                for r in rules
            ]
        )
        return 0
    emit_table(
        [words.say(key, lang) for key in ("cli.col.name", "col.scope", "cli.col.title")],
        [[r.name + (" *" if r.default else ""), r.scope, r.title(lang)] for r in rules],
    )
    return 0
