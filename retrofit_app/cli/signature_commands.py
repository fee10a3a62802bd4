"""Sub-command signatures: who signed what on the window's pad and when; withdraw one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from retrofit_app.cli.output import emit_json, emit_table
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.evidence.report_digest import local_time
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "signatures",
        help="签名板上的签名：谁签了什么、何时签 / signatures drawn on the pad: who signed what, when",
    )
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help="小区编号或名称 / estate code or name")
    p.add_argument(
        "--withdrawn", action="store_true", help="也列出已撤回的 / list withdrawn ones too"
    )
    p.add_argument(
        "--withdraw", metavar="ID",
        help="撤回这个签名（编号或其前 8 位）/ withdraw this signature (its id or first 8 characters)",
    )  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_signatures)


def _on(entry: dict[str, Any], lang: str) -> str:
    """What a signature is on, as a person says it: 1幢1单元101 的表决意见; 第 1 次验收 施工单位."""
    if entry["on"] == "vote":
        return say("signatures.on_vote", lang, flat=entry["flat"])
    role = say(f"party.{entry['role']}", lang)
    return say("signatures.on_party", lang, number=entry["acceptance"], role=role)


def _chosen(listed: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    found = [
        e
        for e in listed
        if e["uuid"] == wanted or (len(wanted) >= 8 and e["uuid"].startswith(wanted))
    ]
    if len(found) != 1:
        raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
    return found[0]


def run_signatures(args: argparse.Namespace, settings: Settings) -> int:
    lang = settings.lang
    writing = args.withdraw is not None
    with Project(args.project, user=settings.user_name, readonly=not writing) as project:
        estate = project.estates.resolve(args.estate)
        if writing:
            chosen = _chosen(project.signatures.of_estate(estate.uuid), args.withdraw)
            project.signatures.withdraw(chosen["uuid"])
            print(say("signatures.withdrew", lang, signer=chosen["signer"], on=_on(chosen, lang)))
            return 0
        listed = project.signatures.of_estate(estate.uuid, withdrawn=args.withdrawn)
    for entry in listed:
        entry["on_words"] = _on(entry, lang)
    if args.json:
        emit_json(listed)
        return 0
    if not listed:
        print(say("signatures.none", lang, estate=estate.name))
        return 0
    header = [say(k, lang) for k in ("cli.col.signed_on", "field.signer", "cli.col.signed_at",
                                     "cli.col.strokes", "cli.col.id")]  # fmt: skip
    rows = [
        [e["on_words"], e["signer"] + (f" ({say('signatures.withdrawn', lang)})" if e["withdrawn_at"] else ""),
         local_time(e["signed_at"]), f"{len(e['strokes'])}/{sum(len(s) for s in e['strokes'])}",
         e["uuid"][:8]]
        for e in listed
    ]  # fmt: skip
    emit_table(header, rows)
    return 0
