"""Sub-commands on owners' identity: identity-questions (list them), decide-identity (same / different)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from retrofit_app.cli.output import emit_json, emit_table
from retrofit_app.core.consultation.identity import DIFFERENT, SAME, Question
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import language_of, say

_ESTATE_HELP = "小区编号或名称 / estate code or name"
_NO_ESTATE = "请给出小区：--estate 编号或名称 / give the estate: --estate code or name"


def _estate_arguments(p: argparse.ArgumentParser) -> None:
    """The estate as the other commands take it (--estate E), or as a word after the project."""
    p.add_argument("estate", nargs="?", help=_ESTATE_HELP)
    p.add_argument("--estate", dest="estate_option", metavar="ESTATE", help=_ESTATE_HELP)
    p.set_defaults(estate_parser=p)


def _estate_name(args: argparse.Namespace) -> str:
    if args.estate_option and args.estate and args.estate_option != args.estate:
        args.estate_parser.error(_NO_ESTATE)
    name = args.estate_option or args.estate
    if not name:
        args.estate_parser.error(_NO_ESTATE)
    return str(name)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "identity-questions",
        help="列出待居委会确认的业主身份问题 / list the owner identity questions to decide",
    )
    p.add_argument("project", type=Path)
    _estate_arguments(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_questions)

    p = sub.add_parser(
        "decide-identity",
        help="记录居委会的决定：同一人或不同人 / record the committee's decision: same or different",
    )
    p.add_argument("project", type=Path)
    _estate_arguments(p)
    p.add_argument("key", help="问题编号（identity-questions 列出）/ the question's key")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--same", dest="decision", action="store_const", const=SAME,
                       help="同一人（同一买受人）/ the same person (one buyer)")  # fmt: skip
    which.add_argument("--different", dest="decision", action="store_const", const=DIFFERENT,
                       help="不同人 / different people")  # fmt: skip
    p.add_argument("--user", help="作出决定的人（默认设置中的用户名）/ who decided")
    p.set_defaults(run=run_decide)


def _lang(settings: Settings) -> str:
    return language_of(settings.lang)


def _decision_text(decision: str | None, lang: str, contradicted: bool = False) -> str:
    return say(f"identity.decision.{'contradicted' if contradicted else decision or 'open'}", lang)


def _document(question: Question, decided: dict[str, Any] | None, lang: str) -> dict[str, Any]:
    return {
        "key": question.key,
        "kind": question.kind,
        "question": say(f"identity.kind.{question.kind}", lang),
        "names": list(question.names),
        "rooms": list(question.rooms),
        "decision": question.decision,
        "contradicted": question.contradicted,
        "decided_by": decided["decided_by"] if decided and question.decision else None,
        "decided_at": decided["decided_at"] if decided and question.decision else None,
    }


def run_questions(args: argparse.Namespace, settings: Settings) -> int:
    lang = _lang(settings)
    with Project(args.project, readonly=True) as project:
        estate = project.estates.resolve(_estate_name(args))
        service = project.consultations.identity
        questions = service.questions(estate.uuid)
        decided = service.decided(estate.uuid)
    if args.json:
        emit_json(
            {
                "estate": estate.code,
                "name": estate.name,
                "questions": [_document(q, decided.get(q.key), lang) for q in questions],
            }
        )
        return 0
    print(f"{estate.code} {estate.name}")
    if not questions:
        print(say("identity.none", lang))
        return 0
    columns = ("key", "kind", "names", "rooms", "decision")
    emit_table(
        [say(f"identity.column.{c}", lang) for c in columns],
        [
            [q.key, say(f"identity.kind.{q.kind}", lang), " / ".join(q.names),
             "、".join(q.rooms), _decision_text(q.decision, lang, q.contradicted)]
            for q in questions
        ],
    )  # fmt: skip
    still = sum(1 for q in questions if q.decision is None or q.contradicted)
    print(say("identity.summary", lang, total=len(questions), open=still))
    return 0


def run_decide(args: argparse.Namespace, settings: Settings) -> int:
    lang = _lang(settings)
    with Project(args.project, user=args.user or settings.user_name) as project:
        estate = project.estates.resolve(_estate_name(args))
        service = project.consultations.identity
        question = service.find(estate.uuid, args.key)
        service.decide(estate.uuid, question.key, args.decision)
        decided = service.decided(estate.uuid)[question.key]
    print(
        say(
            "identity.recorded",
            lang,
            names=" / ".join(question.names),
            rooms="、".join(question.rooms),
            decision=_decision_text(args.decision, lang),
            user=decided["decided_by"],
            at=decided["decided_at"],
        )
    )
    return 0
