"""Is a geometry drawable and valid: positions that are numbers, closed rings, lon/lat in range, then GEOS's rules (shapely).

GEOS decides validity, as QGIS and GDAL do: a repeated consecutive vertex is not a
self-intersection; a hole outside its shell, overlapping holes, and overlapping parts of a
MultiPolygon are invalid. GEOS's check is O(n log n), so a 20,000-vertex ring takes
milliseconds.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

import shapely

from retrofit_app.core.words import N_


class GeometryProblem(StrEnum):
    UNSUPPORTED = "unsupported"
    TOO_FEW_POINTS = "too_few_points"
    NOT_CLOSED = "not_closed"
    OUT_OF_RANGE = "out_of_range"
    SELF_INTERSECTION = "self_intersection"
    BAD_COORDINATES = "bad_coordinates"
    HOLE_OUTSIDE = "hole_outside"
    HOLES_OVERLAP = "holes_overlap"
    PARTS_OVERLAP = "parts_overlap"
    DISCONNECTED = "disconnected"
    INVALID = "invalid"


# What the front ends say about each problem: catalogue ids.
PROBLEM_LABELS: dict[str, str] = {
    GeometryProblem.UNSUPPORTED: N_("skip.unsupported"),
    GeometryProblem.TOO_FEW_POINTS: N_("skip.too_few_points"),
    GeometryProblem.NOT_CLOSED: N_("skip.not_closed"),
    GeometryProblem.OUT_OF_RANGE: N_("skip.out_of_range"),
    GeometryProblem.SELF_INTERSECTION: N_("skip.self_intersection"),
    GeometryProblem.BAD_COORDINATES: N_("skip.bad_coordinates"),
    GeometryProblem.HOLE_OUTSIDE: N_("skip.hole_outside"),
    GeometryProblem.HOLES_OVERLAP: N_("skip.holes_overlap"),
    GeometryProblem.PARTS_OVERLAP: N_("skip.parts_overlap"),
    GeometryProblem.DISCONNECTED: N_("skip.disconnected"),
    GeometryProblem.INVALID: N_("skip.invalid"),
}

# GEOS's reason (the words before "[x y]") -> our problem; anything else is INVALID.
_GEOS_REASONS = {
    "Self-intersection": GeometryProblem.SELF_INTERSECTION,
    "Ring Self-intersection": GeometryProblem.SELF_INTERSECTION,
    "Hole lies outside shell": GeometryProblem.HOLE_OUTSIDE,
    "Nested holes": GeometryProblem.HOLES_OVERLAP,
    "Holes are nested": GeometryProblem.HOLES_OVERLAP,
    "Nested shells": GeometryProblem.PARTS_OVERLAP,
    "Interior is disconnected": GeometryProblem.DISCONNECTED,
    "Too few points": GeometryProblem.TOO_FEW_POINTS,
    "Invalid Coordinate": GeometryProblem.BAD_COORDINATES,
    "Ring is not closed": GeometryProblem.NOT_CLOSED,
}


def geos_problem(geom: shapely.Geometry) -> tuple[GeometryProblem, str] | None:
    """None when GEOS calls `geom` valid; else our problem and GEOS's own reason (with where)."""
    if shapely.is_valid(geom):
        return None
    reason = shapely.is_valid_reason(geom)
    head = reason.split("[", 1)[0].strip()
    problem = _GEOS_REASONS.get(head, GeometryProblem.INVALID)
    # Two parts crossing read as a self-intersection of the whole; say which it is.
    if (
        problem == GeometryProblem.SELF_INTERSECTION
        and geom.geom_type == "MultiPolygon"
        and all(shapely.is_valid(part) for part in geom.geoms)
    ):
        problem = GeometryProblem.PARTS_OVERLAP
    if problem == GeometryProblem.SELF_INTERSECTION and _holes_cross(geom):
        problem = GeometryProblem.HOLES_OVERLAP
    return problem, reason


