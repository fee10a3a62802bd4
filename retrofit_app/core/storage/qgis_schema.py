"""What QGIS and GDAL read besides the tables: field aliases, value lists, read-only overview layers.

The GeoPackage schema extension (`gpkg_data_columns`, `gpkg_data_column_constraints`) gives
each layer's fields their Chinese names and the coded fields (stage, photo stage) their
words, so GDAL and QGIS show 已调查, not `surveyed`; QGIS 3.22 reads the names only from a
default style, so each layer also gets one in `layer_styles` (qgis_styles.py), which marks
the overviews read-only too; INSTEAD OF triggers make the `*_overview` views refuse an
edit in a sentence instead of a raw SQL error, and BEFORE DELETE triggers send a delete of a
record the program keeps in its trash back to the program, in a sentence. Written into every new
file (create.py) and by the schema 4 -> 5 migration, the same way; safe to run again.
"""

from __future__ import annotations

import re
import sqlite3

from retrofit_app.core.model import STAGE_LABELS, Stage
from retrofit_app.core.storage.gpkg_functions import PROGRAM_CONNECTION
from retrofit_app.core.storage.qgis_styles import style_qml, write_default_styles
from retrofit_app.core.words import has, say

# A random (version 4) UUID as ids.new_uuid writes it, and a timestamp as clock.now_iso does.
_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
_SCHEMA_EXTENSION = "http://www.geopackage.org/spec130/#extension_schema"
# The GeoPackage 1.3 spec's own definitions of the tables (annex F.9, F.2).
_TABLES = (
    """CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
)""",
    """CREATE TABLE IF NOT EXISTS gpkg_data_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  name TEXT,
  title TEXT,
  description TEXT,
  mime_type TEXT,
  constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name)
)""",
    """CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (
  constraint_name TEXT NOT NULL,
  constraint_type TEXT NOT NULL,
  value TEXT,
  min NUMERIC,
  min_is_inclusive BOOLEAN,
  max NUMERIC,
  max_is_inclusive BOOLEAN,
  description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value)
)""",
)

# The fields QGIS users see, per layer; each is named by its catalogue words (field.<column>).
_COMMON = ("uuid", "created_at", "updated_at")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "estates": ("code", "name", "address", "year_built", "stage", "note", *_COMMON,
                "district_uuid", "street_uuid", "community_uuid", "deleted_at"),
    "estate_boundaries": ("estate_uuid", "uuid"),
    "buildings": ("name", "storeys", "year_built", "structure", "safety_grade", "note",
                  *_COMMON, "estate_uuid", "deleted_at"),
    "photos": ("stage_tag", "caption", "file_name", "taken_at", "uuid", "sha256", "estate_uuid",
               "building_uuid", "unit_uuid", "household_uuid", "checklist_uuid", "item_id",
               "defect_uuid", "mime", "lon", "lat", "camera", "width", "height", "byte_size",
               "imported_at", "imported_by", "annotation", "deleted_at"),
    "estates_overview": ("code", "name", "district", "street", "community", "address",
                         "year_built", "stage", "note"),
    "buildings_overview": ("name", "estate_code", "estate_name", "storeys", "year_built",
                           "structure", "safety_grade", "estate_stage"),
    "photos_overview": ("estate_code", "estate_name", "stage_tag", "caption", "file_name",
                        "taken_at"),
}  # fmt: skip
# Coded columns: constraint name, its codes and their catalogue words.
_STAGE = ("estate_stage", {stage.value: STAGE_LABELS[stage] for stage in Stage})
_PHOTO_STAGE = ("photo_stage", {tag: f"photo_stage.{tag}" for tag in ("before", "during", "after")})
_CODED = {"stage": _STAGE, "estate_stage": _STAGE, "stage_tag": _PHOTO_STAGE}
# Each overview view and the table a QGIS user edits instead.
OVERVIEWS = {
    "estates_overview": "estates",
    "buildings_overview": "buildings",
    "photos_overview": "photos",
}


def _words(column: str, lang: str) -> str:
    msgid = f"field.{column}"
    return say(msgid, lang) if has(msgid) else column


def _constraint_rows() -> list[tuple[str, str, str]]:
    return [
        (name, code, say(msgid, "zh"))
        for name, codes in (_STAGE, _PHOTO_STAGE)
        for code, msgid in codes.items()
    ]


def _column_rows(present: set[str]) -> list[tuple[str, str, str, str, str, str | None]]:
    rows = []
    for table, columns in _COLUMNS.items():
        if table not in present:
            continue
        for column in columns:
            coded = _CODED.get(column)
            zh = _words(column, "zh")
            rows.append((table, column, zh, zh, _words(column, "en"), coded and coded[0]))
    return rows


def _styles() -> dict[str, str]:
    """Each layer's QGIS style: its fields' Chinese names and its coded fields' words."""
    return {
        table: style_qml(
            {column: _words(column, "zh") for column in columns},
            {
                column: {code: say(msgid, "zh") for code, msgid in _CODED[column][1].items()}
                for column in columns
                if column in _CODED
            },
            read_only=table in OVERVIEWS,
        )
        for table, columns in _COLUMNS.items()
    }


def _read_only_triggers(conn: sqlite3.Connection) -> None:
    views = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    for view, table in OVERVIEWS.items():
        if view not in views:
            continue
        message = f"{say('qgis.overview_read_only', 'zh', table=table)} / " + say(
            "qgis.overview_read_only", "en", table=table
        )
        quoted = message.replace("'", "''")
        for action in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER IF NOT EXISTS {view}_read_only_{action.lower()} "
                f"INSTEAD OF {action} ON {view} BEGIN SELECT RAISE(ABORT, '{quoted}'); END"
            )


