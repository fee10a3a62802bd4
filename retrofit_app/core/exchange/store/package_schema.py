"""A field copy's schema against the one it left with: tables, columns, indexes, triggers, views.

A package is the office's schema plus the field's rows; anything the field's
tools added to the schema (a trigger that runs during the merge, a view, an
extra table or column, a changed type) is refused before a row is read.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from retrofit_app.core.storage.connection import file_uri

# Tables SQLite itself adds (ANALYZE, PRAGMA optimize): statistics only, never merged.
_SQLITE_OWN = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")
KINDS = {
    "table": ("表", "table"),
    "index": ("索引", "index"),
    "trigger": ("触发器", "trigger"),
    "view": ("视图", "view"),
}

Difference = tuple[str, str]  # (zh, en)


def _objects(conn: sqlite3.Connection, schema: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, name) → (table it belongs to, its SQL) for every schema object."""
    return {
        (kind, name): (table, sql or "")
        for kind, name, table, sql in conn.execute(
            f"SELECT type, name, tbl_name, sql FROM [{schema}].sqlite_master"
        )
        if name not in _SQLITE_OWN
    }


def _table_info(conn: sqlite3.Connection, schema: str, table: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(f"PRAGMA [{schema}].table_info([{table}])")]


def _named(kind: str, name: str, table: str) -> Difference:
    zh, en = KINDS.get(kind, (kind, kind))
    if kind in ("index", "trigger") and table:
        return f"{zh} {name}（表 {table}）", f"{en} {name} (on table {table})"
    return f"{zh} {name}", f"{en} {name}"


def _columns_changed(conn: sqlite3.Connection, table: str) -> list[Difference]:
    """The columns of `table` the package added, dropped or retyped."""
    mine = {r[1]: r[2] for r in _table_info(conn, "main", table)}
    theirs = {r[1]: r[2] for r in _table_info(conn, "given", table)}
    found = [
        (f"表 {table} 多出列 {c}", f"an extra column {c} in table {table}")
        for c in mine.keys() - theirs.keys()
    ]
    found += [
        (f"表 {table} 缺少列 {c}", f"column {c} of table {table} is missing")
        for c in theirs.keys() - mine.keys()
    ]
    found += [
        (
            f"表 {table} 的列 {c} 类型由 {theirs[c] or '无'} 改为 {mine[c] or '无'}",
            f"column {c} of table {table} changed type from {theirs[c] or 'none'} to {mine[c] or 'none'}",
        )
        for c in mine.keys() & theirs.keys()
        if mine[c] != theirs[c]
    ]
    return sorted(found)


def schema_differences(package: Path, given: Path, office: Path) -> list[Difference]:
    """How `package`'s schema differs from `given` (the schema it was exported with);
    and every trigger or view it has must also be the office's own. [] when it is the same."""
    conn = sqlite3.connect(file_uri(package, "ro"), uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS given", [file_uri(given, "ro")])
        conn.execute("ATTACH DATABASE ? AS office", [file_uri(office, "ro")])
        mine, theirs = _objects(conn, "main"), _objects(conn, "given")
        office_objects = _objects(conn, "office")
        found: list[Difference] = []
        for key in sorted(mine.keys() - theirs.keys()):
            zh, en = _named(*key, mine[key][0])
            found.append((f"多出{zh}", f"an extra {en}"))
        for key in sorted(theirs.keys() - mine.keys()):
            zh, en = _named(*key, theirs[key][0])
            found.append((f"缺少{zh}", f"the {en} is missing"))
        for key in sorted(mine.keys() & theirs.keys()):
            kind, name = key
            same = mine[key] == theirs[key]
            if same and kind == "table":
                same = _table_info(conn, "main", name) == _table_info(conn, "given", name)
            if same and kind in ("trigger", "view"):
                same = office_objects.get(key) == mine[key]
            if not same:
                zh, en = _named(kind, name, mine[key][0])
                changed = _columns_changed(conn, name) if kind == "table" else []
                found += changed or [
                    (f"{zh}的定义被改动", f"the definition of the {en} was changed")
                ]
        return found
    finally:
        conn.close()
