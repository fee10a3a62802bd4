"""Checklist answers as a table: one row per item and stage, written to CSV (Excel-ready) or XLSX."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.checklists.model import DEFECT_STATUS_LABELS, TARGET_LABELS, Checklist
from retrofit_app.core.checklists.progress import visible_slots
from retrofit_app.core.checklists.sources import basis_label
from retrofit_app.core.checklists.template_model import CHECK_STAGE_LABELS
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.table_files import write_csv, write_xlsx
from retrofit_app.core.words import N_, in_language, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

HEADER = (
    N_("export.estate_code"),
    N_("export.estate"),
    N_("export.checklist"),
    N_("export.template_version"),
    N_("export.target_kind"),
    N_("export.target"),
    N_("export.section"),
    N_("export.item_id"),
    N_("export.item"),
    N_("export.stage"),
    N_("export.required"),
    N_("export.shown"),
    N_("export.answer"),
    N_("export.answer_value"),
    N_("export.result"),
    N_("export.note"),
    N_("export.answered_by"),
    N_("export.answered_at"),
    N_("export.defect_status"),
    N_("export.standard"),
    N_("export.basis"),
)
FORMATS = ("csv", "xlsx")


def header(lang: str = "zh") -> list[str]:
    return [say(h, lang) for h in HEADER]


def checklist_rows(project: Project, estate_uuid: str, lang: str = "zh") -> list[list[Any]]:
    """The rows of every checklist of the estate, in the order the window shows them."""
    estate = project.estates.get(estate_uuid)
    defects = {
        (d.checklist_uuid, d.item_id): d
        for d in project.checklists.defects.of_estate(estate_uuid)  # later ones win: the newest
    }
    yes, no = say("answer.yes", lang), say("answer.no", lang)
    rows: list[list[Any]] = []
    for checklist in project.checklists.of_estate(estate_uuid):
        rows.extend(_rows_of(checklist, estate.code, estate.name, defects, lang, yes, no))
    return rows


def _rows_of(
    checklist: Checklist, code: str, name: str, defects: dict, lang: str, yes: str, no: str
) -> list[list[Any]]:
    template = checklist.template
    values = checklist.values()
    shown = visible_slots(template, values)
    rows = []
    for item in template.items:
        section = template.section(item.section)
        for stage in item.stages:
            answer = checklist.answers.get((item.id, stage))
            value = answer.value if answer else None
            defect = defects.get((checklist.uuid, item.id))
            rows.append([
                code, name, template.name(lang), template.version,
                say(TARGET_LABELS[checklist.target_kind], lang), checklist.target_label,
                in_language(section.zh, section.en, lang) if section else item.section,
                item.id, item.text(lang), say(CHECK_STAGE_LABELS[stage], lang),
                yes if item.required else no, yes if (item.id, stage) in shown else no,
                item.option_label(value, lang), "" if value is None else value,
                item.verdict_label(value, stage, lang),
                answer.note if answer else "", answer.answered_by if answer else "",
                answer.answered_at if answer else "",
                say(DEFECT_STATUS_LABELS[defect.status], lang) if defect else "",
                item.citation(lang), basis_label(item, lang),
            ])  # fmt: skip
    return rows


_ANSWERED_AT = HEADER.index("export.answered_at")


def _write_xlsx(path: Path, head: list[str], rows: list[list[Any]]) -> None:
    widths = {"I": 48, "C": 24, "F": 14, "M": 16, "P": 24, "R": 20, "T": 48, "U": 14}
    # The stored UTC timestamp becomes an Excel date-time (shown in local time).
    dated = [[*r[:_ANSWERED_AT], _timestamp(r[_ANSWERED_AT]), *r[_ANSWERED_AT + 1 :]] for r in rows]
    write_xlsx(path, say("export.sheet", "zh"), head, dated, widths)


def _timestamp(text: str) -> datetime | str:
    try:
        return datetime.fromisoformat(text) if text else text
    except ValueError:
        return text


def export_checklists(
    project: Project,
    estate_uuid: str,
    path: Path,
    fmt: str,
    *,
    lang: str = "zh",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the estate's checklists to `path`; returns the number of rows. The file appears
    complete or not at all (written beside it, then renamed)."""
    if fmt not in FORMATS:
        raise RetrofitError(ErrorCode.INVALID_VALUE, field="format", value=fmt)
    path = Path(path)
    rows = checklist_rows(project, estate_uuid, lang)
    if progress:
        progress(1, 2)
    if cancelled and cancelled():
        return 0
    # DISK_FULL or CANNOT_WRITE when the file cannot be written; the old one then stays.
    (write_csv if fmt == "csv" else _write_xlsx)(path, header(lang), rows)
    if progress:
        progress(2, 2)
    return len(rows)
