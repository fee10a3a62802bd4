"""The acceptance conclusion (验收结论) of an estate: derived from its acceptance checklist, defects,
stage and consultations, the one answer every part of the acceptance report prints.

Order of the rules (the first that holds decides):
1. the estate is before construction, or has no acceptance checklist, or a required item is not
   inspected yet: NOT_INSPECTED (尚未验收; the report prints as a draft and names what remains);
2. a required item failed (不合格) and its defect is not rectified, or the team recorded 不合格:
   REJECTED (不予通过);
3. an item to rectify (限期整改), a construction defect not verified, an elevator in a unit whose
   consultation has not passed, or the team recorded 整改后复验: REINSPECT (整改后复验);
4. otherwise ACCEPTED (同意通过竣工验收).
The team's own recorded conclusion may be stricter, never laxer: 验收合格 recorded over open items
stands only as an override, with who recorded it, when and why (the answer's note); the answer
and its note are in the audit log like every answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from retrofit_app.core.checklists.model import Answer, Checklist, Defect, DefectStatus
from retrofit_app.core.checklists.progress import visible_slots
from retrofit_app.core.checklists.sources import basis
from retrofit_app.core.checklists.template_model import AnswerType
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.model import Stage
from retrofit_app.core.storage import queries, report_queries
from retrofit_app.core.words import Bilingual, Msg

if TYPE_CHECKING:
    from retrofit_app.core.consultation.service import ScopeTally
    from retrofit_app.core.project import Project

# The acceptance template's own record of the team's conclusion (resources/checklists).
CONCLUSION_ITEM = "acc.conclusion"
RECORD_SECTIONS = ("conclusion",)  # the team's record: not items inspected
PAPER_SECTIONS = ("documents", "conclusion")  # checked on paper: no photo expected
COMPLETION = "completion"
_BEFORE_WORKS = (Stage.SURVEYED, Stage.DESIGN)
_PASSED_CONSULTATION = "passed"


class Verdict(StrEnum):
    ACCEPTED = "accepted"  # 同意通过竣工验收
    REINSPECT = "reinspect"  # 整改后复验
    REJECTED = "rejected"  # 不予通过
    NOT_INSPECTED = "not_inspected"  # 尚未验收 (draft)


_RECORDED = {
    "pass": Verdict.ACCEPTED,
    "pass_after_rectify": Verdict.REINSPECT,
    "fail": Verdict.REJECTED,
}
_SEVERITY = [Verdict.ACCEPTED, Verdict.REINSPECT, Verdict.REJECTED]


@dataclass(frozen=True)
class ItemResult:
    """One inspected item of the acceptance checklist and what its answer means."""

    item_id: str
    name: Bilingual
    section: Bilingual
    answer: Bilingual  # the answer's words; "" when not inspected
    state: (
        str  # pass, na, fail, rectify, resolved (failed, defect verified), pending (not inspected)
    )
    note: str = ""
    required: bool = True
    basis: str = "none"  # legal, standard, programme or none (see sources.basis)
    source: Bilingual = Bilingual("", "")  # the item's sources in one line


@dataclass(frozen=True)
class OpenItem:
    """A construction defect on the rectification list: who rectifies it, by when, re-inspection."""

    defect: Defect
    reinspection: str  # not_rectified, awaiting, failed (rectified, then re-opened), passed


@dataclass(frozen=True)
class CrossCheck:
    """A warning an official would raise: a catalogue id (check.*) and its values."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    blocking: bool = False  # keeps the estate from ACCEPTED


@dataclass(frozen=True)
class Override:
    by: str
    at: str
    reason: str
    derived: Verdict  # what the evidence gave


