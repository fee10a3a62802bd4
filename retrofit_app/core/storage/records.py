"""Insert, update, trash and restore rows by uuid, each change written to the audit log."""

from __future__ import annotations

import json
import sqlite3
from itertools import chain
from typing import TYPE_CHECKING, Any

from retrofit_app.core.clock import now_iso
from retrofit_app.core.errors import ErrorCode, RetrofitError
from retrofit_app.core.ids import UUID_SQL, new_uuid
from retrofit_app.core.privacy import (
    PERSONAL_NUMBERS,
    PERSONAL_NUMBERS_SQL,
    mask_personal,
    mask_values,
    mask_values_json,
)
from retrofit_app.core.storage import evidence_store
from retrofit_app.core.storage.queries import batches

if TYPE_CHECKING:
    from sqlite_utils import Database

# Values not worth an audit entry of their own (bulk bytes, derived fields).
_NOT_AUDITED = {"geom", "original", "thumbnail", "print", "updated_at", "created_at", "fid"}


def _audit_json(table: str, values: dict[str, Any]) -> str | None:
    """The audited fields of `values` as JSON, personal numbers masked (the log keeps no full ID)."""
    kept = {k: v for k, v in mask_values(table, values).items() if k not in _NOT_AUDITED}
    if "geom" in values:
        kept["geom"] = "changed" if values["geom"] is not None else None
    return json.dumps(kept, ensure_ascii=False, default=str) if kept else None


def write_audit(
    db: Database,
    user: str,
    action: str,
    table: str,
    record_uuid: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> None:
    """One audit entry; a change of an evidence record also goes into the evidence chain
    (storage/evidence_store.py), with the same time, as the row now is."""
    at = now_iso()
    db.execute(
        "INSERT INTO audit_log (uuid, at, user_name, action, table_name, record_uuid, old_values, new_values)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            new_uuid(),
            at,
            user,
            action,
            table,
            record_uuid,
            _audit_json(table, old) if old else None,
            _audit_json(table, new) if new else None,
        ],
    )
    evidence_store.enter_change(db, user, at, action, table, record_uuid)


def mask_audit_entries(conn: sqlite3.Connection) -> int:
    """Mask the personal numbers in the audit entries of `conn`'s main file; returns how many changed.

    For entries written before numbers were masked on write (schema 1), and copies
    of them: a migration, a field copy as it is made, a merge's scratch copies.
    """
    conn.create_function("retrofit_mask_json", 2, mask_values_json, deterministic=True)
    tables = sorted({table for table, _ in PERSONAL_NUMBERS})
    masked_old = "retrofit_mask_json(table_name, old_values)"
    masked_new = "retrofit_mask_json(table_name, new_values)"
    return conn.execute(
        f"""UPDATE main.audit_log SET old_values = {masked_old}, new_values = {masked_new}
            WHERE table_name IN ({", ".join("?" for _ in tables)})
              AND (old_values IS NOT {masked_old} OR new_values IS NOT {masked_new})""",
        tables,
    ).rowcount


def get_row(db: Database, table: str, uuid: str) -> dict[str, Any]:
    cursor = db.execute(f"SELECT * FROM [{table}] WHERE uuid = ?", [uuid])
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        raise RetrofitError(ErrorCode.NO_SUCH_RECORD)
    return dict(zip(names, row, strict=True))


def insert_row(
    db: Database, table: str, values: dict[str, Any], user: str, *, stamp: bool = True
) -> str:
    """Insert `values` (a uuid is made when missing); returns the uuid."""
    row = dict(values)
    row.setdefault("uuid", new_uuid())
    if stamp:
        now = now_iso()
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
    write_audit(db, user, "insert", table, row["uuid"], None, row)
    return row["uuid"]


def update_row(
    db: Database, table: str, uuid: str, changes: dict[str, Any], user: str, *, stamp: bool = True
) -> dict[str, Any]:
    """Write only the fields that differ; returns {field: old value} of what changed."""
    current = get_row(db, table, uuid)
    changed = {k: v for k, v in changes.items() if current.get(k) != v}
    if not changed:
        return {}
    old = {k: current.get(k) for k in changed}
    values = dict(changed)
    if stamp and "updated_at" in current:
        values["updated_at"] = now_iso()
    assignments = ", ".join(f"[{c}] = ?" for c in values)
    db.execute(f"UPDATE [{table}] SET {assignments} WHERE uuid = ?", [*values.values(), uuid])
    write_audit(db, user, "update", table, uuid, old, changed)
    return old


def trash_row(db: Database, table: str, uuid: str, user: str) -> None:
    current = get_row(db, table, uuid)
    if current.get("deleted_at"):
        return
    stamp = now_iso()
    db.execute(f"UPDATE [{table}] SET deleted_at = ? WHERE uuid = ?", [stamp, uuid])
    write_audit(db, user, "delete", table, uuid, {"deleted_at": None}, {"deleted_at": stamp})


def restore_row(db: Database, table: str, uuid: str, user: str) -> None:
    current = get_row(db, table, uuid)
    if not current.get("deleted_at"):
        return
    db.execute(f"UPDATE [{table}] SET deleted_at = NULL WHERE uuid = ?", [uuid])
    write_audit(
        db,
        user,
        "restore",
        table,
        uuid,
        {"deleted_at": current["deleted_at"]},
        {"deleted_at": None},
    )


