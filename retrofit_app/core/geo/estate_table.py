"""The estate table for CSV and XLSX exports, with a hook for other features' columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.model import STAGE_LABELS, Stage
from retrofit_app.core.storage import geo_store
from retrofit_app.core.table_files import write_csv, write_xlsx
from retrofit_app.core.words import say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

# A column provider returns (headers, {estate_uuid: values in header order}). Another feature
# (checklist answers, consultation status) appends its provider here; missing estates get blanks.
ColumnProvider = Callable[["Project"], tuple[list[str], dict[str, list[Any]]]]
COLUMN_PROVIDERS: list[ColumnProvider] = []

BASE_HEADERS = [
    "编号 code", "名称 name", "区 district", "街道 street", "社区 community", "地址 address",
    "阶段 stage", "进度 progress", "楼栋 buildings", "单元 units", "户 households", "照片 photos",
]  # fmt: skip


def estate_table(project: Project) -> tuple[list[str], list[list[Any]]]:
    progress = project.estates.progress_by_estate()
    with project.read():
        counts = geo_store.estate_counts(project.db)
    estates = project.estates.list()
    headers = list(BASE_HEADERS)
    table = []
    for e in estates:
        c = counts.get(e.uuid, {})
        table.append([
            e.code, e.name, e.district, e.street, e.community, e.address,
            say(STAGE_LABELS[Stage(e.stage)], "zh"), round(progress.get(e.uuid, 0.0), 4),
            c.get("buildings", 0), c.get("units", 0), c.get("households", 0), c.get("photos", 0),
        ])  # fmt: skip
    for provider in COLUMN_PROVIDERS:
        extra_headers, values = provider(project)
        headers += extra_headers
        blank = [""] * len(extra_headers)
        for row, estate in zip(table, estates, strict=True):
            row += values.get(estate.uuid, blank)
    return headers, table


def export_csv(project: Project, out: Path) -> int:
    """UTF-8 with a BOM, so Excel on a Chinese Windows opens it without garbling; returns rows written."""
    headers, table = estate_table(project)
    write_csv(out, headers, table)
    return len(table)


def export_xlsx(project: Project, out: Path) -> int:
    headers, table = estate_table(project)
    write_xlsx(out, "小区 estates", headers, table)
    return len(table)