@dataclass(frozen=True)
class AcceptanceVerdict:
    derived: Verdict
    stage: str
    items: list[ItemResult]
    open_items: list[OpenItem]  # construction defects not verified, then verified ones
    survey_findings: list[Defect]  # defects found before the works: not construction defects
    warnings: list[CrossCheck]
    recorded: str | None = None  # the team's recorded conclusion (acc.conclusion's value)
    override: Override | None = None
    has_checklist: bool = True

    @property
    def verdict(self) -> Verdict:
        """What the report prints: the derived verdict, or ACCEPTED over it by a recorded override."""
        return Verdict.ACCEPTED if self.override else self.derived

    @property
    def before_works(self) -> bool:
        """The estate has not reached construction: no acceptance can be concluded."""
        return Stage(self.stage) in _BEFORE_WORKS

    @property
    def draft(self) -> bool:
        return self.verdict is Verdict.NOT_INSPECTED

    @property
    def remaining(self) -> list[ItemResult]:
        return [i for i in self.items if i.state == "pending" and i.required]

    @property
    def failed(self) -> list[ItemResult]:
        return [i for i in self.items if i.state in ("fail", "rectify")]

    @property
    def unresolved(self) -> list[OpenItem]:
        return [o for o in self.open_items if o.defect.status is not DefectStatus.VERIFIED]

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        from retrofit_app.core.words import in_language

        def named(item: ItemResult) -> str:
            return in_language(item.name, item.name.en, lang)

        return {
            "verdict": str(self.verdict),
            "derived": str(self.derived),
            "draft": self.draft,
            "stage": self.stage,
            "remaining": [named(i) for i in self.remaining],
            "failed": [{"item": named(i), "answer": in_language(i.answer, i.answer.en, lang)}
                       for i in self.failed],
            "open_items": [
                {"description": o.defect.description, "responsible": o.defect.responsible,
                 "deadline": o.defect.deadline, "status": str(o.defect.status),
                 "reinspection": o.reinspection}
                for o in self.unresolved
            ],
            "survey_findings": len(self.survey_findings),
            "warnings": [{"code": w.code, **{k: str(v) for k, v in w.params.items()}}
                         for w in self.warnings],
            "override": None if self.override is None else {
                "by": self.override.by, "at": self.override.at, "reason": self.override.reason},
        }  # fmt: skip


def _item_results(checklist: Checklist, defects: list[Defect]) -> list[ItemResult]:
    template = checklist.template
    values = checklist.values()
    shown = visible_slots(template, values)
    by_item = {d.item_id: d for d in defects if d.checklist_uuid == checklist.uuid}
    results = []
    for item in template.items:
        if item.section in RECORD_SECTIONS or COMPLETION not in item.stages:
            continue
        if (item.id, COMPLETION) not in shown:
            continue
        answer = checklist.answers.get((item.id, COMPLETION))
        value = answer.value if answer else None
        section = template.section(item.section)
        state = _state(item.verdict(value, COMPLETION), value, by_item.get(item.id))
        results.append(
            ItemResult(
                item.id,
                Bilingual(item.zh, item.en),
                Bilingual(section.zh, section.en) if section else Bilingual("", ""),
                Bilingual(item.option_label(value, "zh"), item.option_label(value, "en")),
                state,
                answer.note if answer else "",
                item.required,
                basis(item),
                Bilingual(item.citation("zh"), item.citation("en")),
            )
        )
    return results


def _state(judged: str | None, value: Any, defect: Defect | None) -> str:
    if value is None:
        return "pending"
    if judged != "fail":
        return judged or "pass"  # an answer no rule judges (a date, a text) is recorded, not failed
    if defect is not None and defect.status is DefectStatus.VERIFIED:
        return "resolved"
    if value == "rectify" or (defect is not None and defect.status is DefectStatus.RECTIFIED):
        return "rectify"
    return "fail"


def _reinspection(project: Project, defect: Defect) -> str:
    if defect.status is DefectStatus.VERIFIED:
        return "passed"
    if defect.status is DefectStatus.RECTIFIED:
        return "awaiting"
    was_rectified = any(
        e.new.get("status") == DefectStatus.RECTIFIED for e in project.audit.history(defect.uuid)
    )
    return "failed" if was_rectified else "not_rectified"


def _stage_at(project: Project, estate_uuid: str, defect: Defect, now: str) -> str:
    """The estate's stage when the defect was recorded, from the audit log (in write order)."""
    with project.read():
        estate_rows = queries.audit_history(project.db, estate_uuid)
        defect_rows = queries.audit_history(project.db, defect.uuid)
    made = next((r["fid"] for r in defect_rows if r["action"] == "insert"), None)
    if made is None:
        return now
    stage = now
    for row in reversed(estate_rows):
        if row["fid"] < made:
            break
        old = json.loads(row["old_values"] or "{}")
        stage = old.get("stage", stage)
    return stage


def _before_works(project: Project, estate_uuid: str, defect: Defect, checklists: dict[str, Checklist],
                  stage: str) -> bool:  # fmt: skip
    """A finding of the survey (or design), before the works: not a construction defect."""
    checklist = checklists.get(defect.checklist_uuid or "")
    if checklist is not None and defect.item_id:
        item = checklist.template.item(defect.item_id)
        if checklist.template.acceptance or item is None:
            return False
        return COMPLETION not in (item.fail_stages or item.stages)
    return _stage_at(project, estate_uuid, defect, stage) in _BEFORE_WORKS


def _elevator_checks(
    project: Project, estate_uuid: str, checklists: list[Checklist]
) -> list[CrossCheck]:
    """Elevators recorded as installed or inspected where the consultation has not passed
    (a result that cannot be concluded, 待核实, has not passed either)."""  # fmt: skip
    installed = [c for c in checklists if _elevator_installed(c)]
    if not installed and not _estate_has_elevator(checklists):
        return []
    passed = [t for t in project.consultations.tally_estate(estate_uuid) if t.result.passed is True]
    if not installed:
        return [] if passed else [CrossCheck("check.elevator_no_consultation", {}, True)]
    return _installed_not_passed(project, estate_uuid, installed, passed)


