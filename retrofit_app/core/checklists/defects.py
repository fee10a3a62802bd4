"""Defects (整改问题): opened by failed items or by hand, then rectified and verified."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from retrofit_app.core.checklists.model import (
    DEFECT_STATUS_LABELS,
    Defect,
    DefectStatus,
    defect_from_row,
)
from retrofit_app.core.checklists.progress import Answers, failed_slots, visible_slots
from retrofit_app.core.checklists.template_model import Template
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.storage import checklist_store as store
from retrofit_app.core.storage import records
from retrofit_app.core.text_limits import check_lengths
from retrofit_app.core.words import Msg

if TYPE_CHECKING:
    from retrofit_app.core.access import ProjectAccess

# open → rectified → verified; a rectification that fails re-inspection goes back to open.
_NEXT: dict[DefectStatus, set[DefectStatus]] = {
    DefectStatus.OPEN: {DefectStatus.RECTIFIED},
    DefectStatus.RECTIFIED: {DefectStatus.VERIFIED, DefectStatus.OPEN},
    DefectStatus.VERIFIED: set(),
}


def _description(
    checklist: dict[str, Any], template: Template, item_id: str, stage: str, answers: Answers
) -> str:
    item = template.item(item_id)
    assert item is not None
    where = f"{checklist['target_label']} · " if checklist["target_kind"] != "estate" else ""
    return f"{where}{item.zh}：{item.option_label(answers.get((item_id, stage)))}"


def sync_defects(
    db, user: str, checklist: dict[str, Any], template: Template, answers: Answers
) -> None:  # noqa: ANN001
    """After an answer changed: every failed item has an unverified defect; a defect a failed
    answer opened is withdrawn when the item no longer fails and nobody has touched it."""
    shown = visible_slots(template, answers)
    failing: dict[str, str] = {}
    for item_id, stage in failed_slots(template, answers, shown):
        failing.setdefault(item_id, stage)
    unverified = store.unverified_defects_by_item(db, checklist["uuid"])
    for item in template.items:
        defect = unverified.get(item.id)
        if item.id in failing and defect is None:
            values = {
                "estate_uuid": checklist["estate_uuid"],
                "checklist_uuid": checklist["uuid"],
                "item_id": item.id,
                "description": _description(
                    checklist, template, item.id, failing[item.id], answers
                ),
                "source": "answer",
            }
            records.insert_row(db, "defects", values, user)
        elif item.id not in failing and defect is not None and _untouched(defect):
            records.delete_row(db, "defects", defect["uuid"], user)


def _untouched(defect: dict[str, Any]) -> bool:
    return (
        defect["source"] == "answer"
        and defect["status"] == DefectStatus.OPEN
        and not defect["responsible"]
        and not defect["deadline"]
    )


def _deadline(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as error:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="deadline", value=value) from error


def reworded(defect: Defect, template: Template, lang: str) -> Defect:
    """An automatic defect's words ("5幢 1单元 · 地质条件：差") in `lang`; a person's words stay.

    Only a description still exactly as sync_defects wrote it is reworded: one a person edited
    is theirs, in whatever language they wrote it.
    """
    item = template.item(defect.item_id)
    head = f"{item.zh}：" if item is not None else ""
    if lang == "zh" or item is None or defect.source != "answer" or head not in defect.description:
        return defect
    where, label = defect.description.rsplit(head, 1)
    values = [o.value for o in item.options if item.option_label(o.value, "zh") == label]
    if values:
        label = item.option_label(values[0], lang)
    elif item.unit[0] and label.endswith(f" {item.unit[0]}"):
        label = f"{label[: -len(item.unit[0])]}{item.unit[1]}"
    return dataclasses.replace(defect, description=f"{where}{item.en}: {label}")


class DefectService:
    def __init__(self, project: ProjectAccess, template_of: Callable[[str], Template]) -> None:
        """`template_of(checklist_uuid)`: the template a checklist was made from (ChecklistService)."""
        self.project = project
        self.template_of = template_of

    def of_estate(
        self, estate_uuid: str, *, unresolved_only: bool = False, lang: str = "zh"
    ) -> list[Defect]:
        """The estate's defects; automatic descriptions in `lang` (see reworded)."""
        with self.project.read():
            found = [
                defect_from_row(r) for r in store.defects_of_estate(self.project.db, estate_uuid)
            ]
        found = [d for d in found if d.unresolved] if unresolved_only else found
        return found if lang == "zh" else self._reworded(found, lang)

    def _reworded(self, defects: list[Defect], lang: str) -> list[Defect]:
        templates: dict[str, Template | None] = {}
        worded = []
        for defect in defects:
            key = defect.checklist_uuid
            if defect.source == "answer" and key:
                if key not in templates:
                    try:
                        templates[key] = self.template_of(key)
                    except RetrofitError:  # the checklist was removed: keep the words stored
                        templates[key] = None
                template = templates[key]
                defect = reworded(defect, template, lang) if template else defect
            worded.append(defect)
        return worded

    def get(self, uuid: str) -> Defect:
        with self.project.read():
            row = store.defect_row(self.project.db, uuid)
        if row is None:
            raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
        return defect_from_row(row)

    def add(
        self,
        estate_uuid: str,
        description: str,
        *,
        checklist_uuid: str | None = None,
        item_id: str = "",
        responsible: str = "",
        deadline: str | None = None,
    ) -> Defect:
        if not description.strip():
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="description", value="''")
        values = {
            "estate_uuid": estate_uuid,
            "checklist_uuid": checklist_uuid,
            "item_id": item_id,
            "description": description.strip(),
            "responsible": responsible.strip(),
            "deadline": _deadline(deadline),
            "source": "manual",
        }
        check_lengths(values)
        with self.project.write() as db:
            uuid = records.insert_row(db, "defects", values, self.project.user)
        return self.get(uuid)

    def update(self, uuid: str, **changes: Any) -> dict[str, Any]:
        """Change description, responsible party or deadline; returns the old values."""
        allowed = {"description", "responsible", "deadline"}
        if set(changes) - allowed:
            raise RetrofitError(
                ErrorCode.INVALID_VALUE, field=",".join(sorted(set(changes) - allowed)), value="?"
            )
        values = {
            k: (_deadline(v) if k == "deadline" else str(v or "").strip())
            for k, v in changes.items()
        }
        if "description" in values and not values["description"]:
            raise RetrofitError(ErrorCode.INVALID_VALUE, field="description", value="''")
        check_lengths(values)
        with self.project.write() as db:
            return records.update_row(db, "defects", uuid, values, self.project.user)

    def set_status(self, uuid: str, status: str | DefectStatus) -> Defect:
        new = DefectStatus(status)
        current = self.get(uuid)
        if new is not current.status:
            if new not in _NEXT[current.status]:
                raise RetrofitError(
                    ErrorCode.DEFECT_STATUS,
                    old=Msg(DEFECT_STATUS_LABELS[current.status]),
                    new=Msg(DEFECT_STATUS_LABELS[new]),
                )
            with self.project.write() as db:
                records.update_row(db, "defects", uuid, {"status": str(new)}, self.project.user)
        return self.get(uuid)
