"""Checklists and defects as the reports show them, read through the checklist service."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING

from retrofit_app.core.checklists.model import Checklist, Defect, DefectStatus
from retrofit_app.core.checklists.progress import EMPTY, Progress, visible_slots
from retrofit_app.core.reports.wording import Wording

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


@dataclass(frozen=True)
class ChecklistLine:
    section: str
    item: str
    stage: str  # the check stage in words: 调查, 设计, 竣工 (Survey, Design, Completion)
    answer: str  # as a person reads it: 是, an option's words, "5 层"; "" when unanswered
    verdict: str  # 合格, 不合格 (Pass, Fail), "—" when no rule judges it; "" when unanswered
    note: str
    failed: bool
    item_id: str = ""


@dataclass(frozen=True)
class ChecklistFacts:
    template: str
    target: str
    acceptance: bool
    lines: list[ChecklistLine]
    progress: Progress

    @property
    def stages(self) -> list[str]:
        """The check stages the lines cover, in order; a report shows a stage column for two."""
        return list(dict.fromkeys(line.stage for line in self.lines))


@dataclass(frozen=True)
class EstateChecklists:
    checklists: list[ChecklistFacts]
    defects: list[Defect]  # open first, by deadline; verified ones last

    @property
    def progress(self) -> Progress:
        return total_progress(self.checklists)

    @property
    def open_defects(self) -> list[Defect]:
        return [d for d in self.defects if d.status is DefectStatus.OPEN]


def total_progress(checklists: Iterable[ChecklistFacts]) -> Progress:
    return reduce(Progress.plus, (c.progress for c in checklists), EMPTY)


def defect_status_label(defect: Defect, words: Wording) -> str:
    return words(f"defect.{defect.status}")


def _lines(checklist: Checklist, words: Wording) -> list[ChecklistLine]:
    """The items a person would see: hidden conditional items are left out, and so are stages
    not yet due unless someone answered them early. Item, section and option texts come from
    the template's JSON, which holds both languages."""
    template = checklist.template
    shown = visible_slots(template, checklist.values())
    lines = []
    for item in template.items:
        section = template.section(item.section)
        for stage in item.stages:
            answer = checklist.answers.get((item.id, stage))
            if (item.id, stage) not in shown or (answer is None and stage not in checklist.due):
                continue
            value = answer.value if answer else None
            lines.append(
                ChecklistLine(
                    section=words.pick(section.zh, section.en) if section else "",
                    item=words.pick(item.zh, item.en),
                    stage=words(f"check_stage.{stage}"),
                    answer=item.option_label(value, words.lang),
                    verdict=item.verdict_label(value, stage, words.lang),
                    note=answer.note if answer else "",
                    failed=item.fails(value, stage),
                    item_id=item.id,
                )
            )
    return lines


def _facts(checklist: Checklist, words: Wording) -> ChecklistFacts:
    template = checklist.template
    whole = checklist.target_kind == "estate"
    return ChecklistFacts(
        template=words.pick(template.zh, template.en),
        target=words("check.whole_estate") if whole else checklist.target_label,
        acceptance=template.acceptance,
        lines=_lines(checklist, words),
        progress=checklist.progress,
    )


def estate_checklists(
    project: Project, estate_uuid: str, words: Wording | None = None
) -> EstateChecklists:
    """Every checklist of the estate, in the order the checklist tab shows them, and its defects."""
    service = project.checklists
    found = [_facts(c, words or Wording()) for c in service.of_estate(estate_uuid)]
    defects = sorted(
        service.defects.of_estate(estate_uuid, lang=(words or Wording()).lang),
        key=lambda d: (d.status is DefectStatus.VERIFIED, d.deadline is None, d.deadline or ""),
    )
    return EstateChecklists(found, defects)
