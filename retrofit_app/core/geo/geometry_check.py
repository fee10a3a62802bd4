"""What `check` says about stored geometries: unreadable or undrawable (a curve, an unknown CRS), invalid by GEOS's rules, off the globe, far from their estate or district."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely

from retrofit_app.core.geo.gpkg_geometry import (
    GeometryError,
    drawable,
    from_gpkg_shape,
    read_many,
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
        km = float(_km(spot.x, spot.y, centre.x, centre.y))
        if km > FAR_KM:
            values = {
                "layer": layer_name(row["layer"]),
                "name": row["name"],
                "estate": row["estate"],
            }
            found.append(("far_from_estate", {**values, "km": round(km, 1)}))
    return found


# No district outlines are shipped (nor kept in a project), so a district's extent is taken
# from the project's own estates in it: an estate point this far from every other estate of
# its district is outside the district (a slip of a degree, another city's or another
# district's place, a point moved in QGIS). Nanjing's suburban districts put old estates in
# towns 10-15 km apart; a slip of 0.2 degrees is over 20 km.
DISTRICT_KM = 20.0
DISTRICT_OTHERS = 2  # other estates of the district with a point, needed to judge one
_KM_PER_DEGREE = 6371.0 * math.pi / 180


def far_outside_their_districts(rows: Iterable[dict[str, Any]]) -> list[Found]:
    """Estate points more than DISTRICT_KM from the nearest other estate of their district
    (districts with at least DISTRICT_OTHERS + 1 estate points), each named."""
    rows = list(rows)
    by_district: dict[str, list[tuple[str, float, float]]] = {}
    for row, spot in zip(rows, read_many([row["geom"] for row in rows]), strict=True):
        if not isinstance(spot, dict) or spot["type"] != "Point":
            continue  # unreadable or off the globe: named by geometry_problems
        lon, lat = spot["coordinates"]
        by_district.setdefault(row["district"], []).append((row["name"], lon, lat))
    found: list[Found] = []
    for district, estates in by_district.items():
        if len(estates) <= DISTRICT_OTHERS:
            continue
        for (name, _, _), km in zip(estates, _nearest_other_km(estates), strict=True):
            if km > DISTRICT_KM:
                values = {"name": name, "district": district, "km": round(km, 1)}
                found.append(("far_from_district", values))
    return found


def _nearest_other_km(points: list[tuple[str, float, float]]) -> list[float]:
    """Each point's distance to the nearest other one: GEOS's tree on a local equirectangular
    plane (km), then the great-circle distance to the neighbour it finds (O(n log n))."""
    lon = np.array([p[1] for p in points])
    lat = np.array([p[2] for p in points])
    scale = math.cos(math.radians(statistics.median(lat.tolist())))  # np.median imports numpy.ma
    plane = shapely.points(lon * scale * _KM_PER_DEGREE, lat * _KM_PER_DEGREE)
    mine, theirs = shapely.STRtree(plane).query_nearest(plane, exclusive=True, all_matches=False)
    # exclusive leaves out every point equal to the one asked about: a twin is 0 km away
    twins = Counter(zip(lon.tolist(), lat.tolist(), strict=True))
    nearest = np.array([0.0 if twins[(x, y)] > 1 else math.inf
                        for x, y in zip(lon.tolist(), lat.tolist(), strict=True)])  # fmt: skip
    km = _km(lon[mine], lat[mine], lon[theirs], lat[theirs])
    np.minimum.at(nearest, mine, km)
    return nearest.tolist()


def _km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> Any:
    """Great-circle distance on a 6,371 km sphere (haversine), of numbers or of arrays."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _readable(blob: bytes) -> shapely.Geometry | None:
    try:
        return from_gpkg_shape(blob)
    except GeometryError:
        return None
