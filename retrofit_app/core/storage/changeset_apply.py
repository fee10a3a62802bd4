"""Apply a pygeodiff changeset through our own connection, inside the caller's transaction.

pygeodiff carries its own copy of SQLite; letting it write a file that this
process also has open breaks SQLite's POSIX locks (and the file with them).
So pygeodiff makes and rebases changesets on scratch copies, and the office
file is written only here, through the app's connection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from pygeodiff.geodifflib import ChangesetEntry, UndefinedValue

from retrofit_app.core.storage.table_info import columns


class ChangesetMismatch(Exception):
    """A row the changeset updates is not as the changeset expects (changed meanwhile)."""


_KINDS = {
    ChangesetEntry.OP_INSERT: "inserted",
    ChangesetEntry.OP_UPDATE: "updated",
    ChangesetEntry.OP_DELETE: "deleted",
}


def apply_entries(
    conn: sqlite3.Connection,
    entries: Iterable[ChangesetEntry],
    progress: Callable[[int], None] | None = None,
) -> dict[str, dict[str, int]]:
    """Insert, update and delete as `entries` say; returns how many of each per table.

    The caller holds the transaction.
    """
    conn.execute("PRAGMA defer_foreign_keys = ON")  # parents and children arrive in table order
    names: dict[str, list[str]] = {}
    counts: dict[str, dict[str, int]] = {}
    for n, entry in enumerate(entries):
        table = entry.table.name
        tally = counts.setdefault(table, dict.fromkeys(_KINDS.values(), 0))
        tally[_KINDS[entry.operation]] += 1
        if table not in names:
            names[table] = columns(conn, table)
        cols = names[table]
        key = cols.index("fid")
        if entry.operation == ChangesetEntry.OP_INSERT:
            marks = ", ".join("?" for _ in cols)
            conn.execute(
                f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({marks})",
                entry.new_values,
            )
        elif entry.operation == ChangesetEntry.OP_UPDATE:
            _update(conn, table, cols, key, entry.old_values, entry.new_values)
        elif entry.operation == ChangesetEntry.OP_DELETE:
            # A cascade may have taken the row already; gone is what the field wanted.
            conn.execute(f"DELETE FROM [{table}] WHERE fid = ?", [entry.old_values[key]])
        if progress and n % 200 == 0:
            progress(n)
    return counts


def _update(
    conn: sqlite3.Connection, table: str, cols: list[str], key: int, old: list[Any], new: list[Any]
) -> None:
    changed = [i for i, v in enumerate(new) if not isinstance(v, UndefinedValue) and i != key]
    if not changed:
        return
    sets = ", ".join(f"[{cols[i]}] = ?" for i in changed)
    checks = " AND ".join(f"[{cols[i]}] IS ?" for i in changed)
    cursor = conn.execute(
        f"UPDATE [{table}] SET {sets} WHERE fid = ? AND {checks}",
        [*(new[i] for i in changed), old[key], *(old[i] for i in changed)],
    )
    if cursor.rowcount != 1:
        raise ChangesetMismatch(f"{table} fid {old[key]}")
