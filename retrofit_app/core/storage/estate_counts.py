"""Read query: how many live buildings, units and households one estate has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrofit_app.core.storage.queries import rows

if TYPE_CHECKING:
    from sqlite_utils import Database


def estate_counts(db: Database, estate_uuid: str) -> dict[str, int]:
    return rows(
        db,
        """
        SELECT
          (SELECT count(*) FROM buildings b
             WHERE b.estate_uuid = ?1 AND b.deleted_at IS NULL) AS buildings,
          (SELECT count(*) FROM units u JOIN buildings b ON b.uuid = u.building_uuid
             WHERE b.estate_uuid = ?1 AND u.deleted_at IS NULL AND b.deleted_at IS NULL) AS units,
          (SELECT count(*) FROM households h JOIN units u ON u.uuid = h.unit_uuid
             JOIN buildings b ON b.uuid = u.building_uuid
             WHERE b.estate_uuid = ?1 AND h.deleted_at IS NULL AND u.deleted_at IS NULL
               AND b.deleted_at IS NULL) AS households
        """,
        [estate_uuid],
    )[0]
