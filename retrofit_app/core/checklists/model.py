"""Checklists, answers and defects as the services hand them out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from retrofit_app.core.checklists.progress import EMPTY, Answers, Progress, checklist_progress
from retrofit_app.core.checklists.template_model import Template
from retrofit_app.core.storage.rows import from_row
from retrofit_app.core.words import N_


class DefectStatus(StrEnum):
    OPEN = "open"
    RECTIFIED = "rectified"
    VERIFIED = "verified"


# Catalogue ids: say(DEFECT_STATUS_LABELS[status], lang), say(TARGET_LABELS[kind], lang).
DEFECT_STATUS_LABELS: dict[str, str] = {
    "open": N_("defect.open"),
    "rectified": N_("defect.rectified"),
    "verified": N_("defect.verified"),
}
TARGET_LABELS: dict[str, str] = {
    "estate": N_("target.estate"),
    "building": N_("target.building"),
    "unit": N_("target.unit"),
}


@dataclass(frozen=True)
class Answer:
    uuid: str
    item_id: str
    stage: str
    value: Any
    note: str
    answered_by: str
    answered_at: str


@dataclass
class Checklist:
    uuid: str
    template: Template
    estate_uuid: str
    target_kind: str
    target_uuid: str
    target_label: str
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)
    due: tuple[str, ...] = ("survey", "design", "completion")
    open_defects: int = 0
    defect_items: frozenset[str] = frozenset()  # items with a defect not yet verified
    progress: Progress = EMPTY

    def values(self) -> Answers:
        return {key: a.value for key, a in self.answers.items()}

    def recount(self) -> Progress:
        self.progress = checklist_progress(
            self.template, self.values(), self.due, self.open_defects
        )
        return self.progress


@dataclass(frozen=True)
class Defect:
    uuid: str
    estate_uuid: str
    checklist_uuid: str | None
    item_id: str
    description: str
    responsible: str
    deadline: str | None
    status: DefectStatus
    source: str
    created_at: str
    updated_at: str

    @property
    def unresolved(self) -> bool:
        return self.status is not DefectStatus.VERIFIED


def defect_from_row(row: dict[str, Any]) -> Defect:
    return from_row(Defect, row, convert={"status": DefectStatus})
