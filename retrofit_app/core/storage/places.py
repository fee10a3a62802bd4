"""Districts, streets and communities: found or made by name, with name-derived uuids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrofit_app.core.ids import place_uuid
from retrofit_app.core.storage.queries import scalar

if TYPE_CHECKING:
    from sqlite_utils import Database


def ensure_places(
    db: Database, district: str, street: str = "", community: str = ""
) -> tuple[str | None, str | None, str | None]:
    """The uuids of the named places, inserting those not yet in the file (inside the caller's transaction)."""
    district, street, community = district.strip(), street.strip(), community.strip()
    if not district:
        return None, None, None
    d_uuid = place_uuid(district)
    _ensure(db, "districts", {"uuid": d_uuid, "name": district})
    if not street:
        return d_uuid, None, None
    s_uuid = place_uuid(district, street)
    _ensure(db, "streets", {"uuid": s_uuid, "district_uuid": d_uuid, "name": street})
    if not community:
        return d_uuid, s_uuid, None
    c_uuid = place_uuid(district, street, community)
    _ensure(db, "communities", {"uuid": c_uuid, "street_uuid": s_uuid, "name": community})
    return d_uuid, s_uuid, c_uuid


def _ensure(db: Database, table: str, row: dict[str, str]) -> None:
    if scalar(db, f"SELECT 1 FROM {table} WHERE uuid = ?", [row["uuid"]]) is None:
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
