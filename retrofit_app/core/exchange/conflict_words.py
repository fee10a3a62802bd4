"""A merge conflict in words a person knows: the estate, building, room and owner (masked), the
field by its name, both values as the window shows them, and who changed each and when."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from retrofit_app.core.checklists.model import DEFECT_STATUS_LABELS
from retrofit_app.core.clock import shown_minute
from retrofit_app.core.consultation.votes import CHOICE_LABELS, METHOD_LABELS
from retrofit_app.core.exchange.conflicts import Conflict
from retrofit_app.core.exchange.store.lane_check import TABLE_NAMES
from retrofit_app.core.exchange.store.merge_work import RECORD
from retrofit_app.core.exchange.store.record_places import answer_item, record_changes, record_place
from retrofit_app.core.field_words import field_words
from retrofit_app.core.model import STAGE_LABELS
from retrofit_app.core.privacy import mask_id_number, mask_name, mask_phone
from retrofit_app.core.project import Project
from retrofit_app.core.words import N_, say

# Stored values in words, by field: catalogue ids.
_VALUE_WORDS: dict[str, Mapping[Any, str]] = {
    "choice": CHOICE_LABELS,
    "method": {**METHOD_LABELS, "": N_("conflict.not_given")},
    "review_state": {
        "": N_("conflict.not_reviewed"),
        "verified": N_("conflict.verified"),
        "disputed": N_("conflict.disputed"),
    },
    "stage": {str(k): v for k, v in STAGE_LABELS.items()},
    "rented": {0: N_("conflict.no"), 1: N_("conflict.yes")},
    "stage_tag": {
        "before": N_("photo_stage.before"),
        "during": N_("photo_stage.during"),
        "after": N_("photo_stage.after"),
    },
}
_MASKED = {"id_number": mask_id_number, "phone": mask_phone}


@dataclass(frozen=True)
class Change:
    """Who set a value and when (ISO time in UTC, as the audit log keeps it)."""

    user: str = ""
    at: str = ""

    def __str__(self) -> str:
        """ "王芳 2026-12-01 18:02" in this computer's time; "" when the log does not say."""
        if not self.at:
            return ""
        return f"{self.user} {shown_minute(self.at)}"


@dataclass(frozen=True)
class ConflictWords:
    place: str  # 颐和新村（GL-0001）2幢 1单元 301 · 张*明
    record: str  # 表决
    field: str  # 表决意见
    office_value: str
    field_value: str
    office_change: Change
    field_change: Change


def value_words(table: str, field: str, value: Any, lang: str) -> str:
    """A stored value as a person reads it: 同意 not `agree`, a masked phone, 空 for nothing."""
    if field == RECORD and value is None:
        return say("conflict.deleted", lang)
    if field == "deleted_at":
        return say("conflict.in_bin", lang) if value else say("conflict.in_use", lang)
    if value is None or value == "":
        return say("conflict.empty", lang)
    if isinstance(value, bytes):
        return say("conflict.bytes", lang, count=len(value))
    if field in _MASKED:
        return _MASKED[field](str(value))
    words = (
        DEFECT_STATUS_LABELS.get(str(value))
        if table == "defects" and field == "status"
        else _VALUE_WORDS.get(field, {}).get(value)
    )
    return say(words, lang) if words is not None else str(value)


def _answer_words(project: Project, conflict: Conflict, value: Any, lang: str) -> str | None:
    """A checklist answer (stored as JSON) in its item's words: 砖混, 12 层."""
    with project.read():
        found = answer_item(project.db, conflict.record_uuid)
    if found is None or not isinstance(value, str):
        return None
    item = project.checklists.template(found[0]).item(found[1])
    try:
        decoded = json.loads(value)
    except ValueError:
        return None
    return item.option_label(decoded, lang) if item is not None else None


def _place(found: dict[str, Any], lang: str) -> str:
    parts = []
    if found.get("estate"):
        parts.append(say("conflict.estate", lang, name=found["estate"], code=found["estate_code"]))
    inner = " ".join(found[k] for k in ("building", "unit", "room") if found.get(k))
    if inner:
        parts.append(inner)
    text = " ".join(parts)
    owners = "、".join(mask_name(n) for n in found.get("owners", []) if n)
    return f"{text} · {owners}" if owners else text


def _same(stored: Any, logged: Any, field: str) -> bool:
    if field in _MASKED:  # the log keeps personal numbers masked
        return _MASKED[field](str(stored or "")) == _MASKED[field](str(logged or ""))
    return stored == logged or (stored is not None and str(stored) == str(logged))


def _who_set(changes: list[dict[str, Any]], field: str, value: Any) -> Change:
    """Who made the last entry that gave `field` the value `value`, and when."""
    for entry in reversed(changes):
        if field == RECORD:
            hit = entry["action"] == "delete" and value is None
        else:
            new = json.loads(entry["new_values"]) if entry["new_values"] else {}
            hit = field in new and _same(value, new[field], field)
        if hit:
            return Change(entry["user_name"], entry["at"])
    return Change()


def describe(project: Project, conflict: Conflict, lang: str = "zh") -> ConflictWords:
    with project.read():
        found = record_place(project.db, conflict.table, conflict.record_uuid)
        changes = record_changes(project.db, conflict.record_uuid)
    table = conflict.table
    values = [value_words(table, conflict.field, v, lang)
              for v in (conflict.office_value, conflict.field_value)]  # fmt: skip
    if table == "checklist_answers" and conflict.field == "value":
        values = [_answer_words(project, conflict, v, lang) or w
                  for v, w in zip((conflict.office_value, conflict.field_value), values, strict=True)]  # fmt: skip
    return ConflictWords(
        place=_place(found, lang) or conflict.record_uuid[:8],
        record=say(TABLE_NAMES[table], lang) if table in TABLE_NAMES else table,
        field=say("conflict.whole_record", lang)
        if conflict.field == RECORD
        else say(field_words(conflict.field), lang),
        office_value=values[0],
        field_value=values[1],
        office_change=_who_set(changes, conflict.field, conflict.office_value),
        field_change=_who_set(changes, conflict.field, conflict.field_value),
    )