def _installed_not_passed(
    project: Project, estate_uuid: str, installed: list[Checklist], passed: list[ScopeTally]
) -> list[CrossCheck]:
    """An elevator installed in a unit whose consultation (or its building's) has not passed."""
    passed_units = {t.scope_uuid for t in passed}
    passed_buildings = {t.scope_uuid for t in passed if t.scope_kind == "building"}
    with project.read():
        building_of = {
            u["uuid"]: u["building_uuid"] for u in report_queries.unit_rows(project.db, estate_uuid)
        }
    return [
        CrossCheck("check.elevator_not_passed", {"unit": c.target_label}, True)
        for c in installed
        if c.target_uuid not in passed_units
        and building_of.get(c.target_uuid) not in passed_buildings
    ]


def _estate_has_elevator(checklists: list[Checklist]) -> bool:
    """The acceptance checklist says the estate has an elevator."""
    return any(
        c.template.acceptance and c.values().get(("acc.has_elevator", COMPLETION)) == "yes"
        for c in checklists
    )


def _elevator_installed(checklist: Checklist) -> bool:
    """A unit's elevator checklist with an answer at completion: the elevator is there."""
    c = checklist
    return (
        c.target_kind == "unit" and not c.template.acceptance
        and c.template.template_id.startswith("elevator")
        and any(stage == COMPLETION and a.value is not None for (_i, stage), a in c.answers.items())
    )  # fmt: skip


def _photo_checks(
    project: Project, checklists: list[Checklist], open_items: list[OpenItem]
) -> list[CrossCheck]:
    """A problem seen on site needs a photo of it, and a rectified one a photo 'after' (tied to
    the defect or to its item). Paper records and figures (documents, a date, a survey number)
    need none."""
    if not open_items:
        return []
    photos = project.photos.list(open_items[0].defect.estate_uuid)
    shot = _photographed(photos)
    after = _photographed([p for p in photos if p.stage_tag == "after"])
    found = []
    for o in open_items:
        d = o.defect
        if not _needs_photo(checklists, d):
            continue
        keys: set[object] = {d.uuid, (d.checklist_uuid, d.item_id)}
        if d.status is DefectStatus.OPEN and not keys & shot:
            found.append(CrossCheck("check.photo_missing", {"item": d.description}))
        elif d.status is DefectStatus.RECTIFIED and not keys & after:
            found.append(CrossCheck("check.after_photo_missing", {"item": d.description}))
    return found


def _photographed(photos: list[Any]) -> set[object]:
    """The defects (uuid) and items ((checklist uuid, item id)) these photos are tied to."""
    keys: set[object] = {(p.checklist_uuid, p.item_id) for p in photos if p.item_id}
    return keys | {p.defect_uuid for p in photos if p.defect_uuid}


def _needs_photo(checklists: list[Checklist], defect: Defect) -> bool:
    checklist = next((c for c in checklists if c.uuid == defect.checklist_uuid), None)
    if checklist is None or not defect.item_id:
        return True  # a problem written by hand was seen somewhere: show it
    item = checklist.template.item(defect.item_id)
    if item is None:
        return True
    looked_at = item.answer_type in (AnswerType.CHOICE, AnswerType.YES_NO_NA)
    return looked_at and item.section not in PAPER_SECTIONS


def _notice_checks(project: Project, estate_uuid: str) -> list[CrossCheck]:
    return [
        CrossCheck("check.in_notice", {"title": c.title or c.subject,
                                       "scope": f"{c.building_name}{c.unit_name}"})
        for c in project.consultations.of_estate(estate_uuid)
        if c.status == "notice"
    ]  # fmt: skip


def _derive(stage: str, has_checklist: bool, items: list[ItemResult], unresolved: list[OpenItem],
            warnings: list[CrossCheck], recorded: str | None) -> Verdict:  # fmt: skip
    if Stage(stage) in _BEFORE_WORKS or not has_checklist:
        return Verdict.NOT_INSPECTED
    if any(i.state == "pending" and i.required for i in items):
        return Verdict.NOT_INSPECTED
    verdict = _by_items(items, unresolved, warnings)
    stricter = _RECORDED.get(recorded or "")
    if stricter is not None and _SEVERITY.index(stricter) > _SEVERITY.index(verdict):
        return stricter
    return verdict


