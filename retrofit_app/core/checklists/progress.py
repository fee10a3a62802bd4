"""Which items show, which failed, and how far a checklist or an estate has got."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from retrofit_app.core.checklists.template_model import STAGE_ORDER, Item, Template
from retrofit_app.core.model import Stage

Answers = dict[tuple[str, str], Any]  # (item_id, check stage) -> value

# The check stages an estate's work stage asks to be done; later ones are not yet due.
_DUE: dict[str, tuple[str, ...]] = {
    Stage.SURVEYED: ("survey",),
    Stage.DESIGN: ("survey", "design"),
    Stage.CONSTRUCTION: ("survey", "design"),
    Stage.ACCEPTANCE: ("survey", "design", "completion"),
    Stage.ACCEPTED: ("survey", "design", "completion"),
}
ALL_STAGES: tuple[str, ...] = tuple(str(s) for s in STAGE_ORDER)


def due_stages(estate_stage: str | Stage) -> tuple[str, ...]:
    return _DUE.get(Stage(estate_stage), ALL_STAGES)


def _condition_value(ref: Item, stage: str, answers: Answers, shown: set[tuple[str, str]]) -> Any:
    """The answer a condition reads: the same stage when the item has it, else the latest one given."""
    if stage in ref.stages:
        return answers.get((ref.id, stage)) if (ref.id, stage) in shown else None
    for earlier in reversed(ref.stages):
        if (ref.id, earlier) in shown and answers.get((ref.id, earlier)) is not None:
            return answers[(ref.id, earlier)]
    return None


def visible_slots(template: Template, answers: Answers) -> set[tuple[str, str]]:
    """The (item, stage) pairs to show; conditions refer to earlier items, so one pass suffices."""
    shown: set[tuple[str, str]] = set()
    for item in template.items:
        for stage in item.stages:
            condition = item.condition
            if condition is not None:
                ref = template.item(condition.item_id)
                if ref is None or not condition.test.holds(
                    _condition_value(ref, stage, answers, shown)
                ):
                    continue
            shown.add((item.id, stage))
    return shown


def failed_slots(
    template: Template, answers: Answers, shown: set[tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    shown = visible_slots(template, answers) if shown is None else shown
    return [
        (item.id, stage)
        for item in template.items
        for stage in item.stages
        if (item.id, stage) in shown and item.fails(answers.get((item.id, stage)), stage)
    ]


@dataclass(frozen=True)
class Progress:
    required: int  # visible required answers due at the estate's stage
    answered: int  # of those, how many have a value
    failed: int  # visible answers that fail, at any stage
    open_defects: int = 0
    answered_total: int = 0  # every visible answer given, due or not

    @property
    def fraction(self) -> float:
        return self.answered / self.required if self.required else 1.0

    def plus(self, other: Progress) -> Progress:
        return Progress(
            self.required + other.required,
            self.answered + other.answered,
            self.failed + other.failed,
            self.open_defects + other.open_defects,
            self.answered_total + other.answered_total,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "required": self.required,
            "answered": self.answered,
            "fraction": round(self.fraction, 4),
            "failed": self.failed,
            "open_defects": self.open_defects,
            "answered_total": self.answered_total,
        }


EMPTY = Progress(0, 0, 0)


def checklist_progress(
    template: Template, answers: Answers, due: tuple[str, ...] = ALL_STAGES, open_defects: int = 0
) -> Progress:
    shown = visible_slots(template, answers)
    required = answered = answered_total = 0
    for item in template.items:
        for stage in item.stages:
            if (item.id, stage) not in shown:
                continue
            has_value = answers.get((item.id, stage)) is not None
            answered_total += has_value
            if item.required and stage in due:
                required += 1
                answered += has_value
    return Progress(
        required,
        answered,
        len(failed_slots(template, answers, shown)),
        open_defects,
        answered_total,
    )
