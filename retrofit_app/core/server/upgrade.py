"""`server upgrade`: a district schema made by an older program brought to this one's project
schema (issue 26 point 2: versioned like the project file and migrated by the program).

The server's tables are made from a project file's own tables (tables.py), so the upgrade is
what differs between the server and a new project file of this program: tables it lacks are made
(columns, keys, comments, foreign keys, row-level security, and the grants every district role
already has), columns it lacks are added, and a geometry column whose declared type changed is
altered, its values made Multi where the new type is (ST_Multi), as the project file's own
upgrade does (schema 10: estate boundaries are MultiPolygons). One transaction, by the schema's
owner; a server at this version is left alone.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from retrofit_app.core.server.access import ROLES, grant_statements, table_policies
from retrofit_app.core.server.connection import connect, shown
from retrofit_app.core.server.tables import (
    DEFAULT_SCHEMA,
    META,
    SYNC_LOG,
    Table,
    _q,
    column_extras,
    column_sql,
    project_tables,
    qualified,
    reference_statements,
    server_meta,
    table_statements,
)
from retrofit_app.core.storage.schema import SCHEMA_VERSION


@dataclass
class Upgraded:
    server: str
    found: int  # the project schema version the server had
    target: int = SCHEMA_VERSION  # and has now
    tables: list[str] = field(default_factory=list)  # made
    columns: list[str] = field(default_factory=list)  # table.column added or retyped

    def as_json(self) -> dict[str, object]:
        return {"server": self.server, "from": self.found, "to": self.target,
                "tables": self.tables, "columns": self.columns}  # fmt: skip


def current_tables() -> list[Table]:
    """The tables of a new project file of this program, as the server makes them."""
    from retrofit_app.core.storage import create_project_file

    folder = Path(tempfile.mkdtemp(prefix="retrofit-upgrade-"))
    try:
        made = create_project_file(folder / "new.gpkg")
        conn = sqlite3.connect(made)
        try:
            return project_tables(conn)
        finally:
            conn.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _server_columns(conn: Any, schema: str) -> dict[str, dict[str, str]]:
    """table -> column -> its type as PostgreSQL formats it (geometry(MultiPolygon,4326) …)."""
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in conn.execute(
        """SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped""",
        (schema,),
    ).fetchall():
        found.setdefault(table, {})[column] = kind
    return found


def _same_type(server: str, wanted: str) -> bool:
    return server.replace(" ", "").lower() == wanted.replace(" ", "").lower()


def upgrade_statements(schema: str, wanted: list[Table], on_server: dict[str, dict[str, str]],
                       roles: list[tuple[str, bool]], result: Upgraded) -> list[str]:  # fmt: skip
    """What brings the server's `on_server` tables to `wanted`; fills `result` with what changes."""
    new = [t for t in wanted if t.name not in on_server]
    out = table_statements(schema, new) + reference_statements(schema, new)
    out += table_policies(schema, new, wanted)
    result.tables = [t.name for t in new]
    for table in wanted:
        if table.name not in on_server:
            continue
        t, have = qualified(schema, table.name), on_server[table.name]
        for column in table.columns:
            target = column.server_type()
            if column.name not in have:
                # NOT NULL without a default cannot hold the rows already there: the file's
                # own upgrade fills such a column, the next sync brings the values.
                loose = column if column.default is not None else replace(column, not_null=False)
                out.append(f"ALTER TABLE {t} ADD COLUMN {column_sql(loose)}")
                out += column_extras(schema, table, column)
                result.columns.append(f"{table.name}.{column.name}")
            elif column.geometry and not _same_type(have[column.name], target):
                value = _q(column.name)
                made = f"ST_Multi({value})" if "(multi" in target.lower() else value
                out.append(f"ALTER TABLE {t} ALTER COLUMN {value} TYPE {target} USING {made}")
                result.columns.append(f"{table.name}.{column.name}")
    for role, writes in roles:  # each district role gets on the new tables what it had
        out += grant_statements(schema, new, role, writes=writes)
    return out


def upgrade(url: str, *, schema: str = DEFAULT_SCHEMA) -> Upgraded:
    """Bring the district schema at `url` to this program's project schema; one transaction."""
    where = shown(url)
    wanted = current_tables()
    with connect(url) as conn:
        meta = server_meta(conn, schema, where, upgrading=True)
        result = Upgraded(where, int(meta.get("project_schema_version", "0")))
        if result.found >= SCHEMA_VERSION:
            return result
        on_server = _server_columns(conn, schema)
        for kept in (META, SYNC_LOG, ROLES):
            on_server.pop(kept, None)
        roles = [(str(r), bool(w)) for r, w in conn.execute(
            f"SELECT role_name, bool_or(writes) FROM {qualified(schema, ROLES)} GROUP BY role_name")]  # fmt: skip
        with conn.transaction():
            for statement in upgrade_statements(schema, wanted, on_server, roles, result):
                conn.execute(statement)
            conn.execute(
                f"UPDATE {qualified(schema, META)} SET value = %s WHERE key = 'project_schema_version'",
                (str(SCHEMA_VERSION),),
            )
    return result
