"""The server's schema, made from the project file's own tables (db/schema.sql through a
project file), so the two never drift apart.

Each app table (storage/table_info.app_tables) becomes a table of the district's schema:
  - `fid` the server's own key (QGIS wants an integer key), given by the server on insert;
  - GeoPackage geometry columns as PostGIS geometry in EPSG:4326, with a GiST index;
  - INTEGER, REAL, TEXT, BLOB as bigint, double precision, text, bytea; NOT NULL and simple
    defaults kept;
  - the file's UNIQUE keys (the uuid first) unique, its uuid references foreign keys
    (deferred to the end of the transaction, so rows go in any order);
  - the Chinese names of the fields (catalogue words field.*) as column comments, which QGIS
    shows.
retrofit_meta holds the server schema's version, the project schema's version it was made
from and the revision every push moves on; sync_log names each push.
Photo bytes (photo_data) are inserted, never updated: a trigger refuses an update.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.storage.schema import SCHEMA_VERSION
from retrofit_app.core.storage.table_info import app_tables, references, unique_keys
from retrofit_app.core.words import has, say

# 1: the project's tables at project schema 9, retrofit_meta, sync_log (issue 26)
SERVER_SCHEMA_VERSION = 1
DEFAULT_SCHEMA = "retrofit"
META = "retrofit_meta"
SYNC_LOG = "sync_log"
_TYPES = {"INTEGER": "bigint", "REAL": "double precision", "TEXT": "text", "BLOB": "bytea"}
_GEOMETRY = {"POINT": "Point", "LINESTRING": "LineString", "POLYGON": "Polygon",
             "MULTIPOINT": "MultiPoint", "MULTILINESTRING": "MultiLineString",
             "MULTIPOLYGON": "MultiPolygon", "GEOMETRYCOLLECTION": "GeometryCollection",
             "GEOMETRY": "Geometry"}  # fmt: skip
_LITERAL = re.compile(r"^(?:'[^']*'|-?[0-9]+(?:\.[0-9]+)?)$")


@dataclass(frozen=True)
class Column:
    name: str
    sqlite_type: str
    not_null: bool
    default: str | None

    @property
    def geometry(self) -> bool:
        return self.sqlite_type.upper() in _GEOMETRY

    @property
    def blob(self) -> bool:
        return self.sqlite_type.upper() == "BLOB"

    def server_type(self) -> str:
        kind = self.sqlite_type.upper()
        if kind in _GEOMETRY:
            return f"geometry({_GEOMETRY[kind]},4326)"
        return _TYPES.get(kind, "text")


@dataclass(frozen=True)
class Table:
    name: str
    columns: list[Column]  # without fid
    unique: list[list[str]]
    references: list[tuple[str, str]]  # (column, parent table)

    @functools.cached_property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @functools.cached_property
    def geometry_at(self) -> tuple[int, ...]:
        """The places of the geometry columns in a row of `names`."""
        return tuple(i for i, c in enumerate(self.columns) if c.geometry)


def project_tables(conn: sqlite3.Connection) -> list[Table]:
    """The app tables of the project file `conn` holds, as the server makes them."""
    found = []
    for name in app_tables(conn):
        cols = [
            Column(r[1], r[2] or "TEXT", bool(r[3]), r[4])
            for r in conn.execute(f"PRAGMA table_info([{name}])")
            if r[1] != "fid"
        ]
        refs = [(r.column, r.parent) for r in references(conn, name)]
        found.append(Table(name, cols, unique_keys(conn, name), refs))
    return found


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, table: str) -> str:
    return f"{_q(schema)}.{_q(table)}"


def column_sql(column: Column) -> str:
    text = f"{_q(column.name)} {column.server_type()}"
    if column.not_null:
        text += " NOT NULL"
    if column.default is not None and _LITERAL.match(column.default.strip()):
        text += f" DEFAULT {column.default.strip()}"
    return text


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_statements(schema: str, tables: list[Table]) -> list[str]:
    """The DDL of a new district schema holding `tables`."""
    s = _q(schema)
    out = [
        f"CREATE SCHEMA {s}",
        f"CREATE TABLE {s}.{META} (key text PRIMARY KEY, value text NOT NULL)",
        f"CREATE TABLE {s}.{SYNC_LOG} (revision bigint PRIMARY KEY, pushed_at timestamptz "
        "NOT NULL DEFAULT now(), pushed_by text NOT NULL, client text NOT NULL, counts jsonb NOT NULL)",
    ]
    out += table_statements(schema, tables) + reference_statements(schema, tables)
    out += [
        f"""CREATE FUNCTION {s}.photo_bytes_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'photo bytes are inserted, never updated'; END $$""",
        f"CREATE TRIGGER photo_bytes_kept BEFORE UPDATE ON {qualified(schema, 'photo_data')} "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.photo_bytes_kept()",
    ]
    return out


def table_statements(schema: str, tables: list[Table]) -> list[str]:
    """Each of `tables` made on the server: its columns, unique keys, GiST indexes, comments."""
    out = []
    for table in tables:
        t = qualified(schema, table.name)
        body = ["fid bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"]
        body += [column_sql(c) for c in table.columns]
        body += [f"UNIQUE ({', '.join(_q(c) for c in key)})" for key in table.unique]
        out.append(f"CREATE TABLE {t} (\n  " + ",\n  ".join(body) + "\n)")
        for column in table.columns:
            out += column_extras(schema, table, column)
    return out


def column_extras(schema: str, table: Table, column: Column) -> list[str]:
    """A column's GiST index (a geometry) and its Chinese comment, which QGIS shows."""
    t, out = qualified(schema, table.name), []
    if column.geometry:
        out.append(f"CREATE INDEX ON {t} USING gist ({_q(column.name)})")
    words = f"field.{column.name}"
    if has(words):
        out.append(f"COMMENT ON COLUMN {t}.{_q(column.name)} IS {_literal(say(words, 'zh'))}")
    return out


