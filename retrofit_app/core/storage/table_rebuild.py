"""`check --repair` on a copy that lost its rules: app tables rebuilt as db/schema.sql makes them.

`ogr2ogr -f GPKG` and QGIS copy the columns and rows, not the foreign keys (so deleting an
estate no longer takes its buildings along), the CHECKs, the UNIQUE rules the program's
updates rely on, or the indexes. Each such table is rebuilt the way SQLite's documentation
gives for changing a table (new table, rows copied, old one dropped, new one renamed), with
foreign keys off and inside one transaction; views and triggers on it are put back after.
"""

from __future__ import annotations

import sqlite3

from retrofit_app.core.storage import wholeness
from retrofit_app.core.storage.qgis_schema import describe_for_qgis


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def _rebuild(conn: sqlite3.Connection, table: str) -> None:
    made = f"{table}__rebuilt"
    ddl = wholeness.schema_table_sql()[table]
    conn.execute(ddl.replace(f"CREATE TABLE {table} (", f'CREATE TABLE "{made}" (', 1))
    old = set(_columns(conn, table))
    common = ", ".join(f'"{c}"' for c in _columns(conn, made) if c in old)
    conn.execute(f'INSERT INTO "{made}" ({common}) SELECT {common} FROM "{table}"')
    conn.execute(f'DROP TABLE "{table}"')
    conn.execute(f'ALTER TABLE "{made}" RENAME TO "{table}"')


def rebuild_tables(conn: sqlite3.Connection) -> list[str]:
    """Rebuild every app table that lost its rules (`conn` in autocommit); their names."""
    tables = wholeness.constraints_lost(conn)
    if not tables:
        return []
    conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            _rebuild_all(conn, tables)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return tables


def _rebuild_all(conn: sqlite3.Connection, tables: list[str]) -> None:
    views = [v for v in wholeness.schema_views() if wholeness.objects(conn).get(v) == "view"]
    triggers = conn.execute(
        f"""SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
            AND tbl_name IN ({", ".join("?" * (len(tables) + len(views)))})""",
        [*tables, *views],
    ).fetchall()
    counters = dict(conn.execute("SELECT name, seq FROM sqlite_sequence"))
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    for view in views:
        conn.execute(f'DROP VIEW "{view}"')
    for table in tables:
        _rebuild(conn, table)
    for table, sql in wholeness.schema_index_sql().values():
        if table in tables:
            conn.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    for view in views:
        conn.execute(wholeness.schema_views()[view])
    for _, sql in triggers:
        conn.execute(sql)
    conn.executemany(
        "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?",
        [(seq, name) for name, seq in counters.items() if name in tables],
    )
    describe_for_qgis(conn)  # uuid and times filled on insert, as the schema had it
