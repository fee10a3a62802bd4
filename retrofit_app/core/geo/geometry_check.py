"""What `check` says about stored geometries: unreadable or undrawable (a curve, an unknown CRS), invalid by GEOS's rules, off the globe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import shapely

from retrofit_app.core.geo.gpkg_geometry import (
    GeometryError,
    drawable,
    from_gpkg_shape,
)
from retrofit_app.core.geo.polygon_check import PROBLEM_LABELS, geos_problem
from retrofit_app.core.words import Msg

# Our layers by table; another program's layer is named by its table.
LAYER_LABELS = {
    "estates": "layer.estates",
    "estate_boundaries": "layer.boundaries",
    "buildings": "layer.buildings",
    "photos": "layer.photos",
}

Found = tuple[str, dict[str, Any]]  # (problem code of integrity's table, the sentence's values)


def layer_name(table: str) -> str:
    label = LAYER_LABELS.get(table)
    return Msg(label) if label else table


def geometry_problems(features: Iterable[tuple[str, int, str, bytes]]) -> list[Found]:
    """For each (table, fid, name, blob): what is wrong with it, if anything."""
    found: list[Found] = []
    for table, _fid, name, blob in features:
        problem = _problem(blob)
        if problem:
            code, values = problem
            found.append((code, {"layer": layer_name(table), "name": name, **values}))
    return found


def _problem(blob: bytes) -> Found | None:
    try:
        geom = from_gpkg_shape(blob)
        if geom is None:
            return None
        drawable(geom)
    except GeometryError as error:
        return "unreadable_geometry", {"reason": error.reason}
    outside = _off_the_globe(geom)
    if outside:
        return "out_of_range_geometry", {"x": outside[0], "y": outside[1]}
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        invalid = geos_problem(geom)
        if invalid:
            problem, reason = invalid
            label = PROBLEM_LABELS.get(problem, "skip.invalid")
            return "invalid_geometry", {"reason": Msg(label, detail=reason, limit="", kind="")}
    return None


def _off_the_globe(geom: shapely.Geometry) -> tuple[float, float] | None:
    """The first position outside -180..180 / -90..90 (metres taken for degrees), if any."""
    xy = shapely.get_coordinates(geom)
    bad = (abs(xy[:, 0]) > 180) | (abs(xy[:, 1]) > 90)
    if not bad.any():
        return None
    x, y = xy[bad][0]
    return round(float(x), 6), round(float(y), 6)