def _by_items(
    items: list[ItemResult], unresolved: list[OpenItem], warnings: list[CrossCheck]
) -> Verdict:
    """What the inspected items say: a required one failed, something left to put right, or
    nothing (accepted)."""
    if any(i.state == "fail" and i.required for i in items):
        return Verdict.REJECTED
    if (any(i.state in ("fail", "rectify") for i in items) or unresolved
            or any(w.blocking for w in warnings)):  # fmt: skip
        return Verdict.REINSPECT
    return Verdict.ACCEPTED


def _works_and_survey(
    project: Project,
    estate_uuid: str,
    stage: str,
    checklists: list[Checklist],
    defects: list[Defect],
) -> tuple[list[OpenItem], list[Defect]]:
    """The defects of the works (with how their reinspection stands; verified ones last, then by
    deadline) and, apart, what the survey found before them. The team's conclusion answer opens a
    defect of its own: not a problem found, so neither."""
    by_uuid = {c.uuid: c for c in checklists}
    record_items = {
        (c.uuid, i.id)
        for c in checklists if c.template.acceptance
        for i in c.template.items if i.section in RECORD_SECTIONS
    }  # fmt: skip
    works: list[Defect] = []
    survey: list[Defect] = []
    for d in defects:
        if (d.checklist_uuid, d.item_id) in record_items:
            continue
        (survey if _before_works(project, estate_uuid, d, by_uuid, stage) else works).append(d)
    open_items = sorted(
        (OpenItem(d, _reinspection(project, d)) for d in works),
        key=lambda o: (o.defect.status is DefectStatus.VERIFIED, o.defect.deadline or "9999"),
    )
    return open_items, survey


def _override(
    recorded: Answer | None, derived: Verdict, warnings: list[CrossCheck]
) -> Override | None:
    """The team's recorded 验收合格 over what the items say: an override when it gives a reason;
    without one it is ignored, with a warning added to `warnings`."""
    if recorded is None or recorded.value != "pass":
        return None
    if derived not in (Verdict.REINSPECT, Verdict.REJECTED):
        return None
    if not recorded.note.strip():
        warnings.append(CrossCheck("check.recorded_pass_ignored", {}))
        return None
    return Override(recorded.answered_by, recorded.answered_at, recorded.note.strip(), derived)


def acceptance_verdict(project: Project, estate_uuid: str, lang: str = "zh") -> AcceptanceVerdict:
    """The conclusion of the estate's acceptance, with the items, open defects and warnings behind it."""
    stage = str(project.estates.get(estate_uuid).stage)
    checklists = project.checklists.of_estate(estate_uuid)
    defects = project.checklists.defects.of_estate(estate_uuid, lang=lang)
    accepting = [c for c in checklists if c.template.acceptance]
    items = [r for c in accepting for r in _item_results(c, defects)]
    open_items, survey = _works_and_survey(project, estate_uuid, stage, checklists, defects)
    recorded_answer = next(
        (c.answers.get((CONCLUSION_ITEM, COMPLETION)) for c in accepting
         if (CONCLUSION_ITEM, COMPLETION) in c.answers), None)  # fmt: skip
    recorded = recorded_answer.value if recorded_answer else None
    warnings = _elevator_checks(project, estate_uuid, checklists)
    answered = any(a.value is not None for c in accepting for a in c.answers.values())
    if Stage(stage) in _BEFORE_WORKS and answered:
        warnings.insert(0, CrossCheck("check.before_works", {"stage": Msg(f"stage.{stage}")}, True))
    unresolved = [o for o in open_items if o.defect.status is not DefectStatus.VERIFIED]
    warnings += _photo_checks(project, checklists, unresolved)
    warnings += _notice_checks(project, estate_uuid)
    derived = _derive(stage, bool(accepting), items, unresolved, warnings, recorded)
    override = _override(recorded_answer, derived, warnings)
    return AcceptanceVerdict(derived, stage, items, open_items, survey, warnings, recorded,
                             override, bool(accepting))  # fmt: skip


def record_override(project: Project, estate_uuid: str, reason: str) -> AcceptanceVerdict:
    """Record 验收合格 over open or failed items: the team's conclusion answer with `reason` as its
    note, by the project's user (the audit log keeps who, when and the reason). Refused without a
    reason, and where nothing is open to override (not yet inspected, or already accepted)."""
    if not reason.strip():
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="--override-reason", value="''")
    before = acceptance_verdict(project, estate_uuid)
    if before.derived not in (Verdict.REINSPECT, Verdict.REJECTED):
        raise RetrofitError(
            ErrorCode.ACCEPTANCE_OVERRIDE, verdict=Msg(f"acc_verdict.{before.derived}")
        )
    checklist = next(c for c in project.checklists.of_estate(estate_uuid) if c.template.acceptance)
    project.checklists.answer(
        checklist.uuid, CONCLUSION_ITEM, COMPLETION, "pass", note=reason.strip()
    )
    return acceptance_verdict(project, estate_uuid)
