"""Consultations as the reports show them: rule, tally (from core/consultation), roster with votes."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from retrofit_app.core.consultation.rules import RuleSet, rule_set
from retrofit_app.core.consultation.tally import Flat, Tally, owner_key, tally
from retrofit_app.core.errors import RetrofitError
from retrofit_app.core.privacy import mask_name
from retrofit_app.core.storage import queries, report_queries

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

CHOICE_LABELS = {
    "agree": "同意",
    "object": "反对",
    "abstain": "弃权",
    "unreached": "未联系上",
    None: "未征询",
}
METHOD_LABELS = {"in_person": "当面", "phone": "电话", "sms": "短信", "post": "信函", "": ""}
STATUS_LABELS = {
    "collecting": "征询中",
    "notice": "公示中",
    "no_objection": "公示无异议",
    "disputed": "有异议",
    "done": "已完成",
    "open": "征询中",
    "closed": "已结束",
    "reviewed": "已审核",
}


@dataclass(frozen=True)
class ConsultationFacts:
    record: dict[str, Any]
    scope_name: str
    rule: RuleSet
    tally: Tally
    roster: list[dict[str, Any]]  # each with "owners_masked" and labels; never a phone or ID number

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.record["status"], self.record["status"])


def _rule(name: str) -> RuleSet:
    try:
        return rule_set(name)
    except RetrofitError:
        # A rule set not shipped with this copy of the program: say so by showing the default.
        return rule_set(None)


def _flat(row: dict[str, Any], owners: list[dict[str, Any]]) -> Flat:
    return Flat(
        household_uuid=row["uuid"],
        room=row["room"],
        area=Fraction(str(row["area"])) if row["area"] is not None else None,
        owner_keys=tuple(owner_key(o["name"], o["id_number"]) for o in owners),
        developer_unsold=row["kind"] == "developer_unsold",
        choice=row["choice"],
        unit=row["unit"],
    )


def consultation_facts(
    project: Project, estate_uuid: str, scope_uuid: str | None = None
) -> list[ConsultationFacts]:
    """The estate's consultations (only the one covering `scope_uuid` when given), tallied."""
    with project.read():
        db = project.db
        records = report_queries.consultation_rows(db, estate_uuid)
        if scope_uuid:
            records = [r for r in records if r["scope_uuid"] == scope_uuid]
        found = []
        for record in records:
            roster = report_queries.roster_rows(
                db, record["uuid"], record["scope_kind"], record["scope_uuid"]
            )
            owners = queries.owners_of_households(db, [r["uuid"] for r in roster])
            rule = _rule(record["rule_set"])
            result = tally([_flat(r, owners[r["uuid"]]) for r in roster], rule)
            for row in roster:
                row["owners_masked"] = "、".join(mask_name(o["name"]) for o in owners[row["uuid"]])
                row["choice_label"] = CHOICE_LABELS.get(row["choice"], row["choice"])
                row["method_label"] = METHOD_LABELS.get(row["method"], row["method"])
            found.append(
                ConsultationFacts(record, record["scope_name"] or "", rule, result, roster)
            )
    return found


def percent(value: Fraction | None) -> str:
    """An exact fraction shown to two decimals, rounded down so 74.999 % never prints as 75.00 %."""
    if value is None:
        return "—"
    hundredths = (value * 10000).__floor__()
    return f"{hundredths / 100:.2f}%"


def tally_lines(result: Tally) -> list[tuple[str, str]]:
    """The tally as label/value pairs for a facts table."""
    quorum = result.rule.quorum
    approval = result.rule.approval
    return [
        ("业主总人数", f"{result.owners_total} 人"),
        ("专有部分总面积", f"{float(result.area_total):.2f} m²"),
        (
            "参与表决人数",
            f"{result.owners_voted} 人（{percent(result.fraction('participation_heads'))}）",
        ),
        (
            "参与表决面积",
            f"{float(result.area_voted):.2f} m²（{percent(result.fraction('participation_area'))}）",
        ),
        ("同意人数", f"{result.owners_agree} 人（{percent(result.fraction('approval_heads'))}）"),
        (
            "同意面积",
            f"{float(result.area_agree):.2f} m²（{percent(result.fraction('approval_area'))}）",
        ),
        ("反对人数", f"{result.owners_object} 人"),
        ("弃权人数", f"{result.owners_abstain} 人"),
        (
            "参与门槛",
            f"面积≥{quorum.area}，人数≥{quorum.heads}" if quorum else "无单独参与门槛",
        ),
        (
            "同意门槛",
            f"面积{'≥' if approval.inclusive else '>'}{approval.area}，人数{'≥' if approval.inclusive else '>'}{approval.heads}",
        ),
        ("参与条件", "已达到" if result.quorum_met else "未达到"),
        ("表决结果", "通过" if result.passed else "未通过"),
    ] + (
        [("无人反对", "满足" if result.no_objection_met else "不满足（有业主反对）")]
        if result.rule.no_objection
        else []
    )
