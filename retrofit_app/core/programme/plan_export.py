"""The plan workbook written: every estate's plan, money, contracts, works, elevators, management, meetings and the targets."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.programme.codes import (
    FUND_KIND_WORDS,
    FUND_KINDS,
    FUNDING_SOURCES,
    SOURCE_WORDS,
    word,
)
from retrofit_app.core.programme.plan_sheets import (
    BUILDING,
    DISTRICT,
    ELEVATOR,
    ESTATE_CODE,
    ESTATE_NAME,
    LAYOUTS,
    RECORD,
    UNIT,
    Layout,
    shown_cell,
)
from retrofit_app.core.programme.values import shown_money
from retrofit_app.core.table_files import write_xlsx_sheets
from retrofit_app.core.words import Msg, say

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


def export_plan(project: Project, path: Path, lang: str = "zh") -> int:
    """Write the workbook; returns how many estates it lists."""
    estates = project.estates.list()
    places = place_names(project, [e.uuid for e in estates])
    districts = {d["uuid"]: d["name"] for d in project.programme.districts()}
    sheets = []
    for layout in LAYOUTS:
        lines: list[list[Any]] = []
        if layout.table == "plan_targets":
            for target in project.programme.targets():
                values = {**target, DISTRICT: districts.get(target["district_uuid"] or "", "")}
                lines.append(_line(layout, values, lang))
        for estate in estates:
            owner = {ESTATE_CODE: estate.code, ESTATE_NAME: estate.name}
            if layout.table == "elevator_cost_shares":
                for lift in project.programme.rows("elevators", estate.uuid):
                    for share in project.programme.shares(lift["uuid"]):
                        values = {**owner, **share, ELEVATOR: lift["uuid"],
                                  "registration_number": lift["registration_number"]}  # fmt: skip
                        lines.append(_line(layout, values, lang))
            elif layout.per_estate:
                for found in project.programme.rows(layout.table, estate.uuid):
                    values = {**owner, **found, RECORD: found["uuid"],
                              BUILDING: places.get(found.get("building_uuid") or "", ""),
                              UNIT: places.get(found.get("unit_uuid") or "", "")}  # fmt: skip
                    lines.append(_line(layout, values, lang))
        head = [layout.head_text(column, lang) for column in layout.heads()]
        sheets.append((layout.title(lang), head, lines, None))
    write_xlsx_sheets(Path(path), sheets)
    _add_fund_summary(Path(path), project, estates, lang)
    return len(estates)


def fund_summary_rows(project: Project, estates: list[Any], lang: str = "zh") -> list[list[Any]]:
    """Per estate: code, name, district, batch, then budget and actual in 万元, each the total
    first and then by source (FUNDING_SOURCES' order); a last row sums every estate."""
    plans = {p["estate_uuid"]: p for p in project.programme.all_rows("estate_plans")}
    sums: dict[tuple[str, str, str], int] = {}
    for fund in project.programme.all_rows("estate_funds"):
        key = (fund["estate_uuid"], fund["kind"], fund["source"])
        sums[key] = sums.get(key, 0) + fund["amount_fen"]
    rows = []
    for estate in estates:
        money: list[Any] = []
        for kind in FUND_KINDS:
            parts = [sums.get((estate.uuid, kind, source), 0) for source in FUNDING_SOURCES]
            money += [shown_money(sum(parts), "wan"), *(shown_money(v, "wan") for v in parts)]
        batch = (plans.get(estate.uuid) or {}).get("batch", "")
        rows.append([estate.code, estate.name, estate.district, batch, *money])
    totals = [sum(Decimal(str(r[c])) for r in rows) for c in range(4, 4 + 2 * _MONEY_COLUMNS)]
    rows.append(["", say("review.whole", lang), "", "", *totals])
    return rows


_MONEY_COLUMNS = 1 + len(FUNDING_SOURCES)  # the total, then each source
_WAN = Msg("programme.money.wan")


def _add_fund_summary(path: Path, project: Project, estates: list[Any], lang: str) -> None:
    """The funds as a district's finance office lays them out: an estate a row, budget and actual
    under merged headings, a column per source. For reading only: import-plan passes it over."""
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet(say("programme.sheet.fund_summary", lang), index=2)
    width = 4 + 2 * _MONEY_COLUMNS
    sheet.append([say("programme.summary.note", lang)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    heads = [say(m, lang) for m in ("programme.head.estate_code", "programme.head.estate_name",
                                    "review.col.district", "programme.field.batch")]  # fmt: skip
    kinds = [
        say("programme.head.money", lang, field=Msg(FUND_KIND_WORDS[k]), unit=_WAN)
        for k in FUND_KINDS
    ]
    sources = [say("review.whole", lang), *(word(SOURCE_WORDS, s, lang) for s in FUNDING_SOURCES)]
    sheet.append([*heads, kinds[0], *[None] * (_MONEY_COLUMNS - 1), kinds[1]])
    sheet.append([None] * 4 + sources * 2)
    for column in range(1, 5):
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for first in (5, 5 + _MONEY_COLUMNS):
        sheet.merge_cells(
            start_row=2, start_column=first, end_row=2, end_column=first + _MONEY_COLUMNS - 1
        )
    for row in fund_summary_rows(project, estates, lang):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for line in sheet.iter_rows(min_row=2, max_row=3):
        for cell in line:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for line in sheet.iter_rows(min_row=4, min_col=5):
        for cell in line:
            cell.number_format = "0.00"
    sheet.freeze_panes = "E4"
    for index, size in enumerate((10, 16, 10, 14), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = size
    temp = path.with_name(f".{path.name}.summary.part")
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _line(layout: Layout, values: dict[str, Any], lang: str) -> list[Any]:
    return [shown_cell(layout, column, values.get(column), lang) for column in layout.heads()]


def place_names(project: Project, estate_uuids: list[str]) -> dict[str, str]:
    """Building and stairwell uuid → name, for the elevators sheet."""
    names: dict[str, str] = {}
    for estate_uuid in estate_uuids:
        for building in project.buildings.of_estate(estate_uuid):
            names[building.uuid] = building.name
            for unit in project.buildings.units(building.uuid):
                names[unit.uuid] = unit.name
    return names
