"""Where a record sits (estate → building → unit → room, its owners) and the audit entries that
changed it: what a person needs to recognise a merge conflict."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage.queries import rows

if TYPE_CHECKING:
    from sqlite_utils import Database

# Walking up: the column that leads from a row to its parent, in the order tried.
_UP = ("household_uuid", "unit_uuid", "building_uuid", "checklist_uuid", "estate_uuid")
_PARENT_TABLE = {
    "household_uuid": "households",
    "unit_uuid": "units",
    "building_uuid": "buildings",
    "checklist_uuid": "checklists",
    "estate_uuid": "estates",
}


def _row(db: Database, table: str, uuid: str) -> dict[str, Any] | None:
    found = rows(db, f"SELECT * FROM [{table}] WHERE uuid = ?", [uuid])
    if found:
        return found[0]
    # A record deleted for good: what it was is in its last audit entry.
    gone = rows(
        db,
        """SELECT old_values FROM audit_log WHERE record_uuid = ? AND action = 'delete'
           ORDER BY fid DESC LIMIT 1""",
        [uuid],
    )
    return json.loads(gone[0]["old_values"]) if gone and gone[0]["old_values"] else None


def _scoped(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A checklist's target or a consultation's scope as the column it stands for (unit_uuid…)."""
    if row is None:
        return None
    for kind, uuid in (("target_kind", "target_uuid"), ("scope_kind", "scope_uuid")):
        if row.get(kind) and row.get(uuid):
            return {**row, f"{row[kind]}_uuid": row[uuid]}
    return row


def record_place(db: Database, table: str, uuid: str) -> dict[str, Any]:
    """{estate, estate_code, building, unit, room, owners, household_uuid} as far as they apply."""
    place: dict[str, Any] = {}
    row = _row(db, table, uuid)
    if table == "owners" and row is not None:
        place["owners"] = [row["name"]]
        link = rows(db, "SELECT household_uuid FROM household_owners WHERE owner_uuid = ? LIMIT 1",
                    [uuid])  # fmt: skip
        row = {"household_uuid": link[0]["household_uuid"]} if link else None
    row = _scoped(row)
    current = table
    for _ in range(8):  # household → unit → building → estate at most
        if row is None or _noted(place, current, row):
            break
        column = next((c for c in _UP if row.get(c) and c != f"{current[:-1]}_uuid"), None)
        if column is None:
            break
        current = _PARENT_TABLE[column]
        row = _scoped(_row(db, current, row[column]))
    if "household_uuid" in place and "owners" not in place:
        place["owners"] = _owner_names(db, place["household_uuid"])
    return place


def _noted(place: dict[str, Any], table: str, row: dict[str, Any]) -> bool:
    """What `row` of `table` says of the place, put in `place`; True at the top, the estate."""
    if table == "households":
        place["room"], place["household_uuid"] = row["room"], row["uuid"]
    elif table == "units":
        place["unit"] = row["name"]
    elif table == "buildings":
        place["building"] = row["name"]
    elif table == "estates":
        place["estate"], place["estate_code"] = row["name"], row["code"]
        return True
    return False


def _owner_names(db: Database, household_uuid: str) -> list[str]:
    found = rows(
        db,
        """SELECT o.name FROM household_owners ho JOIN owners o ON o.uuid = ho.owner_uuid
           WHERE ho.household_uuid = ? ORDER BY o.name""",
        [household_uuid],
    )
    return [r["name"] for r in found]


def record_changes(db: Database, uuid: str) -> list[dict[str, Any]]:
    """The record's audit entries, in the order they were made (`at`, then entry)."""
    return rows(
        db,
        """SELECT at, user_name, action, new_values FROM audit_log WHERE record_uuid = ?
           ORDER BY at, fid""",
        [uuid],
    )


def answer_item(db: Database, answer_uuid: str) -> tuple[str, str] | None:
    """(template uuid, item id) of a checklist answer, to read its value in the item's words."""
    found = rows(
        db,
        """SELECT c.template_uuid, a.item_id FROM checklist_answers a
           JOIN checklists c ON c.uuid = a.checklist_uuid WHERE a.uuid = ?""",
        [answer_uuid],
    )
    return (found[0]["template_uuid"], found[0]["item_id"]) if found else None