def delete_row(db: Database, table: str, uuid: str, user: str) -> None:
    """Remove for good (used for link rows such as co-owners)."""
    current = get_row(db, table, uuid)
    db.execute(f"DELETE FROM [{table}] WHERE uuid = ?", [uuid])
    write_audit(db, user, "delete", table, uuid, current, None)


_ROWS_PER_INSERT = 500
_MAX_VARIABLES = 32766  # SQLite's default limit on ? parameters in one statement


_MASK_SQL = "retrofit_mask_personal"


def _register_mask(conn: sqlite3.Connection) -> None:
    """The mask as an SQL function, registered once per connection: registering it again makes
    SQLite expire every prepared statement (a bulk import's 500-row INSERTs were parsed anew)."""
    try:
        made = conn.execute(
            "SELECT 1 FROM pragma_function_list WHERE name = ? AND narg = 3", [_MASK_SQL]
        ).fetchone()
    except sqlite3.Error:  # an SQLite built without the introspection pragmas
        made = None
    if made is None:
        conn.create_function(_MASK_SQL, 3, mask_personal, deterministic=True)


def _masked_sql(table: str, column: str) -> str:
    """A personal number masked in SQL: a value of the usual shape by privacy's SQL twin of the
    mask, any other by the mask itself (the registered function)."""
    called = f"{_MASK_SQL}('{table}', '{column}', [{column}])"
    if (table, column) not in PERSONAL_NUMBERS_SQL:
        return called
    pattern, masked = PERSONAL_NUMBERS_SQL[table, column]
    return f"CASE WHEN [{column}] GLOB '{pattern}' THEN {masked.format(c=f'[{column}]')} ELSE {called} END"


def _audit_json_sql(db: Database, table: str, columns: tuple[str, ...]) -> str:
    """The SQL twin of _audit_json for one row of `columns`: json_object over the stored values.

    Reals come out with 15 significant digits (exact for areas in cents). A BLOB
    outside _NOT_AUDITED makes SQLite refuse the statement: such rows go through insert_row.
    Personal numbers go through privacy's masks, registered on `db` as an SQL function.
    """
    if any((table, c) in PERSONAL_NUMBERS for c in columns):
        _register_mask(db.conn)
    pairs = [
        f"'{c}', {_masked_sql(table, c)}" if (table, c) in PERSONAL_NUMBERS else f"'{c}', [{c}]"
        for c in columns
        if c not in _NOT_AUDITED
    ]
    if "geom" in columns:
        pairs.append("'geom', iif([geom] IS NULL, NULL, 'changed')")
    return f"json_object({', '.join(pairs)})" if pairs else "NULL"


def insert_rows(
    db: Database, table: str, rows: list[dict[str, Any]], user: str, *, stamp: bool = True
) -> list[str]:
    """Many insert_row calls at once (same rows, one audit entry each), for bulk imports.

    The rows go in a few hundred per INSERT; their audit entries are then made
    by one INSERT … SELECT over the rows just written (their fid is above the
    largest before: fid is AUTOINCREMENT and the write transaction holds the
    lock), so the values are encoded to JSON by SQLite rather than row by row in Python.
    """
    now = now_iso()
    # Rows with the same fields share one statement: fields given → (uuid to make?, stamps, columns, rows).
    plans: dict[tuple[str, ...], tuple[bool, tuple[str, ...], tuple[str, ...], list[tuple]]] = {}
    made: list[str] = []
    for values in rows:
        given = tuple(values)
        plan = plans.get(given)
        if plan is None:
            if "fid" in given:
                raise RetrofitError(ErrorCode.INVALID_VALUE, field="fid", value=values["fid"])
            stamps = tuple(c for c in ("created_at", "updated_at") if stamp and c not in given)
            make_uuid = "uuid" not in given
            columns = given + ("uuid",) * make_uuid + stamps
            plan = plans[given] = (make_uuid, (now,) * len(stamps), columns, [])
        make_uuid, stamped, _columns, group = plan
        # Tuples straight from the values: a dict copy per row is measurable in a 20,000-row import.
        if make_uuid:
            uuid = new_uuid()
            group.append((*values.values(), uuid, *stamped))
        else:
            uuid = values["uuid"]
            group.append((*values.values(), *stamped))
        made.append(uuid)
    for _make, _stamped, columns, group in plans.values():
        before = db.execute(f"SELECT max(fid) FROM [{table}]").fetchone()[0] or 0
        names = ", ".join(f"[{c}]" for c in columns)
        marks = "(" + ", ".join("?" for _ in columns) + ")"
        # Many rows per statement rather than executemany: SQLite then builds the lookup
        # tables of CHECK (… IN (…)) constraints once per statement, not once per row.
        per = max(1, min(_ROWS_PER_INSERT, _MAX_VARIABLES // len(columns)))
        for chunk in batches(group, per):
            db.execute(
                f"INSERT INTO [{table}] ({names}) VALUES {', '.join([marks] * len(chunk))}",
                list(chain.from_iterable(chunk)),
            )
        db.execute(
            "INSERT INTO audit_log (uuid, at, user_name, action, table_name, record_uuid, old_values, new_values)"
            f" SELECT {UUID_SQL}, ?, ?, 'insert', ?, uuid, NULL, {_audit_json_sql(db, table, columns)}"
            f" FROM [{table}] WHERE fid > ? ORDER BY fid",
            [now, user, table, before],
        )
        evidence_store.enter_inserted(db, user, now, table, before)
    return made
