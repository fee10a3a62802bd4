"""Copy chosen estates and everything hanging off them from the office file into a package.

Rows keep their office fids and uuids, so a changeset of the package maps
straight onto the office file; the package's AUTOINCREMENT counters start
where the office's stood, so rows added in the field rarely need new keys.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from retrofit_app.core.privacy import (
    OWNER_DRAWINGS,
    PERSONAL_NUMBERS,
    mask_personal,
    mask_values_json,
)
from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.table_info import (
    anchored_tables,
    app_tables,
    columns,
    references,
)

_AUDIT = "audit_log"
_CHAIN = "evidence_chain"  # not copied: the package starts a chain of its own (export.py)


def _keep_until_stable(conn: sqlite3.Connection, statements: list[tuple[str, list]]) -> None:
    before = -1
    while (now := conn.execute("SELECT count(*) FROM temp.keep").fetchone()[0]) != before:
        before = now
        for sql, params in statements:
            conn.execute(sql, params)


def _choose_rows(conn: sqlite3.Connection, tables: list[str], estate_uuids: list[str]) -> list[str]:
    """Fill temp.keep with (table, uuid) of every row the package takes; returns tables copied whole."""
    conn.execute(
        "CREATE TEMP TABLE keep (tbl TEXT NOT NULL, uuid TEXT NOT NULL, PRIMARY KEY (tbl, uuid))"
    )
    conn.executemany(
        "INSERT OR IGNORE INTO temp.keep VALUES ('estates', ?)", [[u] for u in estate_uuids]
    )
    anchored = anchored_tables(conn, tables)
    downward, upward, parents = [], [], set()
    for table in tables:
        for ref in references(conn, table):
            if table in anchored and ref.parent in anchored:
                # A child row comes along when its parent does (buildings of an estate, ...).
                downward.append(
                    (
                        f"""INSERT OR IGNORE INTO temp.keep SELECT ?, uuid FROM office.[{table}]
                            WHERE [{ref.column}] IN (SELECT uuid FROM temp.keep WHERE tbl = ?)""",
                        [table, ref.parent],
                    )
                )
            elif ref.parent not in anchored:
                # A shared row (district, owner, template) comes along when a kept row uses it.
                parents.add(ref.parent)
                upward.append(
                    (
                        f"""INSERT OR IGNORE INTO temp.keep SELECT ?, [{ref.column}] FROM office.[{table}]
                            WHERE [{ref.column}] IS NOT NULL
                              AND uuid IN (SELECT uuid FROM temp.keep WHERE tbl = ?)""",
                        [ref.parent, table],
                    )
                )
    _keep_until_stable(conn, downward)
    whole = [t for t in tables if t not in anchored and t not in parents and t != _AUDIT]
    # Tables copied whole bring the shared rows they name along (the districts of plan targets).
    for table in whole:
        if references(conn, table):
            conn.execute(
                f"INSERT OR IGNORE INTO temp.keep SELECT ?, uuid FROM office.[{table}]", [table]
            )
    _keep_until_stable(conn, upward)
    return whole


@contextlib.contextmanager
def _office_attached(package: sqlite3.Connection, office_path: Path) -> Iterator[None]:
    """The office file attached read-only as `office`; a failure rolls back what was begun."""
    package.execute("ATTACH DATABASE ? AS office", [file_uri(office_path, "ro")])
    try:
        yield
    except BaseException:
        if package.in_transaction:
            package.execute("ROLLBACK")
        raise
    finally:
        package.execute("DETACH DATABASE office")


def _made_by_virtual_tables(made: list[tuple[str, str, str]]) -> set[str]:
    """The tables a virtual table makes itself: an R-tree GDAL added has _node, _parent and
    _rowid tables."""
    virtual = [n for k, n, s in made if k == "table" and s.upper().startswith("CREATE VIRTUAL")]
    return {f"{v}_{part}" for v in virtual for part in ("node", "parent", "rowid")}


def copy_schema(package: sqlite3.Connection, office_path: Path) -> None:
    """Make the empty `package` file's schema exactly the office file's.

    Taken from the office rather than from db/schema.sql, so a changeset of
    the package always fits the office file (pygeodiff compares schemas).
    """
    with _office_attached(package, office_path):
        for pragma in ("application_id", "user_version"):
            value = int(package.execute(f"PRAGMA office.{pragma}").fetchone()[0])
            package.execute(f"PRAGMA main.{pragma} = {value}")
        package.execute("BEGIN")
        made = package.execute(
            """SELECT type, name, sql FROM office.sqlite_master
               WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
               ORDER BY type = 'table' DESC, rowid"""
        ).fetchall()
        made_with = _made_by_virtual_tables(made)
        for kind, name, sql in made:
            if kind == "table" and name in made_with:
                continue
            package.execute(sql)
            if kind == "table" and (name.startswith("gpkg_") or name == "app_meta"):
                package.execute(f"INSERT INTO main.[{name}] SELECT * FROM office.[{name}]")
        package.execute("COMMIT")


def copy_estates(
    package: sqlite3.Connection,
    office_path: Path,
    estate_uuids: list[str],
    *,
    personal_data: bool,
    full_numbers: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Fill the empty `package` from the office file; returns rows copied per table.

    Personal numbers (privacy.PERSONAL_NUMBERS) come masked unless `full_numbers`,
    and blank without `personal_data`.
    """
    with _office_attached(package, office_path):
        tables = [t for t in app_tables(package) if t in app_tables(package, "office")]
        whole = _choose_rows(package, tables, estate_uuids)
        copied: dict[str, int] = {}
        chosen = _personal_columns(package, personal_data=personal_data, full_numbers=full_numbers)
        package.execute("BEGIN")
        for done, table in enumerate(tables):
            copied[table] = _copy_table(package, table, whole=table in whole, chosen=chosen)
            if progress:
                progress(done + 1, len(tables))
        # sqlite_sequence has no key on name: clear it, then take the office's counters.
        package.execute("DELETE FROM main.sqlite_sequence")
        package.execute(
            """INSERT INTO main.sqlite_sequence (name, seq)
               SELECT name, seq FROM office.sqlite_sequence
               WHERE name IN (SELECT name FROM main.sqlite_master WHERE type = 'table')"""
        )
        package.execute("COMMIT")
        return copied


