"""Dataclasses from database rows: each field from the column of its name, converted when asked."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def from_row(
    cls: type[T],
    row: Mapping[str, Any] | sqlite3.Row,
    /,
    *,
    columns: Mapping[str, str] | None = None,
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
    **values: Any,
) -> T:
    """A `cls` whose fields hold the row's columns of the same name (or `columns[field]`).

    `convert[field]` turns the stored value into the field's (text into an enum, a blob into
    a geometry); `values` gives fields the row does not hold. Columns without a field are
    left out; fields without a column keep their default.
    """
    columns = columns or {}
    convert = convert or {}
    present = row.keys()
    fields = dict(values)
    for name in _field_names(cls):
        if name in fields:
            continue
        column = columns.get(name, name)
        if column in present:
            value = row[column]
            fields[name] = convert[name](value) if name in convert else value
    return cls(**fields)
