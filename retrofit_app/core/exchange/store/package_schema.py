"""A field copy's schema against the one it left with: tables, columns, indexes, triggers, views.

A package is the office's schema plus the field's rows; anything the field's
tools added to the schema (a trigger that runs during the merge, a view, an
extra table or column, a changed type) is refused before a row is read.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.qgis_schema import GUARD_SUFFIX
from retrofit_app.core.words import N_, Msg

# Tables SQLite itself adds (ANALYZE, PRAGMA optimize): statistics only, never merged.
_SQLITE_OWN = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")
# What each kind of schema object is called: catalogue ids.
KINDS = {
    "table": N_("schema_kind.table"),
    "index": N_("schema_kind.index"),
    "trigger": N_("schema_kind.trigger"),
    "view": N_("schema_kind.view"),
}

Difference = Msg  # a catalogue sentence with its values


def _objects(conn: sqlite3.Connection, schema: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(type, name) → (table it belongs to, its SQL) for every schema object."""
    return {
        (kind, name): (table, sql or "")
        for kind, name, table, sql in conn.execute(
            f"SELECT type, name, tbl_name, sql FROM [{schema}].sqlite_master"
        )
        if name not in _SQLITE_OWN
    }


def _spatial_indexes(conn: sqlite3.Connection, schema: str) -> set[tuple[str, str]]:
    """The objects of the R-tree spatial indexes GDAL or QGIS made ("Create spatial index"):
    the rtree_<table>_<column> tables and the triggers that only keep them up to date.
    The merge never reads them (pygeodiff sees the app's tables only)."""
    found: set[tuple[str, str]] = set()
    for table, column in conn.execute(
        f"SELECT table_name, column_name FROM [{schema}].gpkg_geometry_columns"
    ):
        rtree = f"rtree_{table}_{column}"
        found |= {("table", rtree + part) for part in ("", "_node", "_parent", "_rowid")}
        keeps_index = rf'\s*(INSERT OR REPLACE INTO|DELETE FROM)\s+"?{re.escape(rtree)}"?\s'
        for name, sql in conn.execute(
            f"SELECT name, sql FROM [{schema}].sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            [rtree + "%"],
        ):
            body = re.split(r"\bBEGIN\b", sql or "", maxsplit=1, flags=re.IGNORECASE)[-1]
            statements = [s for s in re.split(r";", body.rsplit("END", 1)[0]) if s.strip()]
            if statements and all(re.match(keeps_index, s, re.IGNORECASE) for s in statements):
                found.add(("trigger", name))
    return found


def _table_info(conn: sqlite3.Connection, schema: str, table: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(f"PRAGMA [{schema}].table_info([{table}])")]


def _named(kind: str, name: str, table: str) -> Difference:
    said = Msg(KINDS[kind]) if kind in KINDS else kind
    if kind in ("index", "trigger") and table:
        return Msg("schema.named_on", kind=said, name=name, table=table)
    return Msg("schema.named", kind=said, name=name)


def _columns_changed(conn: sqlite3.Connection, table: str) -> list[Difference]:
    """The columns of `table` the package added, dropped or retyped."""
    mine = {r[1]: r[2] for r in _table_info(conn, "main", table)}
    theirs = {r[1]: r[2] for r in _table_info(conn, "given", table)}
    none = Msg("schema.no_type")
    found = [
        Msg("schema.extra_column", table=table, column=c)
        for c in sorted(mine.keys() - theirs.keys())
    ]
    found += [
        Msg("schema.missing_column", table=table, column=c)
        for c in sorted(theirs.keys() - mine.keys())
    ]
    found += [
        Msg("schema.retyped", table=table, column=c, old=theirs[c] or none, new=mine[c] or none)
        for c in sorted(mine.keys() & theirs.keys())
        if mine[c] != theirs[c]
    ]
    return found


def schema_differences(package: Path, given: Path, office: Path) -> list[Difference]:
    """How `package`'s schema differs from `given` (the schema it was exported with);
    and every trigger or view it has must also be the office's own. [] when it is the same."""
    conn = sqlite3.connect(file_uri(package, "ro"), uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS given", [file_uri(given, "ro")])
        conn.execute("ATTACH DATABASE ? AS office", [file_uri(office, "ro")])
        mine, theirs = _objects(conn, "main"), _objects(conn, "given")
        for objects, schema in ((mine, "main"), (theirs, "given")):
            for key in _spatial_indexes(conn, schema):
                objects.pop(key, None)
        office_objects = _objects(conn, "office")
        found: list[Difference] = []
        for key in sorted(mine.keys() - theirs.keys()):
            found.append(Msg("schema.extra", object=_named(*key, mine[key][0])))
        for key in sorted(theirs.keys() - mine.keys()):
            if key[0] == "trigger" and key[1].endswith(GUARD_SUFFIX):
                continue  # a guard against other programs' deletes dropped: the merge names those deletes
            found.append(Msg("schema.missing", object=_named(*key, theirs[key][0])))
        for key in sorted(mine.keys() & theirs.keys()):
            kind, name = key
            same = mine[key] == theirs[key]
            if same and kind == "table":
                same = _table_info(conn, "main", name) == _table_info(conn, "given", name)
            if same and kind in ("trigger", "view"):
                same = office_objects.get(key) == mine[key]
            if not same:
                changed = _columns_changed(conn, name) if kind == "table" else []
                found += changed or [
                    Msg("schema.redefined", object=_named(kind, name, mine[key][0]))
                ]
        return found
    finally:
        conn.close()