def _copy_table(
    package: sqlite3.Connection, table: str, *, whole: bool, chosen: dict[tuple[str, str], str]
) -> int:
    """Copy the office's rows of `table` that the package keeps (all when `whole`, the audit
    entries of kept records), each column as `chosen` gives it (a personal number masked or
    blank); returns how many."""
    shared = [c for c in columns(package, table) if c in columns(package, table, "office")]
    names = ", ".join(f"[{c}]" for c in shared)
    values = ", ".join(chosen.get((table, c), f"[{c}]") for c in shared)
    if table == _AUDIT:
        where = "record_uuid IN (SELECT uuid FROM temp.keep)"
    elif table == _CHAIN:
        where = "0"
    elif whole:
        where = "1"
    else:
        where = "uuid IN (SELECT uuid FROM temp.keep WHERE tbl = ?)"
    params = [table] if "?" in where else []
    cursor = package.execute(
        f"INSERT INTO main.[{table}] ({names}) SELECT {values} FROM office.[{table}] WHERE {where}",
        params,
    )
    return cursor.rowcount


def _personal_columns(
    package: sqlite3.Connection, *, personal_data: bool, full_numbers: bool
) -> dict[tuple[str, str], str]:
    """What the copy selects instead of each personal number: blank without personal data
    (and no values in the owners' audit entries, no owners' signature drawings), masked (138****1234, 320102********1234, in
    the audit entries too) unless `full_numbers`. Applied as the rows are copied, so a full
    number is never written into the package, not even for a moment (a page SQLite frees or
    rebalances later could keep its old bytes)."""
    if personal_data and full_numbers:
        return {}
    if not personal_data:
        chosen = {key: "''" for key in PERSONAL_NUMBERS}
        gone = "CASE WHEN table_name = 'owners' THEN NULL ELSE [{}] END"
        # An owner's drawn signature: the copy knows the vote was signed, not the drawing
        # (privacy.OWNER_DRAWINGS; masked_columns.py's merge keeps the office's drawing)
        for (table, column), (blank, rows) in OWNER_DRAWINGS.items():
            chosen[table, column] = f"CASE WHEN {rows} THEN '{blank}' ELSE [{column}] END"
    else:
        package.create_function("retrofit_mask_personal", 3, mask_personal, deterministic=True)
        package.create_function("retrofit_mask_json", 2, mask_values_json, deterministic=True)
        chosen = {
            (table, column): f"retrofit_mask_personal('{table}', '{column}', [{column}])"
            for table, column in PERSONAL_NUMBERS
        }
        gone = "retrofit_mask_json(table_name, [{}])"
    for column in ("old_values", "new_values"):
        chosen[_AUDIT, column] = gone.format(column)
    return chosen


def set_meta(package: sqlite3.Connection, values: dict[str, str]) -> None:
    package.executemany(
        "INSERT INTO app_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        list(values.items()),
    )
