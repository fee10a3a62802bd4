"""Sub-commands that record what the window records: add-building, add-unit, add-household,
vote, review, answer. Each goes through the same core service (and so the same audit entries)."""

from __future__ import annotations

import argparse
from pathlib import Path

from retrofit_app.cli.output import emit_json
from retrofit_app.core.addresses import find_building, find_household, find_unit
from retrofit_app.core.buildings import SAFETY_GRADES
from retrofit_app.core.checklists.template_model import CHECK_STAGE_LABELS
from retrofit_app.core.consultation.tally import CHOICES
from retrofit_app.core.consultation.votes import METHODS, SUBJECTS
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Owner
from retrofit_app.core.project import Project
from retrofit_app.core.settings import Settings
from retrofit_app.core.words import say

_ESTATE_HELP = "小区编号或名称 / estate code or name"


def _place_arguments(p: argparse.ArgumentParser, *, unit: bool = True, room: bool = True) -> None:
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help=_ESTATE_HELP)
    p.add_argument("--building", required=True, help="楼栋名称，如 5幢 / building name")
    if unit:
        p.add_argument("--unit", required=True, help="单元名称，如 1单元 / unit name")
    if room:
        p.add_argument("--room", required=True, help="房号，如 101 / room number")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("add-building", help="在小区中添加楼栋 / add a building to an estate")
    _place_arguments(p, unit=False, room=False)
    p.add_argument("--storeys", type=int, help="层数 / storeys")
    p.add_argument("--structure", default="", help="结构类型，如 砖混 / structure type")
    p.add_argument("--year-built", type=int, help="建成年份 / year built")
    p.add_argument("--safety-grade", default="", choices=["", *SAFETY_GRADES[1:]],
                   help="房屋安全等级 A–D / structural safety grade")  # fmt: skip
    p.add_argument("--note", default="")
    p.set_defaults(run=run_add_building)

    p = sub.add_parser("add-unit", help="在楼栋中添加单元 / add a unit (stairwell) to a building")
    _place_arguments(p, room=False)
    p.add_argument("--note", default="")
    p.set_defaults(run=run_add_unit)

    p = sub.add_parser("add-household", help="在单元中添加住户 / add a household to a unit")
    _place_arguments(p)
    p.add_argument("--floor", type=int, help="所在楼层 / floor")
    p.add_argument("--area", type=float, help="专有部分面积（㎡）/ exclusive area in m²")
    p.add_argument("--owner", action="append", default=[],
                   help="产权人姓名（共有人可重复）/ owner's name (repeat for co-owners)")  # fmt: skip
    p.add_argument("--id-number", action="append", default=[],
                   help="产权人证件号，按 --owner 的顺序 / owner's ID number, in --owner order")  # fmt: skip
    p.add_argument("--phone", action="append", default=[],
                   help="产权人电话，按 --owner 的顺序 / owner's phone, in --owner order")  # fmt: skip
    p.add_argument("--rented", action="store_true", help="出租 / rented out")
    p.add_argument("--tenant", default="", help="承租人姓名 / tenant's name")
    p.add_argument("--note", default="")
    p.set_defaults(run=run_add_household)

    p = sub.add_parser(
        "vote", help="记录或修改住户的表决意见 / record or change a household's vote"
    )
    _place_arguments(p)
    p.add_argument("--choice", required=True, choices=CHOICES,
                   help="agree 同意 / object 反对 / abstain 弃权 / unreached 未联系上")  # fmt: skip
    p.add_argument("--method", default="", choices=METHODS,
                   help="征询方式 in_person 当面 / phone 电话 / sms 短信 / post 信函")  # fmt: skip
    p.add_argument("--date", help="征询日期 YYYY-MM-DD / the day the owner was asked")
    p.add_argument("--objection", default="", help="异议内容 / the objection")
    p.add_argument("--reason", default="", help="异议理由 / its reason")
    p.add_argument("--cost-share", default="", help="分摊或补偿约定 / cost share agreed")
    p.add_argument("--subject", default="elevator", choices=SUBJECTS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_vote)

    p = sub.add_parser("review", help="居委会核实或标记争议 / verify or dispute a household's vote")
    _place_arguments(p)
    p.add_argument("--state", required=True, choices=["verified", "disputed", "none"],
                   help="verified 已核实 / disputed 有争议 / none 撤销核实")  # fmt: skip
    p.add_argument("--by", default="", help="核实人（默认设置中的姓名）/ reviewer")
    p.add_argument("--date", help="核实日期 YYYY-MM-DD（默认今天）/ review date")
    p.add_argument("--note", default="", help="调解情况 / mediation notes")
    p.add_argument("--subject", default="elevator", choices=SUBJECTS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_review)

    p = sub.add_parser("answer", help="填写检查清单条目 / answer a checklist item")
    p.add_argument("project", type=Path)
    p.add_argument("--estate", required=True, help=_ESTATE_HELP)
    p.add_argument("--checklist", required=True, help="模板编号，如 elevator / template id")
    p.add_argument("--building", help="楼栋（按楼栋或单元检查的清单）/ building of the checklist")
    p.add_argument("--unit", help="单元（按单元检查的清单）/ unit of the checklist")
    p.add_argument("--item", required=True, help="条目编号 / item id")
    p.add_argument("--stage", default="survey", choices=list(CHECK_STAGE_LABELS))
    value = p.add_mutually_exclusive_group(required=True)
    value.add_argument("--value", help="答案 / the answer")
    value.add_argument("--clear", action="store_true", help="清除答案 / clear the answer")
    p.add_argument("--note", help="备注 / note")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_answer)


