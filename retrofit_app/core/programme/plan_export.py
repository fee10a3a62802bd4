"""The plan workbook written: every estate's plan, money, contracts, works, elevators, management, meetings and the targets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from retrofit_app.core.table_files import write_xlsx_sheets

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
    return len(estates)


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
