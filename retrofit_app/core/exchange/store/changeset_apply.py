"""Apply the field's rebased pygeodiff changeset to the office through our own connection.

pygeodiff carries its own copy of SQLite; letting it write a file that this
process also has open breaks SQLite's POSIX locks (and the file with them).
So pygeodiff makes, rebases and reads the changeset on scratch copies
(exchange/changesets.py), and the office file is written only here, through
the app's connection, in the caller's transaction. What the office has already
(a stamp it set later, a value it has) is skipped; a row not as the rebased
changeset expects is a mismatch, and the merge stops with the office as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from pygeodiff import UndefinedValue

from retrofit_app.core.storage.table_info import columns

INSERT, UPDATE, DELETE = "inserted", "updated", "deleted"
# Bookkeeping both sides stamp when they touch a record: the later stamp is
# kept, whatever the office had (the other fields changed on both sides were
# settled before the changeset was made).
STAMPS = {"created_at", "updated_at"}
_KINDS = (INSERT, UPDATE, DELETE)

Row = tuple[str, list[Any]]  # an inserted row: (table, values in column order)


@dataclass(frozen=True)
class Change:
    """One row the changeset inserts, updates or deletes, by its fid (`key`).

    `old` holds an update's or delete's old values (pygeodiff's UndefinedValue
    where an update leaves a column alone, not NULL: absent), `new` an update's new values. An insert's values are
    not kept: they are read again while they are written (a changeset full of
    photos is never in memory).
    """

    table: str
    kind: str
    key: int
    old: list[Any] | None = None
    new: list[Any] | None = None


class ChangesetMismatch(Exception):
    """A row the changeset updates is not as the changeset expects (changed meanwhile);
    `table` names where."""

    def __init__(self, table: str, detail: str) -> None:
        super().__init__(f"{table}: {detail}")
        self.table = table


def _row(conn: sqlite3.Connection, table: str, fid: int) -> sqlite3.Row | tuple | None:
    return conn.execute(f"SELECT * FROM [{table}] WHERE fid = ?", [fid]).fetchone()


def _update_plan(conn: sqlite3.Connection, change: Change, cols: list[str]) -> dict[str, Any]:
    """The columns the office still has to take from `change`; {} when it has them all."""
    old, new = change.old, change.new
    if old is None or new is None or len(new) != len(cols):
        raise ChangesetMismatch(change.table, "columns differ from the changeset")
    now = _row(conn, change.table, change.key)
    if now is None:
        return {}  # the office deleted the record; that conflict was recorded when settling
    plan, office_stamped = {}, False
    for i, value in enumerate(new):
        if isinstance(value, UndefinedValue) or cols[i] == "fid" or now[i] == value:
            continue
        if cols[i] in STAMPS:
            office_stamped |= now[i] != old[i]
            if _later(now[i], value):
                continue  # the later stamp stays
        elif now[i] != old[i]:
            raise ChangesetMismatch(change.table, f"fid {change.key} {cols[i]}")
        plan[cols[i]] = value
    if office_stamped and STAMPS.issuperset(plan):
        return {}  # the field's real changes gave way to the office's; a stamp alone is no change
    return plan


def _later(stamp: str | None, other: str | None) -> bool:
    """Whether `stamp` is later than `other` (ISO-8601 text sorts by time)."""
    return stamp is not None and other is not None and stamp > other


def has_effect(conn: sqlite3.Connection, changes: list[Change]) -> bool:
    """Whether applying `changes` would change the office at all (read only). Every update is
    read, so one the office changed meanwhile is a mismatch here, before the merge's backup."""
    names: dict[str, list[str]] = {}
    effect = False
    for change in changes:
        if change.kind == INSERT:
            effect = True
        elif change.kind == DELETE and not effect:
            effect = _row(conn, change.table, change.key) is not None
        elif change.kind == UPDATE:
            if change.table not in names:
                names[change.table] = columns(conn, change.table)
            cols = names[change.table]
            effect = bool(_update_plan(conn, change, cols)) or effect
    return effect


def apply_entries(
    conn: sqlite3.Connection,
    changes: Iterable[Change],
    inserted: Iterable[Row] = (),
    progress: Callable[[int], None] | None = None,
) -> dict[str, dict[str, int]]:
    """Update and delete as `changes` say, then insert the `inserted` rows (in the changeset's
    order, grouped by table); returns per table how many rows each changed.

    Updates go first so a child the field moved to another parent is moved
    before that parent's delete cascades; deletes before inserts so a key the
    field freed and took again is free. The caller holds the transaction.
    """
    conn.execute("PRAGMA defer_foreign_keys = ON")  # parents and children arrive in table order
    changes = list(changes)
    names: dict[str, list[str]] = {}
    counts: dict[str, dict[str, int]] = {}

    def known(table: str) -> list[str]:
        if table not in names:  # read once per table, not once per change
            counts[table] = dict.fromkeys(_KINDS, 0)
            names[table] = columns(conn, table)
        return names[table]

    for change in changes:
        known(change.table)  # the counts in the changeset's table order
    for change in changes:
        if change.kind == UPDATE and (plan := _update_plan(conn, change, known(change.table))):
            sets = ", ".join(f"[{c}] = ?" for c in plan)
            conn.execute(
                f"UPDATE [{change.table}] SET {sets} WHERE fid = ?", [*plan.values(), change.key]
            )
            counts[change.table][UPDATE] += 1
    # Children before parents, so each row the field deleted is counted, not taken by a cascade.
    for change in reversed(changes):
        if change.kind == DELETE:
            gone = conn.execute(f"DELETE FROM [{change.table}] WHERE fid = ?", [change.key])
            counts[change.table][DELETE] += gone.rowcount
    done = 0
    for table, rows in groupby(inserted, key=lambda row: row[0]):
        added = _insert(conn, table, known(table), (values for _, values in rows))
        counts[table][INSERT] += added
        done += added
        if progress:
            progress(done)
    return {t: n for t, n in counts.items() if any(n.values())}


def _insert(
    conn: sqlite3.Connection, table: str, cols: list[str], added: Iterable[list[Any]]
) -> int:
    """Insert the field's new rows of `table`, in the changeset's order, under fresh fids.

    The fid the rebase gave a row was free in the office as the merge saw it;
    the office (the window, an import) may have taken it since, so each row
    takes the next key at the moment it is written. Nothing refers to a fid:
    references go by uuid, and a later merge of the copy finds these rows by uuid.
    """
    keep = [i for i, c in enumerate(cols) if c != "fid"]
    quoted = ", ".join(f"[{cols[i]}]" for i in keep)
    count = 0

    def fitted() -> Iterable[list[Any]]:
        nonlocal count
        for values in added:
            if len(values) != len(cols):
                raise ChangesetMismatch(table, "columns differ from the changeset")
            count += 1
            yield [values[i] for i in keep]

    try:
        conn.executemany(
            f"INSERT INTO [{table}] ({quoted}) VALUES ({', '.join('?' * len(keep))})", fitted()
        )
    except sqlite3.IntegrityError as error:  # a uuid or key the office took after the rebase
        raise ChangesetMismatch(table, str(error)) from error
    return count
