"""SQL for the map, GeoJSON import and exports: estate matching, layer rows, photo points, per-estate counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrofit_app.core.storage.queries import rows, scalar

if TYPE_CHECKING:
    from sqlite_utils import Database


def estate_matches(db: Database, code: str, name: str) -> list[str]:
    """Uuids of live estates with this code (or uuid, as a copied buildings layer names them), else
    with exactly this name (several means ambiguous)."""
    if code:
        found = rows(
            db,
            "SELECT uuid FROM estates WHERE deleted_at IS NULL"
            " AND (code = ? COLLATE NOCASE OR uuid = ?)",
            [code, code],
        )
        if found:
            return [r["uuid"] for r in found]
    if not name:
        return []
    return [
        r["uuid"]
        for r in rows(db, "SELECT uuid FROM estates WHERE deleted_at IS NULL AND name = ?", [name])
    ]


def building_named(db: Database, estate_uuid: str, name: str) -> str | None:
    return scalar(
        db,
        "SELECT uuid FROM buildings WHERE estate_uuid = ? AND name = ? AND deleted_at IS NULL",
        [estate_uuid, name],
    )


def estate_layer(db: Database) -> list[dict[str, Any]]:
    """What the map draws of each live estate: point and boundary blobs, code, name, stage."""
    return rows(
        db,
        """SELECT e.uuid, e.code, e.name, e.stage, e.geom, b.geom AS boundary
           FROM estates e LEFT JOIN estate_boundaries b ON b.estate_uuid = e.uuid
           WHERE e.deleted_at IS NULL ORDER BY e.code""",
    )


def building_layer(db: Database) -> list[dict[str, Any]]:
    """Live buildings of live estates, with their estate's code and name."""
    return rows(
        db,
        """SELECT b.uuid, b.estate_uuid, b.name, b.storeys, b.year_built, b.structure, b.safety_grade,
                  b.geom, e.code AS estate_code, e.name AS estate_name
           FROM buildings b JOIN estates e ON e.uuid = b.estate_uuid
           WHERE b.deleted_at IS NULL AND e.deleted_at IS NULL
           ORDER BY e.code, length(b.name), b.name""",
    )


def photo_points(db: Database) -> list[dict[str, Any]]:
    """Live photos that have a location (a point geometry or EXIF lon/lat)."""
    return rows(
        db,
        """SELECT p.uuid, p.estate_uuid, p.building_uuid, p.geom, p.lon, p.lat, p.stage_tag, p.caption,
                  p.file_name, p.taken_at, e.code AS estate_code, e.name AS estate_name
           FROM photos p JOIN estates e ON e.uuid = p.estate_uuid
           WHERE p.deleted_at IS NULL AND e.deleted_at IS NULL
             AND (p.geom IS NOT NULL OR (p.lon IS NOT NULL AND p.lat IS NOT NULL))
           ORDER BY e.code, p.taken_at""",
    )


def estate_counts(db: Database) -> dict[str, dict[str, int]]:
    """Per live estate uuid: live buildings, units, households and photos."""
    found = rows(
        db,
        """SELECT e.uuid,
             (SELECT count(*) FROM buildings b WHERE b.estate_uuid = e.uuid AND b.deleted_at IS NULL) AS buildings,
             (SELECT count(*) FROM units u JOIN buildings b ON b.uuid = u.building_uuid
               WHERE b.estate_uuid = e.uuid AND u.deleted_at IS NULL AND b.deleted_at IS NULL) AS units,
             (SELECT count(*) FROM households h JOIN units u ON u.uuid = h.unit_uuid
               JOIN buildings b ON b.uuid = u.building_uuid
               WHERE b.estate_uuid = e.uuid AND h.deleted_at IS NULL AND u.deleted_at IS NULL
                 AND b.deleted_at IS NULL) AS households,
             (SELECT count(*) FROM photos p WHERE p.estate_uuid = e.uuid AND p.deleted_at IS NULL) AS photos
           FROM estates e WHERE e.deleted_at IS NULL""",
    )
    return {r.pop("uuid"): r for r in found}


def unit_buildings(db: Database, estate_uuid: str) -> dict[str, str]:
    """Live unit uuid -> building uuid within one estate."""
    found = rows(
        db,
        """SELECT u.uuid, u.building_uuid FROM units u JOIN buildings b ON b.uuid = u.building_uuid
           WHERE b.estate_uuid = ? AND u.deleted_at IS NULL AND b.deleted_at IS NULL""",
        [estate_uuid],
    )
    return {r["uuid"]: r["building_uuid"] for r in found}


def set_geometry(db: Database, table: str, column: str, fid: int, blob: bytes) -> None:
    """`check --repair`: one feature's geometry replaced (table and column from gpkg_geometry_columns)."""
    db.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE fid = ?", [blob, fid])


def layer_column(db: Database, table: str) -> tuple[int | None, str]:
    """The srs_id and geometry type gpkg_geometry_columns gives a layer (4326 and e.g.
    "MULTIPOLYGON" in our own files); (None, "") for a table that is not a layer."""
    found = rows(
        db,
        "SELECT srs_id, geometry_type_name FROM gpkg_geometry_columns WHERE table_name = ?",
        [table],
    )
    if not found:
        return None, ""
    srs_id, kind = found[0]["srs_id"], str(found[0]["geometry_type_name"] or "")
    return (int(srs_id) if srs_id is not None else None), kind.upper()
