"""Records read from the database: each field from the column of its name, converted when asked."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from enum import StrEnum

import pytest

from retrofit_app.core.storage.rows import from_row


class Kind(StrEnum):
    OWNER = "owner"
    TENANT = "tenant"


@dataclass(frozen=True)
class Person:
    uuid: str
    name: str
    kind: Kind
    rented: bool = False
    note: str = "（无）"
    tags: list[str] = field(default_factory=list)


def _row(sql: str) -> sqlite3.Row:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    return conn.execute(sql).fetchone()


def test_a_sqlite_row_fills_the_fields_of_the_same_name_and_converts_what_is_asked() -> None:
    row = _row("SELECT 'u1' AS uuid, '王建国' AS name, 'tenant' AS kind, 1 AS rented, 'x' AS other")
    person = from_row(Person, row, convert={"kind": Kind, "rented": bool})
    assert person == Person("u1", "王建国", Kind.TENANT, True)
    assert person.kind is Kind.TENANT and person.rented is True


def test_a_renamed_column_and_given_values_fill_fields_the_row_does_not_name() -> None:
    row = {"uuid": "u2", "full_name": "李秀英", "kind": "owner", "tags": "ignored"}
    person = from_row(Person, row, columns={"name": "full_name"}, tags=["老人"])
    assert person.name == "李秀英" and person.tags == ["老人"] and person.note == "（无）"


def test_a_row_missing_a_field_without_default_is_refused() -> None:
    with pytest.raises(TypeError):
        from_row(Person, {"uuid": "u3", "kind": "owner"})
