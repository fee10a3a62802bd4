"""SQL on the working copies of a merge: records added on both sides, fields changed on both,
and the office as pygeodiff's rebase needs to see it.

Runs on plain sqlite3 connections to scratch files; the office file itself is
only read here. Its one write is exchange/store/changeset_apply.py's, in one transaction.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrofit_app.core.exchange.store import photo_keys
from retrofit_app.core.exchange.store.photo_keys import source
from retrofit_app.core.storage.connection import file_uri
from retrofit_app.core.storage.gpkg_functions import register_gpkg_functions
from retrofit_app.core.storage.table_info import (
    app_tables,
    columns,
    references,
    unique_keys,
    uuid_columns,
)

# Bookkeeping that differs whenever both sides touched a record; never a conflict.
QUIET_FIELDS = {"fid", "uuid", "created_at", "updated_at"}


# The field of a conflict about a whole record: the field deleted it for good, the office edited it.
RECORD = "*"
# (table, field uuid, office uuid, fields that differ) → None, or raises to refuse the fold.
TwinVet = Callable[[str, str, str, list[str]], None]


@dataclass(frozen=True)
class FieldConflict:
    """The office kept `office_value`; the field copy had `field_value`."""

    table: str
    record_uuid: str
    field: str
    office_value: Any
    field_value: Any


@contextlib.contextmanager
def working_on(path: Path, **attached: Path) -> Iterator[sqlite3.Connection]:
    """A transaction on the scratch file `path`, the `attached` files read-only beside it; an
    attached `office` has its photo_data read keyed, as the scratch copies hold it (photo_keys.py)."""
    conn = sqlite3.connect(file_uri(path, "rwc"), uri=True, isolation_level=None)
    register_gpkg_functions(conn)  # R-tree triggers GDAL added call them
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a scratch copy: no fsync needed
        for name, other in attached.items():
            conn.execute(f"ATTACH DATABASE ? AS [{name}]", [file_uri(other, "ro")])
        if "office" in attached:
            photo_keys.office_view(conn)
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def shared_tables(office: sqlite3.Connection, base: Path) -> list[str]:
    """The app data tables both the office file and the package's base have."""
    conn = sqlite3.connect(file_uri(base, "ro"), uri=True)
    try:
        theirs = set(app_tables(conn))
    finally:
        conn.close()
    return [t for t in app_tables(office) if t in theirs]


