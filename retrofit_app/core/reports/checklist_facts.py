"""Checklists as the reports show them: each item's label, answer and progress, from the template JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage import report_queries

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

STAGE_ORDER = ("completion", "design", "survey")
_PLAIN = {
    True: "是",
    False: "否",
    "pass": "合格",
    "fail": "不合格",
    "rectify": "限期整改",
    "na": "不涉及",
}


@dataclass(frozen=True)
class ChecklistLine:
    section: str
    item: str
    result: str  # the latest stage's answer in words; "" when unanswered
    stage: str
    note: str
    failed: bool


@dataclass(frozen=True)
class ChecklistFacts:
    template: str
    target: str
    acceptance: bool
    lines: list[ChecklistLine]
    required: int  # required (item, stage) pairs
    answered: int  # of those, answered

    @property
    def progress(self) -> float:
        return self.answered / self.required if self.required else 1.0


def _zh(value: Any, fallback: str = "") -> str:
    if isinstance(value, dict):
        return str(value.get("zh") or value.get("en") or fallback)
    return str(value) if value else fallback


def _words(item: dict[str, Any], raw: str | None) -> str:
    if raw is None:
        return ""
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    options = {o.get("value"): _zh(o) for o in item.get("answer", {}).get("options", [])}
    if isinstance(value, list):
        return "、".join(options.get(v, _PLAIN.get(v, str(v))) for v in value)
    if value in options:
        return options[value]
    if isinstance(value, bool) or value in _PLAIN:
        return _PLAIN[value]
    unit = item.get("answer", {}).get("unit", "")
    return f"{value}{unit}" if value is not None else ""


def _failed(item: dict[str, Any], raw: str | None) -> bool:
    rule = item.get("fail_when") or {}
    if raw is None or "in" not in rule:
        return False
    try:
        return json.loads(raw) in rule["in"]
    except (ValueError, TypeError):
        return False


def _facts(row: dict[str, Any], answers: list[dict[str, Any]]) -> ChecklistFacts:
    try:
        body = json.loads(row["body"])
    except (ValueError, TypeError):
        body = {}
    sections = {s.get("id"): _zh(s) for s in body.get("sections", [])}
    given = {(a["item_id"], a["stage"]): a for a in answers if a["value"] is not None}
    lines: list[ChecklistLine] = []
    required = answered = 0
    for item in body.get("items", []):
        stages = item.get("stages") or ["survey"]
        if item.get("required", False):
            required += len(stages)
            answered += sum(1 for s in stages if (item["id"], s) in given)
        latest = next(
            ((s, given[(item["id"], s)]) for s in STAGE_ORDER if (item["id"], s) in given), None
        )
        stage, answer = latest if latest else ("", {"value": None, "note": ""})
        lines.append(
            ChecklistLine(
                section=sections.get(item.get("section"), ""),
                item=_zh(item, item.get("id", "")),
                result=_words(item, answer["value"]),
                stage=stage,
                note=answer["note"] or "",
                failed=_failed(item, answer["value"]),
            )
        )
    return ChecklistFacts(
        template=_zh(body.get("name"), row["template"]),
        target=row["target"] or "全小区",
        acceptance=bool(body.get("acceptance", False)),
        lines=lines,
        required=required,
        answered=answered,
    )


def checklist_facts(project: Project, estate_uuid: str) -> list[ChecklistFacts]:
    with project.read():
        db = project.db
        return [
            _facts(row, report_queries.answer_rows(db, row["uuid"]))
            for row in report_queries.checklist_rows(db, estate_uuid)
        ]


def progress_of(found: list[ChecklistFacts]) -> tuple[int, int]:
    """(answered, required) over all checklists."""
    return sum(f.answered for f in found), sum(f.required for f in found)
