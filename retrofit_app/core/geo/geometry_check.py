"""What `check` says about stored geometries: unreadable or undrawable (a curve, an unknown CRS), invalid by GEOS's rules, off the globe."""

from __future__ import annotations

import math
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


# A building or a boundary this far from its estate's point is in the wrong place (a CRS or a
# datum mistake, a feature moved by hand): old estates span a few hundred metres.
FAR_KM = 5.0


def far_from_their_estates(rows: Iterable[dict[str, Any]]) -> list[Found]:
    """Buildings and boundaries more than FAR_KM from their estate's point, each named."""
    found: list[Found] = []
    for row in rows:
        part, spot = _readable(row["geom"]), _readable(row["spot"])
        if part is None or spot is None or spot.geom_type != "Point":
            continue  # unreadable ones are named by geometry_problems
        centre = part.representative_point()
        km = _km(spot.x, spot.y, centre.x, centre.y)
        if km > FAR_KM:
            values = {
                "layer": layer_name(row["layer"]),
                "name": row["name"],
                "estate": row["estate"],
            }
            found.append(("far_from_estate", {**values, "km": round(km, 1)}))
    return found


def _readable(blob: bytes) -> shapely.Geometry | None:
    try:
        return from_gpkg_shape(blob)
    except GeometryError:
        return None


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance on a 6,371 km sphere (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