def reference_statements(schema: str, tables: list[Table]) -> list[str]:
    """`tables`' uuid references as foreign keys, checked at the end of each transaction."""
    out = []
    for table in tables:
        for name, parent in table.references:
            out.append(
                f"ALTER TABLE {qualified(schema, table.name)} ADD FOREIGN KEY ({_q(name)}) "
                f"REFERENCES {qualified(schema, parent)} (uuid) DEFERRABLE INITIALLY DEFERRED"
            )
            out.append(f"CREATE INDEX ON {qualified(schema, table.name)} ({_q(name)})")
    return out


def meta_rows(project_uuid: str, user: str, published_at: str) -> dict[str, str]:
    return {
        "server_schema_version": str(SERVER_SCHEMA_VERSION),
        "project_schema_version": str(SCHEMA_VERSION),
        "revision": "1",
        "project_uuid": project_uuid,
        "published_at": published_at,
        "published_by": user,
    }


def schema_exists(conn: Any, schema: str) -> bool:
    found = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
    return found is not None


def has_postgis(conn: Any) -> bool:
    return (
        conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone() is not None
    )


def server_meta(conn: Any, schema: str, server: str, *, upgrading: bool = False) -> dict[str, str]:
    """The district schema's retrofit_meta, after checking this program understands it (and,
    unless `upgrading`, that it is not older than the program: `server upgrade` first)."""
    found = conn.execute(
        "SELECT 1 FROM pg_tables WHERE schemaname = %s AND tablename = %s", (schema, META)
    ).fetchone()
    if found is None:
        raise RetrofitError(ErrorCode.SERVER_NOT_PUBLISHED, server=server, schema=schema)
    meta = dict(conn.execute(f"SELECT key, value FROM {qualified(schema, META)}").fetchall())
    server_version = int(meta.get("server_schema_version", "0"))
    project_version = int(meta.get("project_schema_version", "0"))
    if server_version > SERVER_SCHEMA_VERSION or project_version > SCHEMA_VERSION:
        raise RetrofitError(
            ErrorCode.SERVER_TOO_NEW,
            server=server,
            found=server_version,
            known=SERVER_SCHEMA_VERSION,
        )
    if project_version < SCHEMA_VERSION and not upgrading:
        raise RetrofitError(
            ErrorCode.SERVER_NEEDS_UPGRADE,
            server=server,
            found=project_version,
            known=SCHEMA_VERSION,
        )
    return meta