def _holes_cross(geom: shapely.Geometry) -> bool:
    """Does a polygon whose rings are each simple fail because two of its holes overlap?"""
    polygons = list(getattr(geom, "geoms", [geom]))
    for polygon in polygons:
        holes = [shapely.Polygon(h) for h in getattr(polygon, "interiors", [])]
        if len(holes) < 2 or not polygon.exterior.is_simple:
            continue
        if all(h.is_valid for h in holes) and shapely.Polygon(polygon.exterior).is_valid:
            tree = shapely.STRtree(holes)
            pairs = tree.query(holes, predicate="overlaps")
            if pairs.size:
                return True
    return False


def _number(value: Any) -> bool:
    """A finite JSON number: not text ("118.8"), not true/false, not NaN."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _points(raw: Any) -> list[tuple[float, float]] | None:
    """The (x, y) of each position, or None when a position is not at least two numbers."""
    if not isinstance(raw, list | tuple):
        return None
    points = []
    for p in raw:
        if not isinstance(p, list | tuple) or len(p) < 2 or not (_number(p[0]) and _number(p[1])):
            return None
        points.append((float(p[0]), float(p[1])))
    return points


def _ring_problem(raw: Any, lon_lat: bool) -> GeometryProblem | None:
    """What is wrong with one ring before GEOS looks at the polygon."""
    ring = _points(raw)
    if ring is None:
        return GeometryProblem.BAD_COORDINATES
    if len(ring) < 4:
        return GeometryProblem.TOO_FEW_POINTS
    if ring[0] != ring[-1]:
        return GeometryProblem.NOT_CLOSED
    if lon_lat and any(not (-180 <= x <= 180 and -90 <= y <= 90) for x, y in ring):
        return GeometryProblem.OUT_OF_RANGE
    if len(set(ring[:-1])) < 3:
        return GeometryProblem.TOO_FEW_POINTS
    return None


def check_ring(raw: Any, *, lon_lat: bool = True) -> GeometryProblem | None:
    """One ring as a polygon's outline (the map's drawing tool checks what is drawn)."""
    problem = _ring_problem(raw, lon_lat)
    if problem:
        return problem
    found = geos_problem(shapely.Polygon(_points(raw)))
    return found[0] if found else None


def ring_self_intersects(ring: list[tuple[float, float]]) -> bool:
    """Does a closed ring cross or touch itself (GEOS's rule: a repeated vertex does not)?"""
    return check_ring(list(ring), lon_lat=False) is not None


def check_geometry(geometry: Any) -> GeometryProblem | None:
    """None when `geometry` (a GeoJSON-style dict, 2D) is a valid Point, Polygon or MultiPolygon."""
    found = check_geometry_reason(geometry)
    return found[0] if found else None


def check_geometry_reason(geometry: Any) -> tuple[GeometryProblem, str] | None:
    """Like check_geometry, with GEOS's reason when GEOS found the problem (else "")."""
    if not isinstance(geometry, dict):
        return GeometryProblem.UNSUPPORTED, ""
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        problem = _check_point(coords)
        return (problem, "") if problem else None
    if kind not in ("Polygon", "MultiPolygon"):
        return GeometryProblem.UNSUPPORTED, ""
    polygons: Any = [coords] if kind == "Polygon" else coords
    problem = _check_rings(polygons)
    if problem:
        return problem, ""
    shape = shapely.Polygon(polygons[0][0], polygons[0][1:])
    if kind == "MultiPolygon":
        shape = shapely.MultiPolygon([shapely.Polygon(p[0], p[1:]) for p in polygons])
    return geos_problem(shape)


def _check_point(coords: Any) -> GeometryProblem | None:
    pts = _points([coords]) if isinstance(coords, list | tuple) else None
    if not pts:
        return GeometryProblem.BAD_COORDINATES
    x, y = pts[0]
    return None if -180 <= x <= 180 and -90 <= y <= 90 else GeometryProblem.OUT_OF_RANGE


def _check_rings(polygons: Any) -> GeometryProblem | None:
    if not isinstance(polygons, list) or not polygons:
        return GeometryProblem.BAD_COORDINATES
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return GeometryProblem.BAD_COORDINATES
        for ring in polygon:
            problem = _ring_problem(ring, True)
            if problem:
                return problem
    return None