def _twin_pairs(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """(field uuid, office uuid) of rows both sides added that are one record (same uuid or key)."""
    pairs: dict[str, str] = {}
    for key in unique_keys(conn, table):
        on = " AND ".join(f"f.[{c}] = o.[{c}]" for c in key)
        # CROSS JOIN: the field copy's rows first, each looked up in the office (which holds
        # every estate) by the key's index, rather than a scan of the office's.
        for field_uuid, office_uuid in conn.execute(
            f"""SELECT f.uuid, o.uuid FROM main.[{table}] f CROSS JOIN {source("office", table)} o ON {on}
                WHERE f.uuid NOT IN (SELECT uuid FROM base.[{table}])
                  AND o.uuid NOT IN (SELECT uuid FROM base.[{table}])"""
        ):
            pairs.setdefault(field_uuid, office_uuid)
    return list(pairs.items())


def _row(conn: sqlite3.Connection, schema: str, table: str, uuid: str) -> dict[str, Any]:
    cursor = conn.execute(f"SELECT * FROM {source(schema, table)} WHERE uuid = ?", [uuid])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def fold_twins(
    conn: sqlite3.Connection, tables: list[str], vet: TwinVet | None = None
) -> list[FieldConflict]:
    """In the field copy, fold each record added on both sides into the office's row.

    The field row goes (so the changeset does not insert it again), references
    to it are pointed at the office uuid, and fields that differ are returned
    as conflicts with the office value kept. `conn` is the field working copy
    with the base and the office attached as `base` and `office`. `vet` sees
    each pair first (table, field uuid, office uuid, the fields that differ)
    and raises to refuse it.
    """
    refs = {t: uuid_columns(conn, t) for t in tables}
    found: list[FieldConflict] = []
    # Repeat: pointing a child at the office's parent can make the child a twin too.
    while pairs := [(t, p) for t in tables for p in _twin_pairs(conn, t)]:
        for table, (field_uuid, office_uuid) in pairs:
            mine = _row(conn, "main", table, field_uuid)
            theirs = _row(conn, "office", table, office_uuid)
            differing = _differing(table, office_uuid, mine, theirs)
            if vet is not None:
                vet(table, field_uuid, office_uuid, [c.field for c in differing])
            found += differing
            conn.execute(f"DELETE FROM main.[{table}] WHERE uuid = ?", [field_uuid])
            if field_uuid != office_uuid:
                _point_at(conn, refs, field_uuid, office_uuid)
    return found


def _differing(
    table: str, office_uuid: str, mine: dict[str, Any], theirs: dict[str, Any]
) -> list[FieldConflict]:
    """The fields (beyond stamps) where the field's twin differs from the office's."""
    return [
        FieldConflict(table, office_uuid, name, theirs.get(name), value)
        for name, value in mine.items()
        if name not in QUIET_FIELDS and name in theirs and theirs[name] != value
    ]


def _point_at(
    conn: sqlite3.Connection, refs: dict[str, list[str]], field_uuid: str, office_uuid: str
) -> None:
    """Every reference to the field's twin now names the office's."""
    for table, holding in refs.items():
        for column in holding:
            conn.execute(
                f"UPDATE main.[{table}] SET [{column}] = ? WHERE [{column}] = ?",
                [office_uuid, field_uuid],
            )


def _by_fid(conn: sqlite3.Connection, schema: str, table: str, fid: int) -> dict[str, Any] | None:
    cursor = conn.execute(f"SELECT * FROM {source(schema, table)} WHERE fid = ?", [fid])
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def _found(conn: sqlite3.Connection, schema: str, table: str, fid: int) -> dict[str, Any]:
    """A row that the query before (in the same transaction) found there."""
    row = _by_fid(conn, schema, table, fid)
    assert row is not None, (schema, table, fid)
    return row


def keep_office_values(conn: sqlite3.Connection, tables: list[str]) -> list[FieldConflict]:
    """Where the field and the office both changed a field of a record, put the base value back
    in the field copy (so the office's value stays) and return the field's value as a conflict.

    A record the office deleted for good while the field changed it is returned
    too (office value None); the field's change to it cannot apply.
    """
    found: list[FieldConflict] = []
    for table in tables:
        names = [c for c in columns(conn, table) if c not in QUIET_FIELDS]
        differs = " OR ".join(f"f.[{c}] IS NOT b.[{c}]" for c in names)
        changed = conn.execute(
            f"SELECT f.fid FROM main.[{table}] f JOIN base.[{table}] b ON b.fid = f.fid WHERE {differs}"
        ).fetchall()
        for (fid,) in changed:
            mine, base = _found(conn, "main", table, fid), _found(conn, "base", table, fid)
            office = _by_fid(conn, "office", table, fid)
            for name in names:
                if mine[name] == base[name]:
                    continue
                if office is None or office[name] not in (base[name], mine[name]):
                    found.append(
                        FieldConflict(
                            table, mine["uuid"], name, office and office[name], mine[name]
                        )
                    )
                    conn.execute(
                        f"UPDATE main.[{table}] SET [{name}] = ? WHERE fid = ?", [base[name], fid]
                    )
    return found


def _office_changes(office: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """The fields the office changed since the package left, for a person to read."""
    return {
        k: (f"<{len(v)} bytes>" if isinstance(v, bytes) else v)
        for k, v in office.items()
        if k not in QUIET_FIELDS and base.get(k) != v
    }


def _office_added_under(
    conn: sqlite3.Connection, children: list[tuple[str, str]], uuid: str
) -> dict[str, int]:
    """{"+table": n} of the records the office added under `uuid` since the package left
    (a delete for good would take them with it)."""
    added = {}
    for child, column in children:
        (n,) = conn.execute(
            f"""SELECT count(*) FROM {source("office", child)} c WHERE c.[{column}] = ?
                AND NOT EXISTS (SELECT 1 FROM base.[{child}] x WHERE x.uuid = c.uuid)""",
            [uuid],
        ).fetchone()
        if n:
            added[f"+{child}"] = n
    return added


def keep_edited_records(conn: sqlite3.Connection, tables: list[str]) -> list[FieldConflict]:
    """Delete against edit, either way, becomes a conflict instead of a silent delete.

    - The field deleted a record for good that the office edited since (or
      added records under, which the delete would take along): it is put back
      in the field copy (so the office's record stays) and returned as a
      conflict on the whole record (field RECORD, office value = the office's
      changes as JSON, "+table": n for records added under it; field value None).
    - The field moved a record to the bin (deleted_at) that the office edited:
      the bin stamp goes back in the field copy; conflict on deleted_at.
    - The office moved a record to the bin that the field edited: the field's
      edits apply to it and it stays in the bin; conflict on deleted_at.
    """
    found: list[FieldConflict] = []
    children: dict[str, list[tuple[str, str]]] = {}
    for table in tables:
        for ref in references(conn, table):
            children.setdefault(ref.parent, []).append((table, ref.column))
    for table in tables:
        found += _put_back_edited(conn, table, children.get(table, []))
        names = [c for c in columns(conn, table) if c not in QUIET_FIELDS]
        if "deleted_at" in names:
            found += _bin_conflicts(conn, table, names)
    return found


def _put_back_edited(
    conn: sqlite3.Connection, table: str, children: list[tuple[str, str]]
) -> list[FieldConflict]:
    """Records the field deleted for good that the office edited (or added records under) since:
    put back in the field copy, each a conflict on the whole record."""
    found: list[FieldConflict] = []
    for (fid,) in conn.execute(
        f"""SELECT b.fid FROM base.[{table}] b JOIN {source("office", table)} o
              ON o.fid = b.fid AND o.uuid = b.uuid
            WHERE b.fid NOT IN (SELECT fid FROM main.[{table}])"""
    ).fetchall():
        base, office = _found(conn, "base", table, fid), _found(conn, "office", table, fid)
        changes = _office_changes(office, base)
        changes.update(_office_added_under(conn, children, base["uuid"]))
        if not changes:
            continue
        conn.execute(
            f"INSERT INTO main.[{table}] SELECT * FROM base.[{table}] WHERE fid = ?", [fid]
        )
        shown = json.dumps(changes, ensure_ascii=False, default=str)
        found.append(FieldConflict(table, base["uuid"], RECORD, shown, None))
    return found


def _bin_conflicts(conn: sqlite3.Connection, table: str, names: list[str]) -> list[FieldConflict]:
    """A record one side moved to the bin and the other edited: conflicts on deleted_at (the
    field's bin stamp taken back; the office's kept, the field's edits applied under it)."""
    office_edited = " OR ".join(f"o.[{c}] IS NOT b.[{c}]" for c in names if c != "deleted_at")
    field_edited = " OR ".join(f"f.[{c}] IS NOT b.[{c}]" for c in names if c != "deleted_at")
    joined = f"""FROM main.[{table}] f JOIN base.[{table}] b ON b.fid = f.fid
                 JOIN {source("office", table)} o ON o.fid = b.fid AND o.uuid = b.uuid
                 WHERE b.deleted_at IS NULL"""
    found: list[FieldConflict] = []
    for fid, uuid, stamp in conn.execute(
        f"""SELECT f.fid, f.uuid, f.deleted_at {joined}
            AND f.deleted_at IS NOT NULL AND o.deleted_at IS NULL AND ({office_edited})"""
    ).fetchall():
        conn.execute(f"UPDATE main.[{table}] SET deleted_at = NULL WHERE fid = ?", [fid])
        found.append(FieldConflict(table, uuid, "deleted_at", None, stamp))
    found += [
        FieldConflict(table, uuid, "deleted_at", stamp, None)
        for uuid, stamp in conn.execute(
            f"""SELECT f.uuid, o.deleted_at {joined}
                AND o.deleted_at IS NOT NULL AND f.deleted_at IS NULL AND ({field_edited})"""
        )
    ]
    return found


def build_office_view(conn: sqlite3.Connection, tables: list[str]) -> None:
    """Turn `conn`'s file (a copy of the package's base) into the office as pygeodiff's rebase must see it.

    The office holds every estate, the base only the exported ones; a diff of
    the whole office would be huge. The rebase needs: the base's records as the
    office has them now (edited or gone) and the rows the office added whose
    fids the field's new rows could take (every office row not in the base from
    the field's lowest new fid up, so the fids pygeodiff moves them to are free).
    `conn` has the field copy attached as `field` and the office as `office`.
    """
    for table in tables:
        cols = columns(conn, table)
        quoted = ", ".join(f"[{c}]" for c in cols)
        office = source("office", table)
        (lowest,) = conn.execute(
            f"SELECT min(fid) FROM field.[{table}] WHERE fid NOT IN (SELECT fid FROM main.[{table}])"
        ).fetchone()
        # Each base row looked up in the office by its fid: the cost of the package, not the office.
        conn.execute(
            f"""DELETE FROM main.[{table}]
                WHERE NOT EXISTS (SELECT 1 FROM {office} o WHERE o.fid = main.[{table}].fid)"""
        )
        differs = " OR ".join(f"b.[{c}] IS NOT o.[{c}]" for c in cols)
        conn.execute(
            f"""UPDATE main.[{table}] SET ({quoted}) =
                  (SELECT {quoted} FROM {office} o WHERE o.fid = main.[{table}].fid)
                WHERE fid IN (SELECT b.fid FROM main.[{table}] b
                              JOIN {office} o ON o.fid = b.fid WHERE {differs})"""
        )
        if lowest is not None:
            conn.execute(
                f"""INSERT INTO main.[{table}] ({quoted}) SELECT {quoted} FROM {office}
                    WHERE fid >= ? AND fid NOT IN (SELECT fid FROM main.[{table}])""",
                [lowest],
            )


def clashing_new_estates(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """(uuid, name, code, office's code for that uuid) of estates the field added under a code
    the office gives another estate.

    Both sides number new estates on their own; the same code with another name
    is two estates, not one (the same code and name is one: fold_twins folds it).
    The last item is set when an earlier merge of this copy brought the estate in.
    """
    return conn.execute(
        """SELECT f.uuid, f.name, f.code, (SELECT code FROM office.estates WHERE uuid = f.uuid)
           FROM main.estates f JOIN office.estates o ON o.code = f.code COLLATE NOCASE
           WHERE f.uuid NOT IN (SELECT uuid FROM base.estates)
             AND o.uuid != f.uuid AND o.name != f.name"""
    ).fetchall()


def estate_codes(conn: sqlite3.Connection) -> list[str]:
    """Every estate code in the field copy and the office."""
    return [
        r[0]
        for r in conn.execute("SELECT code FROM main.estates UNION SELECT code FROM office.estates")
    ]


def set_estate_code(conn: sqlite3.Connection, uuid: str, code: str) -> None:
    conn.execute("UPDATE main.estates SET code = ? WHERE uuid = ?", [code, uuid])