def run_add_building(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        building = project.buildings.create(
            estate.uuid, args.building, storeys=args.storeys, structure=args.structure,
            year_built=args.year_built, safety_grade=args.safety_grade, note=args.note,
        )  # fmt: skip
    print(building.name)
    return 0


def run_add_unit(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        building = find_building(project, estate, args.building)
        unit = project.buildings.add_unit(building.uuid, args.unit, args.note)
    print(f"{building.name}{unit.name}")
    return 0


def _owners(args: argparse.Namespace) -> list[Owner]:
    extra = max(len(args.id_number), len(args.phone)) - len(args.owner)
    if extra > 0:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--owner", value="''")
    ids = args.id_number + [""] * (len(args.owner) - len(args.id_number))
    phones = args.phone + [""] * (len(args.owner) - len(args.phone))
    return [Owner("", n, i, p) for n, i, p in zip(args.owner, ids, phones, strict=True)]


def run_add_household(args: argparse.Namespace, settings: Settings) -> int:
    owners = _owners(args)
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        unit = find_unit(project, estate, args.building, args.unit)
        household = project.households.create(
            unit.uuid, args.room, owners=owners, floor=args.floor, area=args.area,
            rented=args.rented, tenant_name=args.tenant, note=args.note,
        )  # fmt: skip
    print(f"{args.building.strip()}{unit.name}{household.room}")
    return 0


def _vote_document(household_room: str, vote) -> dict:  # noqa: ANN001
    return {"place": household_room, "uuid": vote.uuid, "choice": vote.choice,
            "method": vote.method, "asked_on": vote.asked_on, "objection": vote.objection,
            "reason": vote.reason, "cost_share": vote.cost_share, "recorded_by": vote.recorded_by,
            "review_state": vote.review_state, "reviewed_by": vote.reviewed_by,
            "reviewed_at": vote.reviewed_at, "review_note": vote.review_note}  # fmt: skip


def run_vote(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        household = find_household(project, estate, args.building, args.unit, args.room)
        consultation = project.consultations.covering(household.uuid, args.subject)
        vote = project.consultations.record_vote(
            consultation.uuid, household.uuid, args.choice, method=args.method,
            asked_on=args.date, objection=args.objection, reason=args.reason,
            cost_share=args.cost_share,
        )  # fmt: skip
    place = f"{args.building.strip()}{args.unit.strip()}{household.room}"
    if args.json:
        emit_json(_vote_document(place, vote))
    else:
        print(say("cli.vote_recorded", settings.lang, place=place))
    return 0


def run_review(args: argparse.Namespace, settings: Settings) -> int:
    from retrofit_app.core.clock import now_iso

    state = "" if args.state == "none" else args.state
    with Project(args.project, user=settings.user_name) as project:
        estate = project.estates.resolve(args.estate)
        household = find_household(project, estate, args.building, args.unit, args.room)
        vote = project.consultations.vote_of(household.uuid, args.subject)
        place = f"{args.building.strip()}{args.unit.strip()}{household.room}"
        if vote is None:
            raise RetrofitError(ErrorCode.NO_VOTE_TO_REVIEW, place=place)
        by = args.by or settings.user_name or say("cli.default_reviewer", settings.lang)
        vote = project.consultations.review_vote(
            vote.uuid, state, by=by, on=args.date or now_iso()[:10], note=args.note
        )
    if args.json:
        emit_json(_vote_document(place, vote))
    else:
        print(say("cli.review_updated", settings.lang, place=place))
    return 0


def _checklist_of(project: Project, args: argparse.Namespace):  # noqa: ANN202
    estate = project.estates.resolve(args.estate)
    target = None
    if args.unit:
        target = find_unit(project, estate, args.building or "", args.unit).uuid
    elif args.building:
        target = find_building(project, estate, args.building).uuid
    matching = [
        c for c in project.checklists.of_estate(estate.uuid)
        if c.template.template_id == args.checklist and target in (None, c.target_uuid)
    ]  # fmt: skip
    if len(matching) != 1:
        names = sorted({c.target_label for c in matching})
        raise RetrofitError(
            ErrorCode.CHECKLIST_NOT_ONE, checklist=args.checklist, found=len(matching),
            targets="、".join(names),
        )  # fmt: skip
    return matching[0]


def run_answer(args: argparse.Namespace, settings: Settings) -> int:
    with Project(args.project, user=settings.user_name) as project:
        checklist = _checklist_of(project, args)
        value = None if args.clear else args.value
        answer = project.checklists.answer(checklist.uuid, args.item, args.stage, value, args.note)
    document = {"checklist": checklist.uuid, "target": checklist.target_label, "item": args.item,
                "stage": args.stage, "value": answer.value if answer else None,
                "note": answer.note if answer else "",
                "answered_by": answer.answered_by if answer else ""}  # fmt: skip
    if args.json:
        emit_json(document)
    else:
        print(say("cli.answer_saved", settings.lang, item=args.item, target=checklist.target_label))
    return 0
