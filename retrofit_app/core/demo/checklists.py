"""The demo's checklists: answers as far as each estate's stage, some failed items and defects."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from retrofit_app.core.checklists.model import Checklist
from retrofit_app.core.checklists.progress import due_stages, visible_slots
from retrofit_app.core.checklists.template_model import AnswerType, Item
from retrofit_app.core.project import Project

_NOTES = ("现场核实", "物业提供资料", "居民反映", "与社区书记确认", "")
_TEXTS = (
    "燃气公司、电信、移动线缆，需协调迁改",
    "一楼住户担心采光，拟采用玻璃井道",
    "3幢北侧雨水管破损",
    "底坑做防水，设挡水坎",
)
_ANSWERED_ESTATES = 20
_RESPONSIBLE = ("施工单位", "江苏某建设工程有限公司", "物业服务企业", "燃气公司")


def _value(item: Item, rng: random.Random) -> Any:
    kind = item.answer_type
    if kind is AnswerType.YES_NO_NA:
        return rng.choices(["yes", "no", "na"], weights=[88, 8, 4])[0]
    if kind is AnswerType.CHOICE:
        # The first option is the usual finding; the rest come up now and then.
        weights = [24] + [1] * (len(item.options) - 1)
        return rng.choices([o.value for o in item.options], weights=weights)[0]
    if kind is AnswerType.NUMBER:
        low = item.minimum or 0
        high = item.maximum if item.maximum is not None else low + 100
        return rng.randint(int(low) + 1, int(low + (high - low) * 0.3) + 1)
    if kind is AnswerType.DATE:
        return (dt.date(2026, 3, 1) + dt.timedelta(days=rng.randint(0, 240))).isoformat()
    return rng.choice(_TEXTS)


def _answer_checklist(project: Project, checklist: Checklist, rng: random.Random, stages: tuple[str, ...],
                      share: float, facts: dict[str, Any]) -> None:  # fmt: skip
    """Answer the items due, in order, so conditions see the answers they depend on."""
    values: dict[tuple[str, str], Any] = {}
    entries = []
    template = checklist.template
    for item in template.items:
        shown = visible_slots(template, values) if item.condition else None
        for stage in item.stages:
            if stage not in stages or rng.random() > share:
                continue
            if shown is not None and (item.id, stage) not in shown:
                continue
            value = facts[item.id] if item.id in facts else _value(item, rng)
            values[(item.id, stage)] = value
            note = rng.choice(_NOTES) if rng.random() < 0.15 else None
            entries.append((item.id, stage, value, note))
    if entries:
        project.checklists.answer_many(checklist.uuid, entries)


def _unit_facts(project: Project, estates: list) -> dict[str, dict[str, Any]]:
    """What the demo already knows about each unit's building, so answers agree with it."""
    facts: dict[str, dict[str, Any]] = {}
    for estate in estates:
        for building in project.buildings.of_estate(estate.uuid):
            for unit in project.buildings.units(building.uuid):
                facts[unit.uuid] = {
                    "elev.storeys": building.storeys,
                    "elev.year_built": building.year_built or estate.year_built,
                    "elev.households": (building.storeys or 5) * 2,
                    "elev.safety_grade": building.safety_grade or "unknown",
                }
    return facts


def add_checklists(project: Project, rng: random.Random, estates: list) -> None:
    # Only the named demo estates: the benchmarks' 300-estate projects need no answers.
    estates = estates[:_ANSWERED_ESTATES]
    facts = _unit_facts(project, estates)
    for index, estate in enumerate(estates):
        project.checklists.create_for_estate(estate.uuid)
        stages = due_stages(estate.stage)
        # The first estate is left mostly blank so a user sees an unanswered list too.
        share = 0.25 if index == 0 else 0.9
        for checklist in project.checklists.of_estate(estate.uuid):
            if checklist.target_kind == "unit" and rng.random() < 0.4:
                continue  # the survey has not reached every stairwell yet
            _answer_checklist(
                project, checklist, rng, stages, share, facts.get(checklist.target_uuid, {})
            )
        _work_on_defects(project, rng, estate.uuid)


def _work_on_defects(project: Project, rng: random.Random, estate_uuid: str) -> None:
    """Give some defects a responsible party and deadline; move some on to rectified or verified."""
    defects = project.checklists.defects
    for defect in defects.of_estate(estate_uuid):
        roll = rng.random()
        if roll < 0.5:
            continue
        deadline = (dt.date(2026, 12, 1) + dt.timedelta(days=rng.randint(0, 60))).isoformat()
        defects.update(defect.uuid, responsible=rng.choice(_RESPONSIBLE), deadline=deadline)
        if roll > 0.75:
            defects.set_status(defect.uuid, "rectified")
        if roll > 0.9:
            defects.set_status(defect.uuid, "verified")
