"""`check --repair` for geometries: the repairs that are safe — Z/M dropped, an invalid polygon made valid by GEOS — in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely

from retrofit_app.core.geo.geometry_check import layer_name
from retrofit_app.core.geo.gpkg_geometry import (
    WGS84,
    GeometryError,
    as_dict,
    blob_srs_id,
    from_gpkg_shape,
    has_z_or_m,
    to_gpkg,
)
from retrofit_app.core.geo.layer_crs import as_layer_kind
from retrofit_app.core.geo.polygon_check import geos_problem
from retrofit_app.core.storage import geo_store
from retrofit_app.core.storage import integrity_queries as q
from retrofit_app.core.words import Msg

if TYPE_CHECKING:
    from retrofit_app.core.project import Project


def repaired(blob: bytes) -> tuple[bytes, str] | None:
    """The blob repaired and what was done (a catalogue id), or None when it needs no repair
    or has none that is safe (a curve, coordinates off the globe, another CRS: left to the user)."""
    try:
        geom = from_gpkg_shape(blob)
        srs_id = blob_srs_id(blob)
    except GeometryError:
        return None
    if geom is None or srs_id != WGS84:
        return None
    done = "repair.dropped_z" if has_z_or_m(blob) else ""
    if geom.geom_type in ("Polygon", "MultiPolygon") and geos_problem(geom):
        fixed = _valid_polygons(geom)
        if fixed is None:
            return None
        geom, done = fixed, "repair.made_valid"
    return (to_gpkg(as_dict(geom)), done) if done else None


def _valid_polygons(geom: shapely.Geometry) -> shapely.Geometry | None:
    """GEOS's make_valid, kept only when it gives valid polygons (lines and points it splits off dropped)."""
    fixed = shapely.make_valid(geom)
    parts = [
        p for p in getattr(fixed, "geoms", [fixed]) if p.geom_type in ("Polygon", "MultiPolygon")
    ]
    polygons = [q for p in parts for q in getattr(p, "geoms", [p])]
    if not polygons:
        return None
    result = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
    if not result.is_valid or result.area <= 0:
        return None
    return result


def repair_geometries(project: Project) -> list[Msg]:
    """Repair what is safe to repair, after a backup (only when there is something to repair);
    one sentence per feature repaired."""
    from retrofit_app.core.project_backups import backup_now

    with project.read():
        cells = list(q.geometry_cells(project.db))
    fixes = [(cell, fixed) for cell in cells if (fixed := repaired(cell[4])) is not None]
    if not fixes:
        return []
    backup_now(project, "before-repair")
    done: list[Msg] = []
    with project.write() as db:
        for (table, column, fid, name, _blob), (blob, what) in fixes:
            geo_store.set_geometry(db, table, column, fid, as_layer_kind(db, table, blob))
            done.append(
                Msg("check.geometry_repaired", layer=layer_name(table), name=name, what=Msg(what))
            )
    return done
