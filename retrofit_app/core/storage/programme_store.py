"""The programme's tables (plan, funds, contracts, works, elevators, management, meetings, targets): read and write, each change audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage.queries import rows
from retrofit_app.core.storage.records import delete_row, get_row, insert_row, update_row

if TYPE_CHECKING:
    from sqlite_utils import Database

# Tables with one row per estate at most, and those with many (listed oldest first).
ONE_PER_ESTATE = ("estate_plans", "estate_management")
MANY_PER_ESTATE = ("estate_funds", "estate_contracts", "estate_works", "elevators",
                   "governance_meetings")  # fmt: skip
TABLES = (*ONE_PER_ESTATE, *MANY_PER_ESTATE, "elevator_cost_shares", "plan_targets")
_ORDER = {
    "estate_funds": "recorded_on, fid",
    "estate_contracts": "signed_on, fid",
    "estate_works": "fid",
    "elevators": "fid",
    "governance_meetings": "held_on, fid",
}


def _table(table: str) -> str:
    if table not in TABLES:  # names go into SQL text: only ours
        raise ValueError(table)
    return table


def estate_rows(db: Database, table: str, estate_uuid: str) -> list[dict[str, Any]]:
    """The estate's rows of `table`, in the order a sheet lists them."""
    order = _ORDER.get(table, "fid")
    return rows(
        db, f"SELECT * FROM [{_table(table)}] WHERE estate_uuid = ? ORDER BY {order}", [estate_uuid]
    )


def all_rows(db: Database, table: str) -> list[dict[str, Any]]:
    return rows(db, f"SELECT * FROM [{_table(table)}] ORDER BY fid")


def row(db: Database, table: str, uuid: str) -> dict[str, Any]:
    return get_row(db, _table(table), uuid)


def add(db: Database, table: str, values: dict[str, Any], user: str) -> str:
    return insert_row(db, _table(table), values, user)


def change(db: Database, table: str, uuid: str, changes: dict[str, Any], user: str) -> None:
    update_row(db, _table(table), uuid, changes, user)


def remove(db: Database, table: str, uuid: str, user: str) -> None:
    """Remove for good; the audit log keeps what it held (cost shares go with their elevator)."""
    if table == "elevators":
        for share in share_rows(db, uuid):
            delete_row(db, "elevator_cost_shares", share["uuid"], user)
    delete_row(db, _table(table), uuid, user)


def share_rows(db: Database, elevator_uuid: str) -> list[dict[str, Any]]:
    return rows(
        db,
        "SELECT * FROM elevator_cost_shares WHERE elevator_uuid = ? ORDER BY floor",
        [elevator_uuid],
    )


def target_row(
    db: Database, district_uuid: str | None, period: str, measure: str
) -> dict[str, Any] | None:
    found = rows(
        db,
        "SELECT * FROM plan_targets WHERE district_uuid IS ? AND period = ? AND measure = ?",
        [district_uuid, period, measure],
    )
    return found[0] if found else None


def target_rows(db: Database) -> list[dict[str, Any]]:
    return rows(db, "SELECT * FROM plan_targets ORDER BY period, district_uuid, measure, fid")


def district_rows(db: Database) -> list[dict[str, Any]]:
    return rows(db, "SELECT uuid, name FROM districts ORDER BY fid")


def estate_size(db: Database, estate_uuid: str) -> tuple[int, int, int]:
    """(buildings, households, highest storeys) of the estate, for plans drawn up from it."""
    found = db.execute(
        """SELECT count(DISTINCT b.uuid), count(h.uuid), coalesce(max(b.storeys), 0)
           FROM buildings b LEFT JOIN units u ON u.building_uuid = b.uuid AND u.deleted_at IS NULL
           LEFT JOIN households h ON h.unit_uuid = u.uuid AND h.deleted_at IS NULL
           WHERE b.estate_uuid = ? AND b.deleted_at IS NULL""",
        [estate_uuid],
    ).fetchone()
    return int(found[0]), int(found[1]), int(found[2])