# Records the program moves to the trash, with what hangs on them; QGIS deletes for good and,
# with foreign keys on, cascades: an estate's buildings, households, photos and consultations
# would go with it, and `check` would find nothing amiss.
_KEPT_IN_TRASH = ("estates", "buildings", "units", "households", "opinions", "photos")
GUARD_SUFFIX = "_deleted_in_the_program"  # the name of each such trigger: <table><suffix>


def _deleted_in_the_program(conn: sqlite3.Connection) -> None:
    """Triggers that refuse, in a sentence, a delete made by another program (QGIS, GDAL, sqlite3)
    on a table whose records the program keeps in its trash; its own connections pass."""
    present = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for table in _KEPT_IN_TRASH:
        if table not in present:
            continue
        kind = {lang: say(f"record_kind.{table}", lang) for lang in ("zh", "en")}
        message = f"{say('qgis.delete_in_the_program', 'zh', kind=kind['zh'])} / " + say(
            "qgis.delete_in_the_program", "en", kind=kind["en"]
        )
        quoted = message.replace("'", "''")
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}{GUARD_SUFFIX} BEFORE DELETE ON {table} "
            f"WHEN NOT EXISTS (SELECT 1 FROM pragma_function_list WHERE name = '{PROGRAM_CONNECTION}') "
            f"BEGIN SELECT RAISE(ABORT, '{quoted}'); END"
        )


# A feature QGIS adds leaves these empty: filled after the insert (QGIS cannot run a DEFAULT
# expression, and GDAL would read one as a literal string default), so they may be NULL for
# the length of the INSERT statement only.
_FILLED = {"uuid": _UUID, "created_at": _NOW, "updated_at": _NOW}
_FILLED_TABLES = ("estates", "estate_boundaries", "buildings", "photos")


def _nullable(sql: str, column: str) -> str:
    """`sql` (a CREATE TABLE as we or GDAL wrote it) with NOT NULL taken off `column`."""
    return re.sub(rf'(\b"?{column}"?\s+TEXT)\s+NOT\s+NULL\b', r"\1", sql)


def _fill_on_insert(conn: sqlite3.Connection) -> None:
    """Triggers that give a feature added in QGIS its uuid and timestamps.

    NOT NULL comes off those columns by the way SQLite's documentation gives for removing
    a NOT NULL constraint (writable_schema, then the schema version bumped): no table is
    rebuilt, so no foreign key cascades and no row moves.
    """
    present = {name: sql for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
    changed = {}
    for table in _FILLED_TABLES:
        if table not in present:
            continue
        sql = present[table]
        for column in _FILLED:
            sql = _nullable(sql, column)
        if sql != present[table]:
            changed[table] = sql
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        sets = [f"{c} = coalesce(NEW.{c}, {e})" for c, e in _FILLED.items() if c in columns]
        nulls = " OR ".join(f"NEW.{c} IS NULL" for c in _FILLED if c in columns)
        conn.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_filled_on_insert AFTER INSERT ON {table} "
            f"WHEN {nulls} BEGIN UPDATE {table} SET {', '.join(sets)} WHERE fid = NEW.fid; END"
        )
    if changed:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.executemany(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                [(sql, table) for table, sql in changed.items()],
            )
            conn.execute(f"PRAGMA schema_version = {version + 1}")
        finally:
            conn.execute("PRAGMA writable_schema = OFF")


def _spec_data_columns(conn: sqlite3.Connection) -> None:
    """GDAL before 3.7 makes gpkg_data_columns with `name` unique across all tables (an erratum
    of spec 1.0): two layers could not both call a field 名称. Rebuilt as spec 1.3 has it."""
    found = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_data_columns'"
    ).fetchone()
    if found is None or not re.search(r"\bname\s+TEXT\s+UNIQUE\b", found[0], re.IGNORECASE):
        return
    conn.execute("ALTER TABLE gpkg_data_columns RENAME TO gpkg_data_columns_as_found")
    conn.execute(_TABLES[1])
    conn.execute("INSERT INTO gpkg_data_columns SELECT * FROM gpkg_data_columns_as_found")
    conn.execute("DROP TABLE gpkg_data_columns_as_found")


def describe_for_qgis(conn: sqlite3.Connection) -> None:
    """Write the aliases, value lists and read-only triggers (inside the caller's transaction)."""
    _spec_data_columns(conn)
    for statement in _TABLES:
        conn.execute(statement)
    # Replaced, not ignored when there: the UNIQUE of a row whose column_name is NULL never fires.
    conn.execute("DELETE FROM gpkg_extensions WHERE extension_name = 'gpkg_schema'")
    conn.executemany(
        "INSERT INTO gpkg_extensions VALUES (?, NULL, 'gpkg_schema', ?, 'read-write')",
        [(t, _SCHEMA_EXTENSION) for t in ("gpkg_data_columns", "gpkg_data_column_constraints")],
    )
    names = {constraint for constraint, _ in (_STAGE, _PHOTO_STAGE)}
    marks = ", ".join("?" * len(names))
    conn.execute(
        f"DELETE FROM gpkg_data_column_constraints WHERE constraint_name IN ({marks})", [*names]
    )
    conn.executemany(
        "INSERT INTO gpkg_data_column_constraints (constraint_name, constraint_type, value, "
        "description) VALUES (?, 'enum', ?, ?)",
        _constraint_rows(),
    )
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    rows = _column_rows(present)
    conn.executemany(
        "DELETE FROM gpkg_data_columns WHERE table_name = ? AND column_name = ?",
        [row[:2] for row in rows],
    )
    conn.executemany("INSERT INTO gpkg_data_columns VALUES (?, ?, ?, ?, ?, NULL, ?)", rows)
    write_default_styles(conn, _styles())
    _read_only_triggers(conn)
    _deleted_in_the_program(conn)
    _fill_on_insert(conn)
