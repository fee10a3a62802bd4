"""What the schema says about the app's tables: columns, uuid references, unique keys."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# Tables that never travel in a field copy or a changeset: file metadata and
# the office's own exchange bookkeeping.
NOT_EXCHANGED = ("app_meta", "exchange_packages", "exchange_merges", "merge_conflicts")


@dataclass(frozen=True)
class Reference:
    column: str
    parent: str


def app_tables(conn: sqlite3.Connection, schema: str = "main") -> list[str]:
    """The app's data tables with a uuid column, in the order the schema made them."""
    names = [
        r[0]
        for r in conn.execute(
            f"""SELECT name FROM [{schema}].sqlite_master WHERE type = 'table'
                AND name NOT LIKE 'gpkg_%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'rtree_%'
                ORDER BY rowid"""
        )
    ]
    return [n for n in names if n not in NOT_EXCHANGED and "uuid" in columns(conn, n, schema)]


def columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA [{schema}].table_info([{table}])")]


def references(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[Reference]:
    """The columns of `table` that point at another table's uuid."""
    return [
        Reference(r[3], r[2])
        for r in conn.execute(f"PRAGMA [{schema}].foreign_key_list([{table}])")
        if r[4] == "uuid"
    ]


def anchored_tables(conn: sqlite3.Connection, tables: list[str], schema: str = "main") -> set[str]:
    """Tables whose rows belong to an estate (through a chain of declared uuid references)."""
    anchored = {"estates"}
    grew = True
    while grew:
        grew = False
        for table in tables:
            if table not in anchored and any(
                r.parent in anchored for r in references(conn, table, schema)
            ):
                anchored.add(table)
                grew = True
    return anchored


def unique_keys(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[list[str]]:
    """Each UNIQUE constraint of `table` as its column list (the uuid first)."""
    keys = []
    for index in conn.execute(f"PRAGMA [{schema}].index_list([{table}])").fetchall():
        if index[2] and index[3] == "u":
            cols = [r[2] for r in conn.execute(f"PRAGMA [{schema}].index_info([{index[1]}])")]
            keys.append(cols)
    return sorted(keys, key=lambda k: k != ["uuid"])


def uuid_columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    """Columns holding another record's uuid (declared or by the *_uuid naming habit)."""
    found = {c for c in columns(conn, table, schema) if c.endswith("_uuid")}
    found |= {r.column for r in references(conn, table, schema)}
    return sorted(found)
