"""Is a project file whole? Tables a partial copy lacks, overview views another program made tables.

QGIS's "Package layers" and `ogr2ogr` with a layer list copy some tables only; `ogr2ogr -f GPKG`
copies the `*_overview` views as tables, which then never change again. The first is refused
by name; the second too, until `check --repair` puts the views back (db/schema.sql's text).
"""

from __future__ import annotations

import functools
import re
import sqlite3

from retrofit_app.core.storage.qgis_schema import describe_for_qgis
from retrofit_app.core.storage.schema import SCHEMA_VERSION, schema_sql

# The app tables every project file has had since schema version 1 (a fact of history, never
# to change); a file at an older version is asked for these, a current one for all of schema.sql's.
_SINCE_VERSION_1 = frozenset({
    "gpkg_spatial_ref_sys", "gpkg_contents", "gpkg_geometry_columns", "app_meta", "districts",
    "streets", "communities", "estates", "estate_boundaries", "buildings", "units", "households",
    "owners", "household_owners", "checklist_templates", "checklists", "checklist_answers",
    "defects", "consultations", "votes", "opinions", "photos", "photo_data", "audit_log",
})  # fmt: skip


@functools.cache
def schema_views() -> dict[str, str]:
    """Each view db/schema.sql makes: name -> its CREATE VIEW statement."""
    found = re.finditer(r"^CREATE VIEW (\w+) AS\b.*?;", schema_sql(), re.MULTILINE | re.DOTALL)
    return {match[1]: match[0] for match in found}


@functools.cache
def _schema_tables() -> frozenset[str]:
    return frozenset(re.findall(r"^CREATE TABLE (\w+)", schema_sql(), re.MULTILINE))


@functools.cache
def schema_table_sql() -> dict[str, str]:
    """Each table db/schema.sql makes: name -> its CREATE TABLE statement."""
    found = re.finditer(r"^CREATE TABLE (\w+) \(.*?^\);", schema_sql(), re.MULTILINE | re.DOTALL)
    return {match[1]: match[0] for match in found}


@functools.cache
def schema_index_sql() -> dict[str, tuple[str, str]]:
    """Each index db/schema.sql makes: name -> (its table, its CREATE INDEX statement)."""
    found = re.finditer(r"^CREATE INDEX (\w+) ON (\w+)\(.*?;", schema_sql(), re.MULTILINE)
    return {match[1]: (match[2], match[0]) for match in found}


def _rules(sql: str) -> tuple[int, int, int]:
    """How many foreign keys, CHECKs and table UNIQUE rules a CREATE TABLE states."""
    text = re.sub(r"--[^\n]*", "", sql).upper()
    return text.count("REFERENCES"), text.count("CHECK"), len(re.findall(r"UNIQUE\s*\(", text))


def constraints_lost(conn: sqlite3.Connection) -> list[str]:
    """The app tables a copy holds without the foreign keys, CHECKs, UNIQUE rules or indexes
    db/schema.sql gives them (ogr2ogr and QGIS copy columns, not these).

    Only a file with no foreign key left at all is taken for such a copy: one of ours made by
    an older version may lack a rule added since, and is not to be refused for it.
    """
    stored = dict(
        conn.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index')")
    )
    ours = {
        n: sql for n, sql in schema_table_sql().items() if n in stored and not n.startswith("gpkg_")
    }
    if any(_rules(stored[name] or "")[0] for name in ours):
        return []
    lost = _fewer_rules(stored, ours) | {
        table
        for index, (table, _) in schema_index_sql().items()
        if index not in stored and table in ours
    }
    return [name for name in ours if name in lost]


def _fewer_rules(stored: dict[str, str | None], ours: dict[str, str]) -> set[str]:
    """The tables stored with fewer foreign keys, CHECKs or UNIQUE rules than ours state."""
    return {
        n
        for n, sql in ours.items()
        if any(a < b for a, b in zip(_rules(stored[n] or ""), _rules(sql), strict=True))
    }


def objects(conn: sqlite3.Connection) -> dict[str, str]:
    """Every table and view in the file: name -> 'table' or 'view'."""
    rows = conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
    return {name: kind for name, kind in rows}


# Columns only our estates layer has together: a file holding it is a copy of one of our projects.
_OUR_ESTATES = {"uuid", "code", "district_uuid", "street_uuid", "stage", "created_at", "deleted_at"}


def looks_like_ours(conn: sqlite3.Connection) -> bool:
    """Whether a file without our app_meta holds our estates layer (a partial copy of a project)."""
    return {row[1] for row in conn.execute("PRAGMA table_info(estates)")} >= _OUR_ESTATES


def missing_tables(found: dict[str, str], version: int) -> list[str]:
    """The app's tables (and views) a file at schema `version` should hold but does not."""
    wanted = _schema_tables() if version >= SCHEMA_VERSION else _SINCE_VERSION_1
    gone = [name for name in sorted(wanted) if name not in found]
    return gone + [name for name in schema_views() if name not in found]


def views_made_tables(found: dict[str, str]) -> list[str]:
    """The overview views another program turned into tables."""
    return [name for name in schema_views() if found.get(name) == "table"]


def restore_views(conn: sqlite3.Connection) -> list[str]:
    """Put back each overview view that became a table (inside the caller's transaction),
    with the R-tree and feature count GDAL gave the table; returns their names."""
    names = views_made_tables(objects(conn))
    for name in names:
        rtrees = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
            (f"rtree_{name}_geom",),
        ).fetchall()
        for (rtree,) in rtrees:
            conn.execute(f'DROP TABLE "{rtree}"')
        conn.execute(f'DROP TABLE "{name}"')
        conn.execute(schema_views()[name])
        for table in ("gpkg_extensions", "gpkg_ogr_contents"):
            if table in objects(conn):
                conn.execute(f"DELETE FROM {table} WHERE lower(table_name) = lower(?)", (name,))
    if names:
        describe_for_qgis(conn)  # the views' read-only triggers went with the tables
    return names
