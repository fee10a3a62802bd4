"""Records another program deleted for good (QGIS, ogr2ogr, sqlite3: foreign keys not enforced)
whose dependants are left pointing at nothing, and how they are put back: in the trash.

The program itself never deletes an estate, building, unit, household, opinion or photo:
it moves them to the trash, with what hangs on them. A hard delete elsewhere leaves rows
that `check` lists one by one. The safe repair is the program's own: the record comes back
in the trash, its fields as the audit log last wrote them (its geometry, never logged, stays
empty), so nothing is lost and the user can restore it, or leave it in the trash.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from retrofit_app.core.clock import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# The tables whose records go to the trash (a deleted_at column) and can be put back there.
TRASHABLE = ("estates", "buildings", "units", "households", "opinions", "photos")
# Columns the audit log may lack that a placeholder can stand for: named after the uuid.
_PLACEHOLDER_COLUMNS = ("name", "code")


@dataclass
class Missing:
    """A record deleted elsewhere that rows still point at."""

    table: str
    uuid: str
    dependants: dict[str, int] = field(default_factory=dict)  # table -> rows pointing at it
    values: dict[str, Any] = field(default_factory=dict)  # its fields as the audit log has them

    @property
    def name(self) -> str:
        return str(self.values.get("name") or self.values.get("code") or self.uuid[:8])


def missing_parents(db: Database) -> list[Missing]:
    """Trashable records other rows point at that are gone, in the order first met."""
    found: dict[tuple[str, str], Missing] = {}
    for child, rowid, parent, fkid in db.execute("PRAGMA foreign_key_check").fetchall():
        if parent not in TRASHABLE:
            continue
        links = db.execute(f"PRAGMA foreign_key_list([{child}])").fetchall()
        column, target = next((r[3], r[4]) for r in links if r[0] == fkid)
        if target != "uuid":
            continue
        key = db.execute(f"SELECT [{column}] FROM [{child}] WHERE rowid = ?", [rowid]).fetchone()
        if key is None or key[0] is None:
            continue
        missing = found.setdefault((parent, key[0]), Missing(parent, key[0]))
        missing.dependants[child] = missing.dependants.get(child, 0) + 1
    for missing in found.values():
        missing.values = _as_logged(db, missing.table, missing.uuid)
    return list(found.values())


def _as_logged(db: Database, table: str, uuid: str) -> dict[str, Any]:
    """The record's fields as its audit entries wrote them, oldest first (geometry excluded)."""
    values: dict[str, Any] = {}
    for (new,) in db.execute(
        "SELECT new_values FROM audit_log WHERE table_name = ? AND record_uuid = ? ORDER BY fid",
        [table, uuid],
    ).fetchall():
        if new:
            values.update(json.loads(new))
    values.pop("geom", None)
    return values


def put_back_in_trash(db: Database, missing: Missing) -> dict[str, Any] | None:
    """Insert `missing` again, in the trash; the row written, or None when a required field
    is known neither to the audit log nor as a placeholder (the rows stay listed by `check`)."""
    columns = {r[1]: r for r in db.execute(f"PRAGMA table_info([{missing.table}])").fetchall()}
    now = now_iso()
    row = {k: v for k, v in missing.values.items() if k in columns}
    row.update(uuid=missing.uuid, deleted_at=now)
    for stamp in ("created_at", "updated_at"):
        row.setdefault(stamp, now)
    for name in _PLACEHOLDER_COLUMNS:
        if name in columns and columns[name][3] and row.get(name) is None:
            row[name] = missing.uuid[:8]
    required = [c for c, info in columns.items() if info[3] and info[4] is None and c != "fid"]
    if any(row.get(c) is None for c in required):
        return None
    names = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    try:
        db.execute(f"INSERT INTO [{missing.table}] ({names}) VALUES ({marks})", list(row.values()))
    except sqlite3.IntegrityError:  # a code or sha256 another record took since: left as it is
        return None
    return row
