"""The `acceptance` command: an estate's acceptance records (dates, contract, works, parties) listed or recorded."""

from __future__ import annotations

import argparse
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.core.acceptances import KINDS, ROLES, Acceptance, AcceptanceService
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say

# Option → the acceptance's field it sets.
_FIELDS = {
    "kind": "kind", "inspected": "inspected_on", "started": "started_on",
    "completed": "completed_on", "contract_name": "contract_name",
    "contract_number": "contract_number", "price": "contract_price", "funding": "funding",
    "note": "note",
}  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "acceptance",
        help="列出或记录小区的验收（日期、合同、参建单位）/ list or record an estate's acceptances",
    )
    p.add_argument("project", type=Path)
    p.add_argument("estate", help="小区编号或名称 / estate code or name")
    p.add_argument("--add", action="store_true", help="新增一次验收 / record a new acceptance")
    p.add_argument(
        "--number",
        type=int,
        help="修改第几次验收（默认最近一次）/ which acceptance to change (default: the latest)",
    )
    p.add_argument("--kind", choices=KINDS, help="first 首次验收 / reinspection 整改后复验")
    p.add_argument("--inspected", help="验收日期 YYYY-MM-DD，多日以逗号分隔 / inspection date(s)")
    p.add_argument("--started", help="开工日期 / start date")
    p.add_argument("--completed", help="竣工日期 / completion date")
    p.add_argument("--contract-name", help="合同名称 / contract name")
    p.add_argument("--contract-number", help="合同编号 / contract number")
    p.add_argument("--price", help="合同价款（元）/ contract price (yuan)")
    p.add_argument("--funding", help="资金来源 / funding sources")
    p.add_argument(
        "--work",
        action="append",
        help="实际完成的工程内容（可重复，替换原列表）/ a work done (repeat; replaces the list)",
    )
    p.add_argument("--note")
    p.add_argument("--party", action="append", default=[], metavar="ROLE=NAME",
                   help=f"参建单位 / party ({', '.join(ROLES)}); 空值删除 / empty removes it")  # fmt: skip
    p.add_argument("--signer", action="append", default=[], metavar="ROLE=PERSON",
                   help="单位代表（居民代表：姓名）/ who signs for the party")  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_acceptance)


def _pairs(items: list[str], option: str) -> dict[str, str]:
    found = {}
    for item in items:
        role, sep, value = item.partition("=")
        if not sep or role.strip() not in ROLES:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field=option, value=item)
        found[role.strip()] = value.strip()
    return found


def _changes(args: argparse.Namespace) -> dict[str, object]:
    changes: dict[str, object] = {
        field: getattr(args, option) for option, field in _FIELDS.items()
        if getattr(args, option) is not None
    }  # fmt: skip
    if args.work is not None:
        changes["works"] = "\n".join(w.strip() for w in args.work if w.strip())
    return changes


def run_acceptance(args: argparse.Namespace, settings: Settings) -> int:
    names, signers = _pairs(args.party, "--party"), _pairs(args.signer, "--signer")
    changes = _changes(args)
    writing = args.add or changes or names or signers
    with Project(args.project, user=settings.user_name, readonly=not writing) as project:
        estate = project.estates.resolve(args.estate)
        if writing:
            _write(project.acceptances, estate.uuid, args, changes, (names, signers))
        found = project.acceptances.of_estate(estate.uuid)
    if args.json:
        emit_json({"estate": estate.code, "acceptances": [a.as_dict() for a in found]})
        return 0
    _print_acceptances(found, estate.name, settings.lang)
    return 0


def _write(
    service: AcceptanceService,
    estate_uuid: str,
    args: argparse.Namespace,
    changes: dict[str, object],
    parties: tuple[dict[str, str], dict[str, str]],
) -> None:
    """Add an acceptance (--add) or change the one chosen, then its parties' names and signers.
    An estate with none gets its first acceptance, as the window's Save does."""
    if args.add:
        record = service.add(estate_uuid, **changes)
    else:
        record = service.chosen(estate_uuid, args.number) or service.add(estate_uuid)
        if changes:
            record = service.change(record, **changes)
    names, signers = parties
    if names or signers:
        current = record.parties
        wanted = {
            role: (
                names.get(role, current[role].name if role in current else ""),
                signers.get(role, current[role].representative if role in current else ""),
            )
            for role in {*names, *signers}
        }
        service.set_parties(record, wanted)


def _print_acceptances(found: list[Acceptance], estate_name: str, lang: str) -> None:
    for a in found:
        print(say("cli.acceptance_line", lang, number=a.number, kind=say(f"acc.kind.{a.kind}", lang),
                  dates=a.inspected_on or "—", doc=a.doc_number or "—"))  # fmt: skip
        for role, party in a.parties.items():
            who = party.name or party.representative
            if party.name and party.representative:
                who = say("acc.signer", lang, name=party.name, person=party.representative)
            print(f"  {say(f'party.{role}', lang)}: {who}")
    if not found:
        print(say("cli.no_acceptance", lang, estate=estate_name))
