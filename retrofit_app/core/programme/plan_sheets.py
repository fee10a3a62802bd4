"""The plan workbook's layout: one sheet per kind of record, its columns, their headers and money units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from retrofit_app.core.programme.codes import (
    COMMITTEE_KIND_WORDS,
    FUND_KIND_WORDS,
    MEASURE_WORDS,
    PROPERTY_MODE_WORDS,
    SOURCE_WORDS,
    UNIT_WORDS,
    WORK_WORDS,
    word,
)
from retrofit_app.core.programme.tables import BY_TABLE
from retrofit_app.core.programme.values import fen, shown_money
from retrofit_app.core.words import LANGUAGES, Msg, say

# Columns that are not the table's own: who the row belongs to, and links by name.
ESTATE_CODE, ESTATE_NAME, RECORD = "estate_code", "estate_name", "record"
# The stairwell an elevator serves (单元) is "stairwell", not "unit": a work's unit (单位) is "unit".
ELEVATOR, BUILDING, UNIT, DISTRICT = "elevator", "building", "stairwell", "district"
_HEAD_IDS = {
    ESTATE_CODE: "programme.head.estate_code",
    ESTATE_NAME: "programme.head.estate_name",
    RECORD: "programme.head.record",
    ELEVATOR: "programme.head.elevator",
    BUILDING: "programme.head.building",
    UNIT: "programme.head.unit",
    DISTRICT: "programme.head.district",
}
# A code column's words, read back in either language (or as the code itself).
CODE_WORDS = {
    "source": SOURCE_WORDS,
    "kind": FUND_KIND_WORDS,
    "work": WORK_WORDS,
    "unit": UNIT_WORDS,
    "committee_kind": COMMITTEE_KIND_WORDS,
    "property_mode": PROPERTY_MODE_WORDS,
    "measure": MEASURE_WORDS,
}


@dataclass(frozen=True)
class Layout:
    key: str  # programme.sheet.<key> names the sheet
    table: str
    columns: tuple[str, ...]  # the table's own columns shown
    money: dict[str, str]  # money column → 'wan' (万元) or 'yuan' (元)
    per_estate: str = "many"  # 'one' (plan, management), 'many', or '' (targets)

    def heads(self) -> tuple[str, ...]:
        """Every column of the sheet, the estate's and the links' first."""
        first: tuple[str, ...] = ()
        if self.per_estate:
            first = (ESTATE_CODE, ESTATE_NAME)
        if self.per_estate == "many":
            first = (*first, RECORD)
        if self.table == "elevators":
            first = (*first, BUILDING, UNIT)
        if self.table == "elevator_cost_shares":
            first = (ESTATE_CODE, ESTATE_NAME, ELEVATOR)
        if self.table == "plan_targets":
            first = (DISTRICT,)
        return (*first, *self.columns)

    def title(self, lang: str) -> str:
        return say(f"programme.sheet.{self.key}", lang)

    def head_text(self, column: str, lang: str) -> str:
        if column in _HEAD_IDS:
            return say(_HEAD_IDS[column], lang)
        field = Msg(f"programme.field.{column}")
        if column in self.money:
            unit = Msg(f"programme.money.{self.money[column]}")
            return say("programme.head.money", lang, field=field, unit=unit)
        return say(field, lang)

    def columns_by_head(self) -> dict[str, str]:
        """Header text (either language, spaces ignored) → column."""
        return {
            _plain(self.head_text(column, lang)): column
            for lang in LANGUAGES
            for column in self.heads()
        }


def _plain(text: str) -> str:
    return "".join(str(text or "").split())


LAYOUTS = (
    Layout("plan", "estate_plans", (
        "batch", "plan_year", "target_start", "target_completion", "started_on", "completed_on",
        "buildings_planned", "households_planned", "floor_area_m2", "budget_fen", "note",
    ), {"budget_fen": "wan"}, "one"),
    Layout("funds", "estate_funds", ("source", "kind", "amount_fen", "recorded_on", "note"),
           {"amount_fen": "wan"}),
    Layout("contracts", "estate_contracts",
           ("name", "number", "contractor", "price_fen", "signed_on", "note"), {"price_fen": "wan"}),
    Layout("works", "estate_works", ("work", "quantity", "unit", "completed_on", "note"), {}),
    Layout("elevators", "elevators", (
        "consented_on", "approved_on", "started_on", "handed_over_on", "in_service_on",
        "registration_number", "cost_fen", "subsidy_fen", "note",
    ), {"cost_fen": "wan", "subsidy_fen": "wan"}),
    Layout("shares", "elevator_cost_shares", ("registration_number", "floor", "share_fen"),
           {"share_fen": "yuan"}, "shares"),
    Layout("management", "estate_management", (
        "assembly_formed_on", "committee_kind", "committee_formed_on", "committee_members",
        "committee_term_ends", "property_mode", "property_company", "property_contract_start",
        "property_contract_end", "note",
    ), {}, "one"),
    Layout("meetings", "governance_meetings", ("held_on", "subject", "decisions", "attendees"), {}),
    Layout("targets", "plan_targets", ("period", "measure", "target"), {}, ""),
)  # fmt: skip


def shown_cell(layout: Layout, column: str, value: Any, lang: str) -> Any:
    """A stored value as a sheet or a table shows it: money in 万元 or 元, codes as words,
    dates as dates."""
    if column in layout.money:
        return shown_money(value, layout.money[column])
    if column in CODE_WORDS and value:
        return word(CODE_WORDS[column], value, lang)
    fields = BY_TABLE.get(layout.table)
    if fields and column in fields.dates and value:
        return dt.date.fromisoformat(value)
    return value


def typed_cell(layout: Layout, column: str, value: Any) -> Any:
    """A value typed or read into a sheet's column as the service takes it: money in 分,
    codes from their words in either language (other text as given, for the service to refuse)."""
    if column in layout.money:
        return fen(column, value, layout.money[column])
    if column in CODE_WORDS:
        return code_of(column, value)
    if isinstance(value, str):
        value = value.strip()
    return "" if value is None and column in _TEXTS else value


_TEXTS = {"batch", "note", "name", "number", "contractor", "registration_number",
          "property_company", "subject", "decisions", "committee_kind", "property_mode"}  # fmt: skip


def code_of(column: str, value: Any) -> str:
    text = _plain(value)
    if not text:
        return ""
    for code, msgid in CODE_WORDS[column].items():
        if text == code or any(text == _plain(say(msgid, lang)) for lang in LANGUAGES):
            return code
    return text


def layout_by_title(title: str) -> Layout | None:
    """The layout a sheet's title names, in either language."""
    wanted = _plain(title)
    for layout in LAYOUTS:
        if any(_plain(layout.title(lang)) == wanted for lang in LANGUAGES):
            return layout
    return None


def plain(text: object) -> str:
    return _plain(str(text) if text is not None else "")
