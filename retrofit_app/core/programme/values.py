"""Checks of a programme record's values: ISO dates in order, money in 分 from 元 or 万元, counts ≥ 0."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.field_words import EMPTY
from retrofit_app.core.limits import NAME_MAX_CHARS, NOTE_MAX_CHARS
from retrofit_app.core.words import Msg

# 元 → 分 and 万元 → 分.
FEN_PER = {"yuan": 100, "wan": 1_000_000}
_FIRST_YEAR, _LAST_YEAR = 1990, 2100  # a plan year outside is a slip (23 for 2023)
_MAX_FEN = 10**15  # ten trillion yuan: a typing slip, not a budget


def field_msg(column: str) -> Msg:
    """How a sentence names a programme column (catalogue ids programme.field.<column>)."""
    return Msg(f"programme.field.{column}")


def refused(column: str, value: object) -> RetrofitError:
    shown = EMPTY if value in (None, "") else str(value)[:60]
    return RetrofitError(ErrorCode.INVALID_VALUE, field=field_msg(column), value=shown)


def iso_date(column: str, value: object) -> str:
    """'' or an ISO date; a date or datetime (as Excel gives) is written as one."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-")).isoformat()
    except ValueError as error:
        raise RetrofitError(
            ErrorCode.DATE_INVALID, field=field_msg(column), value=text[:60]
        ) from error


def fen(column: str, value: object, unit: str = "fen") -> int | None:
    """Money as whole 分: from an int of 分, or (unit 'yuan' / 'wan') a number or text in 元 / 万元,
    exact (Decimal); None when empty. Negative, or finer than a 分, is refused."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise refused(column, value)
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation as error:
        raise refused(column, value) from error
    if not amount.is_finite():
        raise refused(column, value)
    fens = amount * FEN_PER.get(unit, 1)
    if fens != fens.to_integral_value():
        unit_word = Msg(f"programme.money.{unit}") if unit in FEN_PER else "fen"
        raise RetrofitError(
            ErrorCode.MONEY_PRECISION, field=field_msg(column), value=str(value)[:60],
            unit=unit_word,
        )  # fmt: skip
    if fens < 0:
        raise RetrofitError(ErrorCode.NEGATIVE_VALUE, field=field_msg(column), value=str(value))
    if fens > _MAX_FEN:
        raise refused(column, value)
    return int(fens)


def shown_money(fens: int | None, unit: str = "yuan") -> Decimal | None:
    """分 as 元 or 万元, exactly (Decimal), for a sheet or a field."""
    if fens is None:
        return None
    return Decimal(fens) / FEN_PER[unit]


def count(column: str, value: object, *, real: bool = False) -> int | float | None:
    """A count (or, real=True, a quantity) ≥ 0; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()) or isinstance(value, bool):
        if isinstance(value, bool):
            raise refused(column, value)
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as error:
        raise refused(column, value) from error
    if not number.is_finite() or (not real and number != number.to_integral_value()):
        raise refused(column, value)
    if number < 0:
        raise RetrofitError(ErrorCode.NEGATIVE_VALUE, field=field_msg(column), value=str(value))
    return float(number) if real else int(number)


def text(column: str, value: object, limit: int = NAME_MAX_CHARS) -> str:
    words = "" if value is None else str(value).strip()
    if len(words) > limit:
        raise RetrofitError(
            ErrorCode.TEXT_TOO_LONG, field=field_msg(column), length=len(words), limit=limit
        )
    return words


def one_of(column: str, value: object, allowed: tuple[str, ...]) -> str:
    words = "" if value is None else str(value).strip()
    if words not in allowed:
        raise refused(column, value)
    return words


@dataclass(frozen=True)
class Fields:
    """A table's columns by kind, and the pairs of dates that must come in order."""

    dates: tuple[str, ...] = ()
    money: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    notes: tuple[str, ...] = ("note",)
    years: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # uuids of other records, or None
    codes: Mapping[str, tuple[str, ...]] = None  # type: ignore[assignment]
    required: tuple[str, ...] = ()
    order: tuple[tuple[str, str], ...] = ()  # (earlier, later)

    @property
    def names(self) -> tuple[str, ...]:
        return (
            *self.dates, *self.money, *self.counts, *self.quantities, *self.texts, *self.notes,
            *self.years, *self.links, *(self.codes or {}),
        )  # fmt: skip

    def stored(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """`values` as stored (money already in 分); a column not of the table is refused."""
        result: dict[str, Any] = {}
        for column, value in values.items():
            result[column] = self._one(column, value)
        return result

    def _one(self, column: str, value: Any) -> Any:
        if column in self.dates:
            return iso_date(column, value)
        if column in self.money:
            return fen(column, value)
        if column in self.counts:
            return count(column, value)
        if column in self.quantities:
            return count(column, value, real=True)
        if column in self.texts:
            return text(column, value)
        if column in self.notes:
            return text(column, value, NOTE_MAX_CHARS)
        if column in self.years:
            year = count(column, value)
            if year is not None and not _FIRST_YEAR <= year <= _LAST_YEAR:
                raise refused(column, value)
            return year
        if column in self.links:
            return str(value).strip() or None if value is not None else None
        if self.codes and column in self.codes:
            return one_of(column, value, self.codes[column])
        raise refused(column, value)

    def check_whole(self, row: Mapping[str, Any]) -> None:
        """The record as it will be: required values present, dates in order."""
        for column in self.required:
            if row.get(column) in (None, ""):
                raise refused(column, "")
        for earlier, later in self.order:
            early, late = row.get(earlier) or "", row.get(later) or ""
            if early and late and late < early:
                raise RetrofitError(
                    ErrorCode.DATE_ORDER, earlier=field_msg(earlier), early=early,
                    later=field_msg(later), late=late,
                )  # fmt: skip
