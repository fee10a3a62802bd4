"""The plan workbook read back: each row checked and recorded, a refused row named by sheet, row and column; one transaction per file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
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
    code_of,
    layout_by_title,
    plain,
    typed_cell,
)
from retrofit_app.core.words import say
from retrofit_app.core.xlsx_guard import check_xlsx

if TYPE_CHECKING:
    from retrofit_app.core.project import Project

_HEAD_ROWS = 10  # a heading is looked for in a sheet's first rows, under any title typed above it
_MAX_ROWS = 20_000  # a sheet longer than any district's list is a mistake, not a plan
_STAMPS = ("updated_at", "created_at", "fid")


class RowRefused(Exception):
    """A row refused for a reason of the workbook's own (an estate or elevator not found)."""

    def __init__(self, column: str, msgid: str, **params: object) -> None:
        super().__init__(msgid)
        self.column, self.msgid, self.params = column, msgid, params


@dataclass
class SheetCounts:
    title: str
    added: int = 0
    changed: int = 0
    refused: int = 0


@dataclass
class PlanImport:
    sheets: list[SheetCounts] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # one sentence per refused row

    @property
    def refused(self) -> int:
        return sum(s.refused for s in self.sheets)


def import_plan(project: Project, path: Path, lang: str = "zh") -> PlanImport:
    """Read every sheet the workbook has of the plan's layout (either language's titles)."""
    import openpyxl

    check_xlsx(Path(path))
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        by_layout = {}
        for sheet in book.worksheets:
            layout = layout_by_title(sheet.title)
            if layout is not None:
                by_layout[layout.key] = sheet
        if not by_layout:
            raise RetrofitError(ErrorCode.PLAN_NO_SHEET, path=path)
        result = PlanImport()
        with project.write():
            for layout in LAYOUTS:  # elevators before their cost shares
                if layout.key in by_layout:
                    _read_sheet(project, layout, by_layout[layout.key], lang, result)
        return result
    finally:
        book.close()


def _read_sheet(
    project: Project, layout: Layout, sheet: Any, lang: str, result: PlanImport
) -> None:
    counts = SheetCounts(layout.title(lang))
    result.sheets.append(counts)
    lines = sheet.iter_rows(values_only=True, max_row=_MAX_ROWS + 1)
    top = [line for line, _ in zip(lines, range(_HEAD_ROWS), strict=False)]
    found = head_row(top, layout.columns_by_head())
    if found is None:
        counts.refused += 1
        result.refusals.append(
            say("programme.import.no_head", lang, sheet=layout.title(lang), rows=_HEAD_ROWS)
        )
        return
    at, columns = found
    for number, line in enumerate([*top[at + 1 :], *lines], start=at + 2):
        values = {c: v for c, v in zip(columns, line, strict=False) if c}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        try:
            with project.write():  # a savepoint: a row refused halfway leaves nothing behind
                outcome = _record(project, layout, values)
        except RowRefused as refusal:
            counts.refused += 1
            sentence = say(refusal.msgid, lang, **refusal.params)
            result.refusals.append(_where(layout, number, refusal.column, sentence, lang))
        except RetrofitError as error:
            counts.refused += 1
            column = _column_named(error)
            result.refusals.append(_where(layout, number, column, error.sentence(lang), lang))
        else:
            counts.added += outcome == "added"
            counts.changed += outcome == "changed"


def head_row(
    top: list[tuple[Any, ...]], known: dict[str, str]
) -> tuple[int, list[str | None]] | None:
    """The heading row among a sheet's first rows and the column under each of its cells.

    A title typed above it (merged across, as offices do) is passed over; in a heading of two rows
    a cell merged down from the row above (小区编号 over both) names its column too. None when no
    row has a heading the layout knows."""
    best: tuple[int, list[str | None]] | None = None
    best_count = 0
    for at, line in enumerate(top):
        columns: list[str | None] = []
        for index, cell in enumerate(line):
            column = known.get(plain(cell))
            for above in reversed(top[:at]) if column is None and cell is None else ():
                if index < len(above) and above[index] is not None:
                    column = known.get(plain(above[index]))
                    break
            columns.append(column)
        count = sum(1 for c in columns if c)
        if any(known.get(plain(cell)) for cell in line) and count > best_count:
            best, best_count = (at, columns), count
    return best


def _where(layout: Layout, row: int, column: str, sentence: str, lang: str) -> str:
    head = layout.head_text(column, lang) if column else ""
    return say("programme.import.row", lang, sheet=layout.title(lang), row=row, column=head,
               sentence=sentence)  # fmt: skip


def _column_named(error: RetrofitError) -> str:
    named = error.params.get("field") or error.params.get("later") or ""
    text = str(named)
    return text.removeprefix("programme.field.") if text.startswith("programme.field.") else ""


