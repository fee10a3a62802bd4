"""SQL on the working copies of a merge: records added on both sides, office values kept.

Runs on plain sqlite3 connections to temporary files, never on the office
file itself; the finished result is copied into the office in one step.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.table_info import app_tables, columns, unique_keys, uuid_columns

# Bookkeeping that differs whenever both sides touched a record; never a conflict.
QUIET_FIELDS = {"fid", "uuid", "created_at", "updated_at"}


@dataclass(frozen=True)
class FieldConflict:
    """The office kept `office_value`; the field copy had `field_value`."""

    table: str
    record_uuid: str
    field: str
    office_value: Any
    field_value: Any


def open_work(path: Path, **attached: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(file_uri(path, "rw"), uri=True, isolation_level=None)
    for name, other in attached.items():
        conn.execute(f"ATTACH DATABASE ? AS [{name}]", [file_uri(other, "ro")])
    return conn


def _twin_pairs(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(field uuid, office uuid) of rows both sides added that are one record (same uuid or key)."""
    pairs: dict[str, str] = {}
    for key in unique_keys(conn, table):
        on = " AND ".join(f"f.[{c}] = o.[{c}]" for c in key)
        for field_uuid, office_uuid in conn.execute(
            f"""SELECT f.uuid, o.uuid FROM main.[{table}] f JOIN office.[{table}] o ON {on}
                WHERE f.uuid NOT IN (SELECT uuid FROM base.[{table}])
                  AND o.uuid NOT IN (SELECT uuid FROM base.[{table}])"""
        ):
            pairs.setdefault(field_uuid, office_uuid)
    return list(pairs.items())


def _row(conn: sqlite3.Connection, schema: str, table: str, uuid: str) -> dict[str, Any]:
    cursor = conn.execute(f"SELECT * FROM [{schema}].[{table}] WHERE uuid = ?", [uuid])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def fold_twins(conn: sqlite3.Connection) -> list[FieldConflict]:
    """In the field copy, fold each record added on both sides into the office's row.

    The field row goes (so the changeset does not insert it again), references
    to it are pointed at the office uuid, and fields that differ are returned
    as conflicts with the office value kept. `conn` is the field working copy
    with the base and the office snapshot attached as `base` and `office`.
    """
    tables = [t for t in app_tables(conn) if t in app_tables(conn, "office")]
    refs = {t: uuid_columns(conn, t) for t in tables}
    found: list[FieldConflict] = []
    conn.execute("BEGIN")
    try:
        # Repeat: pointing a child at the office's parent can make the child a twin too.
        while pairs := [(t, p) for t in tables for p in _twin_pairs(conn, t)]:
            for table, (field_uuid, office_uuid) in pairs:
                mine = _row(conn, "main", table, field_uuid)
                theirs = _row(conn, "office", table, office_uuid)
                found += [
                    FieldConflict(table, office_uuid, name, theirs.get(name), value)
                    for name, value in mine.items()
                    if name not in QUIET_FIELDS and name in theirs and theirs[name] != value
                ]
                conn.execute(f"DELETE FROM main.[{table}] WHERE uuid = ?", [field_uuid])
                if field_uuid != office_uuid:
                    for other in tables:
                        for column in refs[other]:
                            conn.execute(
                                f"UPDATE main.[{other}] SET [{column}] = ? WHERE [{column}] = ?",
                                [office_uuid, field_uuid],
                            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


def keep_office_value(
    conn: sqlite3.Connection, table: str, fid: int, column: str
) -> FieldConflict | None:
    """Put the office's value back where the field's won in the changeset.

    `conn` is the merged working copy with the office as it was (`before`) and
    the field copy (`field`) attached. Returns None for bookkeeping fields or
    when both sides ended up with the same value.
    """
    if column in QUIET_FIELDS:
        return None
    office = conn.execute(
        f"SELECT uuid, [{column}] FROM before.[{table}] WHERE fid = ?", [fid]
    ).fetchone()
    field = conn.execute(
        f"SELECT uuid, [{column}] FROM field.[{table}] WHERE fid = ?", [fid]
    ).fetchone()
    if field is None or (office is not None and office[1] == field[1]):
        return None
    if office is not None:
        conn.execute(f"UPDATE main.[{table}] SET [{column}] = ? WHERE fid = ?", [office[1], fid])
    return FieldConflict(table, field[0], column, office[1] if office else None, field[1])


def column_name(conn: sqlite3.Connection, table: str, index: int) -> str:
    return columns(conn, table)[index]


def dangling_references(conn: sqlite3.Connection) -> int:
    return len(conn.execute("PRAGMA main.foreign_key_check").fetchall())


def copy_database(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Replace `target`'s content with `source`'s in one step (SQLite backup API)."""
    source.backup(target)
