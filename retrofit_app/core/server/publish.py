"""`retrofit-app server init --db URL PROJECT`: a project's records become a district schema
on a PostgreSQL server with PostGIS, in one transaction (COPY, the server's fastest way in).

The project file is read through a read-only SQLite connection of its own (the project is
not opened for writing); the server schema must not exist yet: publishing twice would make
two truths.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.server import tables as server_tables
from retrofit_app.core.server.access import policy_statements
from retrofit_app.core.server.connection import connect, shown
from retrofit_app.core.server.rows import file_rows
from retrofit_app.core.server.tables import (
    META,
    create_statements,
    has_postgis,
    meta_rows,
    project_tables,
    qualified,
    schema_exists,
)
from retrofit_app.core.storage.connection import reading_uri

Progress = Callable[[int, int], None]


@dataclass
class Published:
    server: str
    schema: str
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        return {"server": self.server, "schema": self.schema, "rows": self.rows,
                "seconds": round(self.seconds, 3)}  # fmt: skip


def _project_uuid(conn: sqlite3.Connection) -> str:
    found = conn.execute("SELECT value FROM app_meta WHERE key = 'project_uuid'").fetchone()
    return str(found[0]) if found else ""


def publish(
    project_path: Path,
    url: str,
    *,
    schema: str = server_tables.DEFAULT_SCHEMA,
    user: str = "",
    progress: Progress | None = None,
) -> Published:
    """Make `schema` on the server at `url` and copy every record of the project into it.

    The project must be at this program's schema version (open it once to upgrade it).
    All or nothing: a failure leaves the server without the schema.
    """
    started = time.perf_counter()
    where = shown(url)
    result = Published(where, schema)
    source = sqlite3.connect(reading_uri(Path(project_path)), uri=True)
    try:
        tables = project_tables(source)
        with connect(url) as conn:
            if not has_postgis(conn):
                raise RetrofitError(ErrorCode.SERVER_NO_POSTGIS, server=where)
            if schema_exists(conn, schema):
                raise RetrofitError(ErrorCode.SERVER_SCHEMA_EXISTS, server=where, schema=schema)
            with conn.transaction():
                for statement in create_statements(schema, tables) + policy_statements(
                    schema, tables
                ):
                    conn.execute(statement)
                meta = meta_rows(_project_uuid(source), user, now_iso())
                with conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO {qualified(schema, META)} (key, value) VALUES (%s, %s)",
                        list(meta.items()),
                    )
                for n, table in enumerate(tables, start=1):
                    result.rows[table.name] = _copy_table(conn, source, schema, table)
                    if progress:
                        progress(n, len(tables))
    finally:
        source.close()
    result.seconds = time.perf_counter() - started
    return result


def _copy_table(
    conn: object, source: sqlite3.Connection, schema: str, table: server_tables.Table
) -> int:
    """COPY the file's rows of `table` with their fids, then move the server's key on past them."""
    cols = ", ".join(["fid", *(f'"{c}"' for c in table.names)])
    target = qualified(schema, table.name)
    count = 0
    with conn.cursor() as cur:  # type: ignore[attr-defined]
        with cur.copy(f"COPY {target} ({cols}) FROM STDIN") as copy:
            for row in file_rows(source, table):
                copy.write_row(row)
                count += 1
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'fid'), "
            f"GREATEST((SELECT max(fid) FROM {target}), 1))",
            (target,),
        )
    return count