def _record(project: Project, layout: Layout, values: dict[str, Any]) -> str:
    """Record one row; 'added', 'changed' or 'same'."""
    programme = project.programme
    if layout.table == "plan_targets":
        district = _district(project, values.get(DISTRICT))
        before = {t["uuid"]: dict(t) for t in programme.targets()}
        made = programme.set_target(
            plain(values.get("period")), code_of("measure", values.get("measure")),
            values.get("target"), district,
        )  # fmt: skip
        return _outcome(before.get(made["uuid"]) if made else None, made)
    estate = _estate(project, values)
    fields = _fields(layout, values)
    if layout.table == "elevator_cost_shares":
        lift = _elevator(project, estate, values)
        before = {s["floor"]: s for s in programme.shares(lift)}
        made = programme.set_share(lift, fields.get("floor"), fields.get("share_fen"))
        return _outcome(before.get(made["floor"]), made)
    if layout.per_estate == "one":
        before_one = programme.one(layout.table, estate)
        return _outcome(before_one, programme.set_one(layout.table, estate, **fields))
    if layout.table == "elevators":
        fields.update(elevator_places(project, estate, values))
    current = _current(project, layout, estate, values, fields)
    if current is None:
        return _outcome(None, programme.add(layout.table, estate, **fields))
    return _outcome(current, programme.change(layout.table, current["uuid"], **fields))


def _outcome(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if before is None:
        return "added"
    if after is None:
        return "changed"
    same = all(before.get(k) == v for k, v in after.items() if k not in _STAMPS)
    return "same" if same else "changed"


def _fields(layout: Layout, values: dict[str, Any]) -> dict[str, Any]:
    """The row's own columns as the service takes them: money in 分, codes from their words."""
    fields: dict[str, Any] = {}
    for column in layout.columns:
        if column == "registration_number" and layout.table == "elevator_cost_shares":
            continue  # names the elevator, read by _elevator
        value = typed_cell(layout, column, values.get(column))
        if column == "unit" and not value:
            continue  # the work's own unit
        fields[column] = value
    return fields


def _estate(project: Project, values: dict[str, Any]) -> str:
    wanted = plain(values.get(ESTATE_CODE)) or str(values.get(ESTATE_NAME) or "").strip()
    try:
        return project.estates.resolve(wanted).uuid
    except RetrofitError:
        column = ESTATE_CODE if plain(values.get(ESTATE_CODE)) else ESTATE_NAME
        raise RowRefused(column, "programme.import.no_estate", estate=wanted) from None


def _current(
    project: Project, layout: Layout, estate: str, values: dict[str, Any], fields: dict[str, Any]
) -> dict[str, Any] | None:
    """The record a row changes: by its record id, or (works) the estate's quantity of that work."""
    found = project.programme.rows(layout.table, estate)
    record = plain(values.get(RECORD))
    if record:
        for row in found:
            if row["uuid"] == record:
                return row
        raise RowRefused(RECORD, "programme.import.no_record", record=record)
    if layout.table == "estate_works":
        return next((row for row in found if row["work"] == fields.get("work")), None)
    return None


def elevator_places(project: Project, estate: str, values: dict[str, Any]) -> dict[str, Any]:
    """The elevator's building and stairwell, from their names in the estate."""
    places: dict[str, Any] = {"building_uuid": None, "unit_uuid": None}
    building_name = str(values.get(BUILDING) or "").strip()
    unit_name = str(values.get(UNIT) or "").strip()
    if not building_name:
        return places
    buildings = [b for b in project.buildings.of_estate(estate) if b.name == building_name]
    if not buildings:
        raise RowRefused(BUILDING, "programme.import.no_building", name=building_name)
    places["building_uuid"] = buildings[0].uuid
    if unit_name:
        units = [u for u in project.buildings.units(buildings[0].uuid) if u.name == unit_name]
        if not units:
            raise RowRefused(UNIT, "programme.import.no_building", name=unit_name)
        places["unit_uuid"] = units[0].uuid
    return places


def _elevator(project: Project, estate: str, values: dict[str, Any]) -> str:
    record = plain(values.get(ELEVATOR))
    number = plain(values.get("registration_number"))
    for lift in project.programme.rows("elevators", estate):
        if (record and lift["uuid"] == record) or (
            not record and number and plain(lift["registration_number"]) == number
        ):
            return lift["uuid"]
    raise RowRefused(ELEVATOR, "programme.import.no_elevator", elevator=record or number)


def _district(project: Project, name: Any) -> str | None:
    wanted = str(name or "").strip()
    if not wanted:
        return None
    for district in project.programme.districts():
        if district["name"] == wanted:
            return district["uuid"]
    raise RowRefused(DISTRICT, "programme.import.no_district", name=wanted)
